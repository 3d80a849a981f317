package org.drtune.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.drtune.internal.graph.BackboneProfile;

/**
 * Which pretrained backbone a fine-tune starts from.
 *
 * <ul>
 *   <li>{@link #bvlcGoogLeNet()} (the default): the BVLC GoogLeNet trained on ImageNet, converted
 *       from its raw weights, which are found (or downloaded) and verified by sha256 through the
 *       request's asset resolver;
 *   <li>{@link #frozenGraph(Path, String)}: a frozen TensorFlow GraphDef file ({@code .pb}, weights
 *       as constants) whose node names follow a known profile: {@code bvlc_googlenet} (Caffe names,
 *       as drtune's own converter writes) or {@code inception5h} (TensorFlow's published {@code
 *       tensorflow_inception_graph.pb}).
 * </ul>
 *
 * @param profile the node-naming profile ({@value #BVLC_GOOGLENET} or {@value #INCEPTION5H})
 * @param frozenGraph the {@code .pb} file, or null for the BVLC GoogLeNet built from its verified
 *     weights
 */
public record BackboneRef(String profile, Path frozenGraph) {
  /** Profile of the BVLC GoogLeNet (Caffe layer names conv1 … inception_5b). */
  public static final String BVLC_GOOGLENET = "bvlc_googlenet";

  /** Profile of TensorFlow's inception5h GoogLeNet (conv2d0 … mixed5b). */
  public static final String INCEPTION5H = "inception5h";

  /** Validates the profile. */
  public BackboneRef {
    Objects.requireNonNull(profile, "profile");
    profile = profile.toLowerCase(Locale.ROOT);
    if (!profile.equals(BVLC_GOOGLENET) && !profile.equals(INCEPTION5H)) {
      throw new IllegalArgumentException(
          "unknown backbone profile '"
              + profile
              + "': expected "
              + BVLC_GOOGLENET
              + " or "
              + INCEPTION5H);
    }
  }

  /** The BVLC GoogLeNet from its verified ImageNet weights (the default). */
  public static BackboneRef bvlcGoogLeNet() {
    return new BackboneRef(BVLC_GOOGLENET, null);
  }

  /** A frozen GraphDef file whose node names follow {@code profile}. */
  public static BackboneRef frozenGraph(Path file, String profile) {
    return new BackboneRef(profile, Objects.requireNonNull(file, "file"));
  }

  /**
   * The backbone's layer groups from input to output, the names {@code freeze} and {@code cutLayer}
   * take.
   */
  public List<String> layerNames() {
    return BackboneProfile.named(profile).layerNames();
  }

  /**
   * The layer groups from the first up to and including {@code last} (a frozen prefix).
   *
   * @throws IllegalArgumentException naming the valid layers when {@code last} is not one
   */
  public List<String> layersUpTo(String last) {
    return BackboneProfile.named(profile).layersUpTo(last);
  }

  /**
   * Checks that every name is a layer group of this backbone.
   *
   * @throws IllegalArgumentException naming the first unknown layer and the valid ones
   */
  public void checkLayers(List<String> names) {
    BackboneProfile p = BackboneProfile.named(profile);
    names.forEach(p::layer);
  }

  /** The name model cards record: the graph file's name without {@code .pb}, or the profile. */
  public String name() {
    return frozenGraph == null
        ? profile
        : frozenGraph.getFileName().toString().replaceFirst("\\.pb$", "");
  }

  @Override
  public String toString() {
    return frozenGraph == null ? profile : profile + " graph " + frozenGraph;
  }
}
