package org.drtune.features;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drtune.Device;
import org.drtune.ImageLoadException;
import org.drtune.grading.ModelLoadException;
import org.drtune.internal.data.ImageDecoder;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.CardJson;
import org.drtune.internal.runtime.Logs;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.internal.train.CacheNode;
import org.drtune.internal.train.FeatureCodec;
import org.drtune.internal.train.Feed;
import org.drtune.internal.train.FineTuner;
import org.drtune.model.Preprocessing;
import org.drtune.models.AssetResolver;
import org.drtune.training.BackboneRef;
import org.drtune.training.TrainingConfig;
import org.slf4j.Logger;

/**
 * Computes the output of a run's frozen part for encoded photographs, as the run's feature cache
 * does: the same decoder, preprocessing, rotation, graph and precision. Opened from the {@link
 * Spec} of a {@link FeatureJob} on any JVM that has the backbone's files (a Spark executor); it
 * refuses to open when its frozen weights are not the ones the run was planned with. Not
 * thread-safe: one per thread, or calls in turn.
 */
public final class FeatureExtractor implements AutoCloseable {
  private static final Logger LOG = Logs.train();

  /**
   * Everything a JVM needs to compute a run's frozen features, besides the backbone's files.
   *
   * @param backboneProfile the backbone profile ({@link BackboneRef#profile()})
   * @param backboneFiles the files to ship to that JVM, relative to {@code backboneFolder}: the
   *     BVLC weights and their manifest, or one frozen graph ({@code .pb})
   * @param backboneFolder where those files are on the machine that planned the run
   * @param frozenGraph true when {@code backboneFiles} is one frozen graph
   * @param trainingJson the run's training configuration (JSON)
   * @param preprocessingJson the run's preprocessing (JSON)
   * @param maxImagePixels the decoder's pixel limit
   * @param node the graph node whose output is cached
   * @param exampleShape the shape of one photograph's output at {@code node}
   * @param dtype how the run's cache stores the features (and {@link #toBytes} encodes them)
   * @param frozenChecksums sha256 of every frozen variable, checked on opening
   * @param batchSize photographs per TensorFlow call
   */
  public record Spec(
      String backboneProfile,
      List<String> backboneFiles,
      String backboneFolder,
      boolean frozenGraph,
      String trainingJson,
      String preprocessingJson,
      long maxImagePixels,
      String node,
      List<Long> exampleShape,
      CacheDtype dtype,
      Map<String, String> frozenChecksums,
      int batchSize)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the collections. */
    public Spec {
      backboneFiles = List.copyOf(backboneFiles);
      exampleShape = List.copyOf(exampleShape);
      Objects.requireNonNull(dtype, "dtype");
      frozenChecksums = Map.copyOf(frozenChecksums);
      Objects.requireNonNull(node, "node");
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
      }
    }
  }

  private final Spec spec;
  private final FineTuner tuner;
  private final Preprocessing preprocessing;
  private final ImageDecoder decoder;
  private final int per;

  private FeatureExtractor(Spec spec, FineTuner tuner, Preprocessing preprocessing, int per) {
    this.spec = spec;
    this.tuner = tuner;
    this.preprocessing = preprocessing;
    this.decoder = ImageDecoder.defaults().withMaxPixels(spec.maxImagePixels());
    this.per = per;
  }

  /**
   * Opens an extractor for {@code spec} with the backbone's files in {@code backboneFolder}
   * (verified against their checksums).
   *
   * @throws ModelLoadException when the files are missing, fail their checksums, or give frozen
   *     weights other than the run's
   * @throws IOException when they cannot be read
   */
  public static FeatureExtractor open(Spec spec, Path backboneFolder) throws IOException {
    BackboneRef ref =
        spec.frozenGraph()
            ? new BackboneRef(
                spec.backboneProfile(), backboneFolder.resolve(spec.backboneFiles().get(0)))
            : new BackboneRef(spec.backboneProfile(), null);
    AssetResolver resolver =
        AssetResolver.defaults()
            .withExplicitFolder(backboneFolder)
            .withMirrors(List.of())
            .withDownloadEnabled(false);
    Backbone backbone = Backbone.load(ref, resolver);
    TrainingConfig cfg = CardJson.MAPPER.readValue(spec.trainingJson(), TrainingConfig.class);
    Preprocessing prep = CardJson.MAPPER.readValue(spec.preprocessingJson(), Preprocessing.class);
    FineTuner tuner =
        FineTuner.create(
            backbone.frozen(),
            backbone.profile(),
            cfg,
            null,
            SessionConfig.configProto(Device.auto(), cfg.precision(), LOG::warn));
    try {
      String node =
          CacheNode.of(
              tuner.graphDef(),
              tuner.spec().inputNode(),
              new HashSet<>(tuner.spec().frozenVariables()));
      Map<String, String> sums = tuner.variableChecksums(tuner.spec().frozenVariables());
      if (!node.equals(spec.node()) || !sums.equals(spec.frozenChecksums())) {
        throw new ModelLoadException(
            "the backbone in "
                + backboneFolder
                + " does not give the run's frozen part (cache node "
                + node
                + ", expected "
                + spec.node()
                + "; frozen weights "
                + (sums.equals(spec.frozenChecksums()) ? "equal" : "differ")
                + "): ship the backbone files the run was planned with");
      }
      long n = 1;
      for (long d : spec.exampleShape()) {
        n *= d;
      }
      if (n <= 0 || spec.exampleShape().stream().anyMatch(d -> d < 1)) {
        throw new IllegalArgumentException(
            "exampleShape must be positive, got " + spec.exampleShape());
      }
      return new FeatureExtractor(spec, tuner, prep, Math.toIntExact(n));
    } catch (IOException | RuntimeException e) {
      tuner.close();
      throw e;
    }
  }

  /** Floats of one photograph's features. */
  public int valuesPerExample() {
    return per;
  }

  /**
   * The features of encoded photographs at {@code rotation} (0–3: multiples of 90°; 4–7: the same
   * after a left-right mirror), one array of {@link #valuesPerExample()} floats each, in order.
   *
   * @param names a name of each photograph for error messages (e.g. its path)
   * @throws ImageLoadException when a photograph cannot be decoded (the message names it)
   */
  public List<float[]> extract(List<byte[]> photographs, List<String> names, int rotation)
      throws ImageLoadException {
    if (photographs.size() != names.size()) {
      throw new IllegalArgumentException(
          photographs.size() + " photographs but " + names.size() + " names");
    }
    if (rotation < 0 || rotation > 7) {
      throw new IllegalArgumentException("rotation must be 0..7, got " + rotation);
    }
    Rotation rot = Rotation.values()[rotation];
    int size = preprocessing.inputSize();
    int in = preprocessing.valuesPerImage();
    List<float[]> out = new ArrayList<>(photographs.size());
    for (int start = 0; start < photographs.size(); start += spec.batchSize()) {
      int count = Math.min(spec.batchSize(), photographs.size() - start);
      float[] pixels = new float[count * in];
      String[] ids = new String[count];
      for (int i = 0; i < count; i++) {
        BufferedImage image = decoder.decode(photographs.get(start + i), names.get(start + i));
        Preprocessor.write(preprocessing, image, rot, pixels, i * in);
        ids[i] = names.get(start + i);
      }
      float[] values =
          tuner.compute(
              spec.node(),
              new Feed(null, pixels, new long[] {size, size, 3}, new int[count], ids, count));
      if (values.length != (long) count * per) {
        throw new IllegalStateException(
            "the cache node "
                + spec.node()
                + " gave "
                + values.length / count
                + " values a photograph, the run expects "
                + per
                + " (shape "
                + spec.exampleShape()
                + "): the input size differs from the run's");
      }
      for (int i = 0; i < count; i++) {
        float[] one = new float[per];
        System.arraycopy(values, i * per, one, 0, per);
        out.add(one);
      }
    }
    return out;
  }

  /**
   * {@code values} as little-endian bytes of {@code dtype} (float16 rounds to nearest even, as the
   * feature cache stores them): what to keep or send when the features go to a cache of that type,
   * at half the size for float16 and with nothing lost.
   */
  public static byte[] toBytes(float[] values, CacheDtype dtype) {
    return FeatureCodec.encode(values, dtype);
  }

  /** The floats of {@link #toBytes}'s output. */
  public static float[] fromBytes(byte[] bytes, CacheDtype dtype) {
    return FeatureCodec.decode(bytes, dtype);
  }

  @Override
  public void close() {
    tuner.close();
  }
}
