package org.drtune.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a backbone is obtained and what it is: the files with their sizes and sha256 checksums, the
 * public download base, the input size, channel order and mean, and the names of its input, cut,
 * feature and logits nodes.
 *
 * <p>Recipes are JSON resources next to this class ({@code bvlc_googlenet.json}); load one with
 * {@link #load(String)}.
 *
 * @param name backbone name, also the folder name under a mirror's {@code models/} and the cache
 * @param description one line saying what the backbone is
 * @param licence licence of the weights and of the data they were trained on
 * @param downloadBase public URL that holds every file at its relative {@link FileEntry#path()}
 * @param inputSize side of the square input image the backbone was trained on
 * @param channelOrder "BGR" or "RGB": the channel order the backbone expects
 * @param mean per-channel mean subtracted from 0–255 pixel values, in {@code channelOrder}
 * @param labels relative path of the ImageNet label file
 * @param inputNode name of the input placeholder in the converted graph
 * @param featureNode name of the pooled feature node (the 1024-d pool5 for GoogLeNet)
 * @param cutNode name of the last spatial node, where a new head with global average pooling
 *     attaches
 * @param logitsNode name of the old classifier's logits node (replaced when fine-tuning)
 * @param probabilitiesNode name of the old classifier's softmax node
 * @param featureDepth number of channels at the cut node
 * @param layers layer groups from input to output, the order used by "freeze up to layer X"
 * @param files every file of the recipe
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelRecipe(
    String name,
    String description,
    String licence,
    String downloadBase,
    int inputSize,
    String channelOrder,
    List<Double> mean,
    String labels,
    String inputNode,
    String featureNode,
    String cutNode,
    String logitsNode,
    String probabilitiesNode,
    int featureDepth,
    List<String> layers,
    List<FileEntry> files) {

  /** Name of the built-in BVLC GoogLeNet recipe. */
  public static final String BVLC_GOOGLENET = "bvlc_googlenet";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Validates the recipe and makes its lists immutable. */
  public ModelRecipe {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(downloadBase, "downloadBase");
    if (!downloadBase.endsWith("/")) {
      throw new IllegalArgumentException(
          "recipe " + name + ": downloadBase must end with '/': " + downloadBase);
    }
    if (inputSize <= 0) {
      throw new IllegalArgumentException(
          "recipe " + name + ": inputSize must be positive, got " + inputSize);
    }
    mean = List.copyOf(mean);
    layers = List.copyOf(layers);
    files = List.copyOf(files);
  }

  /**
   * One file of a recipe.
   *
   * @param path path relative to the model folder, '/'-separated
   * @param bytes exact size in bytes
   * @param sha256 lower-case hex sha256 of the content
   * @param shape float32 tensor shape for weight files (filters are out,kh,kw,in; FC is out,in),
   *     else null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileEntry(String path, long bytes, String sha256, List<Integer> shape) {
    /** Validates the entry. */
    public FileEntry {
      Objects.requireNonNull(path, "path");
      if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
        throw new IllegalArgumentException(
            "recipe file path must be relative and inside the model folder: " + path);
      }
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "recipe file " + path + ": sha256 must be 64 lower-case hex digits");
      }
      shape = shape == null ? null : List.copyOf(shape);
    }

    /** The file's download URL under {@code base}. */
    public URI url(String base) {
      return URI.create(base + path);
    }
  }

  /** The entry with this relative path, if the recipe has it. */
  public Optional<FileEntry> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** The entry with this relative path; fails with the list of known paths when it is missing. */
  public FileEntry requireFile(String path) {
    return file(path)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "recipe "
                        + name
                        + " has no file "
                        + path
                        + "; it has "
                        + files.size()
                        + " files such as "
                        + files.get(0).path()));
  }

  /** Folder of every model's bundle under a mirror and the cache: {@code models/<name>}. */
  public static final String MODELS_FOLDER = "models";

  /**
   * The recipe's files as an asset bundle in folder {@code models/<name>}, downloadable from {@link
   * #downloadBase()}; resolve it to a verified local folder with {@link
   * AssetResolver#resolve(AssetBundle)}.
   */
  public AssetBundle assets() {
    return new AssetBundle(
        name,
        MODELS_FOLDER + "/" + name,
        downloadBase,
        files.stream().map(f -> AssetFile.ofSha256(f.path(), f.bytes(), f.sha256())).toList());
  }

  /** Total bytes of all files. */
  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::bytes).sum();
  }

  /**
   * Loads a built-in recipe by name.
   *
   * @throws IllegalArgumentException when there is no recipe with that name
   */
  public static ModelRecipe load(String name) {
    String resource = name + ".json";
    try (InputStream in = ModelRecipe.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no built-in model recipe named '" + name + "'; known: " + BVLC_GOOGLENET);
      }
      return JSON.readValue(in, ModelRecipe.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in recipe " + resource, e);
    }
  }

  /** The built-in BVLC GoogLeNet recipe. */
  public static ModelRecipe bvlcGoogLeNet() {
    return load(BVLC_GOOGLENET);
  }
}
