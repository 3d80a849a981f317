package org.drtune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.drtune.features.CacheDtype;
import org.drtune.internal.data.RotationPolicy;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.train.ExampleSource;
import org.drtune.internal.train.FeatureCache;
import org.drtune.internal.train.Feed;
import org.drtune.internal.train.FineTuner;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
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
 * One training epoch over 64 images (224×224, random 90° rotations, batch 32) for a head-only
 * strategy, computed from the images ({@code uncachedEpoch}) or from the frozen-prefix feature
 * cache ({@code cachedEpoch}, cache built once in {@code @Setup} as a real run builds it once for
 * all epochs). Scores are images per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
@State(Scope.Benchmark)
public class FeatureCacheBenchmark {
  private static final int IMAGES = 64;
  private static final int SIZE = 224;

  /** Strategy by command-line name. */
  @Param({"linear", "early-features"})
  public String strategy;

  private Path dir;
  private FineTuner tuner;
  private ExampleSource images;
  private ExampleSource cached;
  private int[] order;
  private int epoch;
  private long step;

  /** Builds the graph, the in-memory images and their feature cache. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Backbone backbone = Workloads.googLeNet();
    TrainingConfig cfg =
        TrainingConfig.builder()
            .strategy(Strategy.parse(strategy))
            .inputSize(SIZE)
            .batchSize(Workloads.TRAIN_BATCH)
            .build();
    tuner = FineTuner.create(backbone.frozen(), backbone.profile(), cfg, null);
    float[] all = Workloads.randomPixels(IMAGES, SIZE, 3);
    float[][] inputs = new float[IMAGES][];
    for (int i = 0; i < IMAGES; i++) {
      inputs[i] = java.util.Arrays.copyOfRange(all, i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3);
    }
    images = ExampleSource.inMemory(inputs, Workloads.cyclicLabels(IMAGES), SIZE);
    dir = Files.createTempDirectory("drbench-cache");
    cached =
        FeatureCache.open(
            tuner,
            images,
            dir,
            "train",
            4,
            CacheDtype.FLOAT32,
            "bench",
            Workloads.TRAIN_BATCH,
            b -> {},
            (d, t) -> {});
    order = IntStream.range(0, IMAGES).toArray();
  }

  /** One epoch computed from the images. */
  @Benchmark
  @OperationsPerInvocation(IMAGES)
  public double uncachedEpoch() {
    return epoch(images);
  }

  /** One epoch from the cached frozen features. */
  @Benchmark
  @OperationsPerInvocation(IMAGES)
  public double cachedEpoch() {
    return epoch(cached);
  }

  private double epoch(ExampleSource source) {
    double loss = 0;
    try (ExampleSource.CloseableIterator<Feed> it =
        source.batches(order, Workloads.TRAIN_BATCH, RotationPolicy.random(1), epoch++)) {
      while (it.hasNext()) {
        loss += tuner.trainStep(it.next(), 1e-3, step++).loss();
      }
    }
    return loss;
  }

  /** Closes the tuner and deletes the cache. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Workloads.close(tuner);
    AtomicFiles.deleteRecursively(dir);
  }
}
