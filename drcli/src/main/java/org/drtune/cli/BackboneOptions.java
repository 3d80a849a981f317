package org.drtune.cli;

import java.nio.file.Path;
import org.drtune.models.AssetResolver;
import org.drtune.training.BackboneRef;
import picocli.CommandLine.Option;

/**
 * Where the pretrained backbone comes from: the BVLC GoogLeNet's weights (found or downloaded), or
 * a graph file.
 */
final class BackboneOptions {
  @Option(
      names = "--weights",
      paramLabel = "DIR",
      description =
          "Folder holding the BVLC GoogLeNet files"
              + " (default: the cache, a mirror, or the download).")
  Path weights;

  @Option(
      names = "--backbone-graph",
      paramLabel = "FILE.pb",
      description =
          "Start from this frozen TensorFlow GraphDef instead of the BVLC GoogLeNet (its node names"
              + " must follow --backbone-profile).")
  Path graph;

  @Option(
      names = "--backbone-profile",
      paramLabel = "NAME",
      defaultValue = BackboneRef.INCEPTION5H,
      description =
          "Node naming of --backbone-graph: bvlc_googlenet or inception5h (TensorFlow's published"
              + " GoogLeNet; default: ${DEFAULT-VALUE}).")
  String profile;

  /** The backbone asked for. */
  BackboneRef ref() {
    return graph == null ? BackboneRef.bvlcGoogLeNet() : BackboneRef.frozenGraph(graph, profile);
  }

  /** {@code base} with {@code --weights} first. */
  AssetResolver assets(AssetResolver base) {
    return weights == null ? base : base.withExplicitFolder(weights);
  }
}
