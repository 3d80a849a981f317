package org.drtune.internal.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.drtune.models.AssetException;
import org.drtune.models.AssetResolver;
import org.drtune.models.AssetSource;
import org.drtune.models.ModelRecipe;
import org.drtune.models.ResolvedAssets;
import org.tensorflow.proto.GraphDef;

/**
 * A pretrained backbone ready to import: its recipe, its profile, the frozen GraphDef converted from its verified
 * weights, and a checksum that identifies the weights (recorded in model cards and cache keys).
 *
 * @param name backbone name (recorded in model cards)
 * @param profile node and layer names
 * @param frozen the frozen inference graph
 * @param checksum identifies the weights: for a recipe, sha256 over its file checksums (changes whenever any
 *     weight file changes); otherwise sha256 of the GraphDef bytes
 * @param assets where the verified files are on disk and how they were found, or null for a graph given directly
 */
public record Backbone(String name, BackboneProfile profile, GraphDef frozen, String checksum,
    ResolvedAssets assets) {

  /** Checks the parts. */
  public Backbone {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(profile, "profile");
    java.util.Objects.requireNonNull(frozen, "frozen");
    java.util.Objects.requireNonNull(checksum, "checksum");
  }

  /**
   * A backbone from a frozen GraphDef already in memory (for instance TensorFlow's inception5h graph), described by
   * {@code profile}; its checksum is the sha256 of the GraphDef bytes.
   */
  public static Backbone of(String name, BackboneProfile profile, GraphDef frozen) {
    try {
      String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(frozen.toByteArray()));
      return new Backbone(name, profile, frozen, sum, null);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Finds (or downloads) the BVLC GoogLeNet weights with {@code resolver}, verifies every file's sha256 and converts
   * them into a frozen graph.
   *
   * @throws AssetException when a file is missing or fails its checksum (the message says which and how to fix it)
   * @throws IOException when a verified file cannot be read
   */
  public static Backbone bvlcGoogLeNet(AssetResolver resolver) throws IOException {
    ModelRecipe recipe = ModelRecipe.bvlcGoogLeNet();
    ResolvedAssets assets = resolver.resolve(recipe.assets());
    GraphDef frozen = GoogLeNetConverter.convert(assets.folder(), recipe);
    return new Backbone(recipe.name(), BackboneProfile.bvlcGoogLeNet(), frozen, checksumOf(recipe), assets);
  }

  /** Where the weights were found, or null for a graph given directly. */
  public AssetSource source() {
    return assets == null ? null : assets.source();
  }

  /** sha256 over the sorted {@code path sha256} lines of the recipe's files. */
  public static String checksumOf(ModelRecipe recipe) {
    StringBuilder sb = new StringBuilder();
    recipe.files().stream().sorted(java.util.Comparator.comparing(ModelRecipe.FileEntry::path))
        .forEach(f -> sb.append(f.path()).append(' ').append(f.sha256()).append('\n'));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
