package org.drtune.internal.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.drtune.features.CacheDtype;
import org.drtune.features.FeatureExtractor;
import org.drtune.features.FeatureProvider;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.data.RotationPolicy;
import org.drtune.internal.model.AtomicFiles;

/**
 * The frozen-prefix feature cache. With a frozen prefix every training step recomputes the same
 * prefix activations; since the only augmentation is a rotation by a multiple of 90° (a finite,
 * lossless set), the prefix output of each (image, rotation) pair is computed once, stored on disk
 * (float32 or float16) and fed at the cut for every epoch.
 *
 * <p>The cache node is found from the graph: the frontier between what depends only on the input
 * and frozen variables and what depends on trainable ones (for conv1+conv2 frozen in GoogLeNet,
 * {@code pool2/3x3_s2}; for a head-only strategy, the pooled features {@code head/gap}, 1,024
 * floats an image).
 *
 * <p>A cache lives in its own folder named by a key over the backbone's frozen weights, the cache
 * node, the input size, the preprocessing, the image ids and the rotations; a change of any of them
 * makes a new cache. The folder is written under a temporary name and renamed when complete, so a
 * half-written cache is never used.
 */
public final class FeatureCache {
  private static final org.slf4j.Logger LOG = org.drtune.internal.runtime.Logs.train();

  /**
   * Contents of {@code meta.json}.
   *
   * @param key the cache key
   * @param node the cache node fed when training from the cache
   * @param exampleShape shape of one cached example
   * @param examples number of images
   * @param rotations number of views stored per image (1, 4 rotations, or 8 with mirrors)
   * @param dtype storage type
   * @param ids image ids, in index order
   * @param labels labels, in index order
   */
  public record Meta(
      String key,
      String node,
      long[] exampleShape,
      int examples,
      int rotations,
      CacheDtype dtype,
      List<String> ids,
      int[] labels) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META = "meta.json";
  private static final String DATA = "features.bin";

  private FeatureCache() {}

  /** Bytes a cache of {@code source} at {@code node} takes on disk. */
  public static long sizeOnDisk(
      long valuesPerExample, int examples, int rotations, CacheDtype dtype) {
    return valuesPerExample * examples * rotations * dtype.bytes();
  }

  /** Progress of building a cache: examples done out of the total. */
  @FunctionalInterface
  public interface Progress {
    /** {@code done} of {@code total} images (× rotations) computed. */
    void update(long done, long total);
  }

  /**
   * {@link #open(FineTuner, ExampleSource, Path, String, int, CacheDtype, String, int,
   * LongConsumer, Progress, External)} computing the features here.
   */
  public static ExampleSource open(
      FineTuner tuner,
      ExampleSource source,
      Path dir,
      String name,
      int rotations,
      CacheDtype dtype,
      String preprocessingKey,
      int batchSize,
      LongConsumer sizeReport,
      Progress progress)
      throws IOException {
    return open(
        tuner,
        source,
        dir,
        name,
        rotations,
        dtype,
        preprocessingKey,
        batchSize,
        sizeReport,
        progress,
        null);
  }

  /**
   * Features computed by a {@link FeatureProvider} instead of this JVM: the provider, the file of
   * every image of the source (in index order) and what a {@link FeatureExtractor.Spec} needs
   * besides the graph. {@code ExternalFeatures} builds the cache from them.
   */
  public record External(
      FeatureProvider provider,
      List<String> files,
      String backboneProfile,
      List<String> backboneFiles,
      String backboneFolder,
      boolean frozenGraph,
      String preprocessingJson,
      long maxImagePixels) {}

  /**
   * Returns a source reading cached features of {@code source} at {@code tuner}'s cache node from
   * {@code dir}, building the cache first when there is none with the same key.
   *
   * @param dir parent folder of caches (e.g. {@code RUN_DIR/feature-cache})
   * @param name a name for this split, part of the cache folder's name (e.g. {@code train})
   * @param rotations 4 to store every rotation (training with augmentation, or TTA), 8 for the
   *     mirrored views too, 1 for R0 only
   * @param preprocessingKey a description of the preprocessing (its JSON), part of the key
   * @param sizeReport receives the size in bytes before anything is written
   * @param external computes the features of a missing cache elsewhere (same folder, key and
   *     layout: the training cannot tell them apart); null computes them here
   * @throws IOException when the disk cannot hold it (the message says how much is needed and what
   *     to do) or an image cannot be read
   */
  public static ExampleSource open(
      FineTuner tuner,
      ExampleSource source,
      Path dir,
      String name,
      int rotations,
      CacheDtype dtype,
      String preprocessingKey,
      int batchSize,
      LongConsumer sizeReport,
      Progress progress,
      External external)
      throws IOException {
    if (rotations != 1 && rotations != 4 && rotations != 8) {
      throw new IllegalArgumentException("rotations must be 1, 4 or 8, got " + rotations);
    }
    if (Trainer.trainingPolicy(tuner.config()).jitters()) {
      throw new IllegalArgumentException(
          "jitter-degrees and jitter-scale draw a new view of each photograph every epoch, which a"
              + " feature cache cannot hold: train with cache-features=false (--no-cache-features),"
              + " or without the jitter");
    }
    FineTuneGraph spec = tuner.spec();
    String node =
        CacheNode.of(tuner.graphDef(), spec.inputNode(), new HashSet<>(spec.frozenVariables()));
    long[] shape = exampleShape(tuner, source, node);
    long per = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    String key = key(tuner, node, source, rotations, dtype, preprocessingKey);
    Layout layout = new Layout(key, node, shape, per, rotations, dtype);
    Path folder = dir.resolve(name + "-" + key.substring(0, 16));
    long bytes = sizeOnDisk(per, source.size(), rotations, dtype);
    boolean hit = isComplete(folder, key);
    LOG.debug(
        "feature cache {}: {} ({} examples x {} view(s) of {} at {}, {}, {} bytes)",
        hit ? "hit" : external == null ? "miss, computing here" : "miss, from the feature provider",
        folder,
        source.size(),
        rotations,
        Arrays.toString(shape),
        node,
        dtype,
        bytes);
    if (!hit) {
      sizeReport.accept(bytes);
      makeRoom(dir, name, bytes);
      AtomicFiles.replaceFolder(
          folder,
          tmp -> {
            if (external == null) {
              build(tuner, source, tmp, layout, batchSize, progress);
            } else {
              ExternalFeatures.build(
                  tuner, source, tmp, name, layout, batchSize, progress, external);
            }
          });
    }
    return new CachedFeatures(readMeta(folder), folder.resolve(DATA), source.imageSize());
  }

  /**
   * What a cache build writes besides the examples' ids and labels, and where each record goes.
   *
   * @param key the cache key
   * @param node the cache node
   * @param exampleShape shape of one cached example
   * @param valuesPerExample the product of {@code exampleShape}
   * @param rotations number of views stored per image (1, 4 rotations, or 8 with mirrors)
   * @param dtype storage type
   */
  record Layout(
      String key,
      String node,
      long[] exampleShape,
      long valuesPerExample,
      int rotations,
      CacheDtype dtype) {

    /** The features file in the cache folder {@code folder}. */
    Path data(Path folder) {
      return folder.resolve(DATA);
    }

    /**
     * Writes the bytes of record (index, rotation) where it lives: at {@code (index * rotations +
     * rotation) * valuesPerExample} values.
     */
    void write(FileChannel ch, ByteBuffer record, int index, int rotation) throws IOException {
      long off = ((long) index * rotations + rotation) * valuesPerExample * dtype.bytes();
      while (record.hasRemaining()) {
        off += ch.write(record, off);
      }
    }

    /** Writes {@code meta.json} for {@code source} into the cache folder {@code folder}. */
    void writeMeta(Path folder, ExampleSource source) throws IOException {
      Meta meta =
          new Meta(
              key,
              node,
              exampleShape,
              source.size(),
              rotations,
              dtype,
              idsOf(source),
              source.labels());
      Files.write(folder.resolve(META), JSON.writeValueAsBytes(meta));
    }
  }

  /**
   * The shape of one example at {@code node}: static where the graph knows it, else computed on the
   * first image of {@code source}.
   */
  private static long[] exampleShape(FineTuner tuner, ExampleSource source, String node)
      throws IOException {
    long[] shape = tuner.exampleShapeAt(node);
    if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
      shape = probeShape(tuner, source, node);
    }
    return shape;
  }

  /**
   * Checks that {@code dir} has room for {@code bytes} and removes the caches of the {@code name}
   * split under other keys.
   */
  private static void makeRoom(Path dir, String name, long bytes) throws IOException {
    Files.createDirectories(dir);
    long free = Files.getFileStore(dir).getUsableSpace();
    if (bytes + (64L << 20) > free) {
      throw new IOException(
          String.format(
              "the feature cache needs %.1f GB but only %.1f GB are free in %s: free some space,"
                  + " store it as float16 (--cache-dtype float16), or train without"
                  + " --cache-features",
              bytes / 1e9, free / 1e9, dir));
    }
    // remove stale caches of this split (other keys)
    try (var s = Files.newDirectoryStream(dir, name + "-*")) {
      for (Path p : s) {
        AtomicFiles.deleteRecursively(p);
      }
    }
  }

  private static long[] probeShape(FineTuner tuner, ExampleSource source, String node)
      throws IOException {
    int s = source.imageSize();
    float[] px = new float[s * s * 3];
    source.write(0, Rotation.R0, px, 0);
    long[] shape =
        tuner.computedShape(
            node, new Feed(null, px, new long[] {s, s, 3}, new int[1], new String[1], 1));
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  private static boolean isComplete(Path folder, String key) {
    try {
      if (!Files.isRegularFile(folder.resolve(META))
          || !Files.isRegularFile(folder.resolve(DATA))) {
        return false;
      }
      Meta m = JSON.readValue(folder.resolve(META).toFile(), Meta.class);
      long expected =
          sizeOnDisk(
              Arrays.stream(m.exampleShape()).reduce(1, (a, b) -> a * b),
              m.examples(),
              m.rotations(),
              m.dtype());
      return m.key().equals(key) && Files.size(folder.resolve(DATA)) == expected;
    } catch (IOException e) {
      return false;
    }
  }

  /** Computes the features of every image of {@code source} at every rotation into {@code tmp}. */
  private static void build(
      FineTuner tuner,
      ExampleSource source,
      Path tmp,
      Layout layout,
      int batchSize,
      Progress progress)
      throws IOException {
    Files.createDirectories(tmp);
    int n = source.size();
    long total = (long) n * layout.rotations();
    long done = 0;
    try (FileChannel ch =
        FileChannel.open(
            layout.data(tmp), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      for (int r = 0; r < layout.rotations(); r++) {
        Rotation rot = Rotation.values()[r];
        try (ExampleSource.CloseableIterator<Feed> it =
            source.batches(all, batchSize, RotationPolicy.fixed(rot), 0)) {
          int pos = 0;
          while (it.hasNext()) {
            Feed f = it.next();
            checkNoneSkipped(f, Math.min(batchSize, n - pos), pos);
            float[] values = tuner.compute(layout.node(), f);
            writeBatch(ch, layout, values, f.count(), pos, r);
            pos += f.count();
            done += f.count();
            progress.update(done, total);
          }
        }
      }
      ch.force(true);
    }
    layout.writeMeta(tmp, source);
  }

  /** Fails when the batch from {@code pos} has fewer than {@code expected} images. */
  private static void checkNoneSkipped(Feed f, int expected, int pos) throws IOException {
    if (f.count() != expected) {
      throw new IOException(
          "an image could not be read while caching features ("
              + (expected - f.count())
              + " skipped near index "
              + pos
              + "); fix or remove it, or train without"
              + " --cache-features");
    }
  }

  /** Writes the features of the {@code count} images from {@code pos} at rotation {@code r}. */
  private static void writeBatch(
      FileChannel ch, Layout layout, float[] values, int count, int pos, int r) throws IOException {
    long recordBytes = layout.valuesPerExample() * layout.dtype().bytes();
    ByteBuffer buf =
        ByteBuffer.wrap(FeatureCodec.encode(values, layout.dtype())).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      ByteBuffer slice = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      slice.position((int) (i * recordBytes));
      slice.limit((int) ((i + 1) * recordBytes));
      layout.write(ch, slice, pos + i, r);
    }
  }

  /** The ids of {@code s}, in index order. */
  static List<String> idsOf(ExampleSource s) {
    List<String> ids = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      ids.add(s.id(i));
    }
    return ids;
  }

  private static String key(
      FineTuner tuner,
      String node,
      ExampleSource source,
      int rotations,
      CacheDtype dtype,
      String preprocessingKey) {
    Map<String, String> frozen = tuner.variableChecksums(tuner.spec().frozenVariables());
    StringBuilder sb = new StringBuilder();
    sb.append("node=").append(node).append('\n');
    sb.append("size=").append(source.imageSize()).append('\n');
    sb.append("rotations=").append(rotations).append(" dtype=").append(dtype).append('\n');
    sb.append("preprocessing=").append(preprocessingKey).append('\n');
    if (tuner.config().precision() != org.drtune.Precision.FP32) {
      // features computed in reduced precision differ from fp32 ones (fp32 keys stay as before)
      sb.append("precision=").append(tuner.config().precision()).append('\n');
    }
    new java.util.TreeMap<>(frozen)
        .forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    for (int i = 0; i < source.size(); i++) {
      sb.append(source.id(i)).append(':').append(source.label(i)).append('\n');
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The meta of a cache folder (for tools and tests). */
  static Meta readMeta(Path folder) throws IOException {
    return JSON.readValue(folder.resolve(META).toFile(), Meta.class);
  }
}
