package org.drtune.internal.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtune.internal.model.Digests;
import org.drtune.models.AssetException;
import org.drtune.models.AssetResolver;
import org.drtune.models.AssetSource;
import org.drtune.models.ModelRecipe;
import org.drtune.models.ResolvedAssets;
import org.drtune.training.BackboneRef;
import org.tensorflow.proto.GraphDef;

/**
 * A pretrained backbone ready to import: its recipe, its profile, the frozen GraphDef converted
 * from its verified weights, and a checksum that identifies the weights (recorded in model cards
 * and cache keys).
 *
 * @param name backbone name (recorded in model cards)
 * @param profile node and layer names
 * @param frozen the frozen inference graph
 * @param checksum identifies the weights: for a recipe, sha256 over its file checksums (changes
 *     whenever any weight file changes); otherwise sha256 of the GraphDef bytes
 * @param assets where the verified files are on disk and how they were found, or null for a graph
 *     given directly
 */
public record Backbone(
    String name, BackboneProfile profile, GraphDef frozen, String checksum, ResolvedAssets assets) {

  /** Checks the parts. */
  public Backbone {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(profile, "profile");
    java.util.Objects.requireNonNull(frozen, "frozen");
    java.util.Objects.requireNonNull(checksum, "checksum");
  }

  /**
   * A backbone from a frozen GraphDef already in memory (for instance TensorFlow's inception5h
   * graph), described by {@code profile}; its checksum is the sha256 of the GraphDef bytes.
   */
  public static Backbone of(String name, BackboneProfile profile, GraphDef frozen) {
    return new Backbone(name, profile, frozen, Digests.sha256(frozen.toByteArray()), null);
  }

  /**
   * The backbone {@code ref} names: the BVLC GoogLeNet through {@code resolver}, or a frozen
   * GraphDef file read and checked to hold the profile's input and layer outputs.
   *
   * @throws AssetException when the GoogLeNet's files are missing or fail their checksums
   * @throws IOException when the graph file cannot be read or is not a frozen GraphDef of that
   *     profile
   */
  public static Backbone load(BackboneRef ref, AssetResolver resolver) throws IOException {
    if (ref.frozenGraph() == null) {
      return bvlcGoogLeNet(resolver);
    }
    Path file = ref.frozenGraph();
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(
          file.toString(),
          null,
          "no backbone graph here: pass a frozen" + " TensorFlow GraphDef (.pb) file");
    }
    byte[] bytes = Files.readAllBytes(file);
    GraphDef graph;
    try {
      graph = GraphDef.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IOException(
          file + " is not a TensorFlow GraphDef (" + e.getMessage() + "): pass a frozen .pb file",
          e);
    }
    BackboneProfile profile = BackboneProfile.named(ref.profile());
    java.util.Set<String> nodes = new java.util.HashSet<>();
    graph.getNodeList().forEach(n -> nodes.add(n.getName()));
    boolean anyLayer = profile.layers().stream().anyMatch(l -> nodes.contains(l.output()));
    if (!nodes.contains(profile.inputNode()) || !anyLayer) {
      throw new IOException(
          file
              + " has no "
              + (anyLayer
                  ? "input node " + profile.inputNode()
                  : "layer of the "
                      + ref.profile()
                      + " profile ("
                      + String.join(", ", profile.layerNames())
                      + ")")
              + ": pass a frozen"
              + " GoogLeNet graph with "
              + ref.profile()
              + " naming");
    }
    // a graph may end before the profile's last layer (a truncated GoogLeNet): the layers after its
    // last one are
    // dropped, so that its last layer is the default cut
    int last = 0;
    for (int i = 0; i < profile.layers().size(); i++) {
      if (nodes.contains(profile.layers().get(i).output())) {
        last = i;
      }
    }
    BackboneProfile present =
        new BackboneProfile(
            profile.name(),
            profile.inputNode(),
            profile.layers().subList(0, last + 1),
            profile.inputSize(),
            profile.channelOrder(),
            profile.mean(),
            profile.scale());
    return new Backbone(ref.name(), present, graph, Digests.sha256(bytes), null);
  }

  /**
   * Finds (or downloads) the BVLC GoogLeNet weights with {@code resolver}, verifies every file's
   * sha256 and converts them into a frozen graph.
   *
   * @throws AssetException when a file is missing or fails its checksum (the message says which and
   *     how to fix it)
   * @throws IOException when a verified file cannot be read
   */
  public static Backbone bvlcGoogLeNet(AssetResolver resolver) throws IOException {
    ModelRecipe recipe = ModelRecipe.bvlcGoogLeNet();
    ResolvedAssets assets = resolver.resolve(recipe.assets());
    GraphDef frozen = GoogLeNetConverter.convert(assets.folder(), recipe);
    return new Backbone(
        recipe.name(), BackboneProfile.bvlcGoogLeNet(), frozen, checksumOf(recipe), assets);
  }

  /** Where the weights were found, or null for a graph given directly. */
  public AssetSource source() {
    return assets == null ? null : assets.source();
  }

  /** sha256 over the sorted {@code path sha256} lines of the recipe's files. */
  public static String checksumOf(ModelRecipe recipe) {
    StringBuilder sb = new StringBuilder();
    recipe.files().stream()
        .sorted(java.util.Comparator.comparing(ModelRecipe.FileEntry::path))
        .forEach(f -> sb.append(f.path()).append(' ').append(f.sha256()).append('\n'));
    return Digests.sha256(sb.toString());
  }
}
