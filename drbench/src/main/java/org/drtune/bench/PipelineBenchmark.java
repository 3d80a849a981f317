package org.drtune.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.drtune.ImageLoadException;
import org.drtune.internal.data.Batch;
import org.drtune.internal.data.BatchLoader;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.ImageDecoder;
import org.drtune.internal.data.LoaderOptions;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.data.RotationPolicy;
import org.drtune.model.Preprocessing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The input pipeline of training: decode a full-resolution fundus JPEG with {@link ImageDecoder},
 * then border crop, pad, resize, rotate and normalise it into float32 with {@code
 * Preprocessor.write}. Each invocation prepares {@value #IMAGES_PER_INVOCATION} images into one
 * batch buffer, either on the calling thread ({@code threads=1}) or split over a fixed pool of
 * {@code threads} workers. {@code loaderEpoch} does the same work through drcore's {@link
 * BatchLoader} ({@code threads} workers, random rotations): an epoch of {@value #LOADER_IMAGES}
 * images in batches of {@value #IMAGES_PER_INVOCATION}, including opening and closing the loader.
 * Scores are images per second.
 *
 * <p>The JPEGs are generated in {@link #setUp()} into a temporary folder (deleted in {@link
 * #tearDown()}), so the files come from the page cache: this measures CPU work, not disk reads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class PipelineBenchmark {
  /** Images prepared per invocation. */
  static final int IMAGES_PER_INVOCATION = 4;

  /** Images per {@link #loaderEpoch()} call. */
  static final int LOADER_IMAGES = 8;

  /** Worker threads: 1 runs on the benchmark thread, more use a fixed pool. */
  @Param({"1", "2"})
  public int threads;

  /** Side of the square network input. */
  @Param({"224"})
  public int size;

  /** Width of the generated photographs. */
  @Param({"3000"})
  public int width;

  /** Height of the generated photographs. */
  @Param({"2000"})
  public int height;

  /** Distinct files, used in turn. */
  @Param({"8"})
  public int files;

  private Path dir;
  private List<Path> images;
  private ImageDecoder decoder;
  private Preprocessing preprocessing;
  private ExecutorService pool;
  private float[] batch;
  private int next;
  private int epoch;
  private FundusDataset dataset;
  private int[] loaderOrder;

  /** Generates the JPEGs and starts the pool. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("drbench-fundus");
    images = FundusImages.write(dir, files, width, height, 11);
    decoder = ImageDecoder.defaults();
    preprocessing = Preprocessing.defaults().withInputSize(size);
    batch = new float[IMAGES_PER_INVOCATION * preprocessing.valuesPerImage()];
    pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    dataset = new GeneratedFundus(images, decoder);
    loaderOrder = new int[LOADER_IMAGES];
    for (int i = 0; i < LOADER_IMAGES; i++) {
      loaderOrder[i] = i % images.size();
    }
  }

  /** Decodes and preprocesses {@value #IMAGES_PER_INVOCATION} images into the batch buffer. */
  @Benchmark
  @OperationsPerInvocation(IMAGES_PER_INVOCATION)
  public float prepareBatch() throws Exception {
    int first = next;
    next = (next + IMAGES_PER_INVOCATION) % images.size();
    if (pool == null) {
      for (int i = 0; i < IMAGES_PER_INVOCATION; i++) {
        prepare(first + i, i);
      }
    } else {
      List<Future<?>> done = new ArrayList<>(IMAGES_PER_INVOCATION);
      for (int i = 0; i < IMAGES_PER_INVOCATION; i++) {
        int file = first + i;
        int slot = i;
        done.add(
            pool.submit(
                () -> {
                  prepare(file, slot);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception c ? c : e;
        }
      }
    }
    return batch[0] + batch[batch.length - 1];
  }

  /**
   * One epoch of {@value #LOADER_IMAGES} images through a {@link BatchLoader} with {@code threads}
   * workers.
   */
  @Benchmark
  @OperationsPerInvocation(LOADER_IMAGES)
  public float loaderEpoch() {
    LoaderOptions options =
        LoaderOptions.defaults()
            .withBatchSize(IMAGES_PER_INVOCATION)
            .withWorkers(threads, LoaderOptions.DEFAULT_PREFETCH_BATCHES)
            .withStrict(true)
            .withRotation(RotationPolicy.random(11), epoch++);
    float sum = 0;
    try (BatchLoader loader = BatchLoader.open(dataset, loaderOrder, preprocessing, options)) {
      while (loader.hasNext()) {
        Batch b = loader.next();
        sum += b.pixels()[0];
      }
    }
    return sum;
  }

  private void prepare(int file, int slot) throws ImageLoadException {
    Path path = images.get(file % images.size());
    Rotation rotation = Rotation.rotations()[file % 4];
    Preprocessor.write(
        preprocessing,
        decoder.decode(path),
        rotation,
        batch,
        slot * preprocessing.valuesPerImage());
  }

  /** Stops the pool and deletes the generated files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The generated files as a dataset for {@link BatchLoader}, labels 0 … 4 in turn. */
  private record GeneratedFundus(List<Path> files, ImageDecoder decoder) implements FundusDataset {
    @Override
    public int size() {
      return files.size();
    }

    @Override
    public String id(int index) {
      return files.get(index).getFileName().toString();
    }

    @Override
    public int label(int index) {
      return index % Workloads.CLASSES;
    }

    @Override
    public int numClasses() {
      return Workloads.CLASSES;
    }

    @Override
    public BufferedImage load(int index) throws ImageLoadException {
      return decoder.decode(files.get(index));
    }
  }
}
