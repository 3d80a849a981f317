package org.drtune.bench;

import java.util.concurrent.TimeUnit;
import org.drtune.Device;
import org.drtune.Precision;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.runtime.SessionConfig;
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
 * One {@link FineTuner#trainStep} of the fine-tuning graph on the pretrained BVLC GoogLeNet, batch
 * 32, default hyper-parameters (momentum SGD, dropout, L2), per strategy and input size. Scores are
 * images per second. The inputs are random mean-subtracted pixels held in a Java array, so each
 * step includes what a real step pays: copying the batch into a tensor and reading back the loss
 * and the predictions.
 *
 * <p>{@link FeatureCacheBenchmark} compares whole epochs trained from the frozen-prefix feature
 * cache with the same epochs computed from images.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 6)
@Measurement(iterations = 3, time = 6)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class TrainStepBenchmark {

  /** Strategy by command-line name. */
  @Param({"linear", "frozen-prefix", "full"})
  public String strategy;

  /** Side of the square input. */
  @Param({"224", "112"})
  public int size;

  /**
   * {@code fp32}, or {@code bf16} (oneDNN's bfloat16 auto-mixed precision, where the CPU has it).
   */
  @Param({"fp32"})
  public String precision;

  private FineTuner tuner;
  private float[] pixels;
  private int[] labels;
  private long step;

  /**
   * Builds the fine-tuning graph and session and runs one step (which also assigns the initial
   * values).
   */
  @Setup(Level.Trial)
  public void setUp() {
    Backbone backbone = Workloads.googLeNet();
    TrainingConfig config =
        TrainingConfig.builder()
            .strategy(Strategy.parse(strategy))
            .inputSize(size)
            .batchSize(Workloads.TRAIN_BATCH)
            .precision(Precision.parse(precision))
            .build();
    tuner =
        FineTuner.create(
            backbone.frozen(),
            backbone.profile(),
            config,
            null,
            SessionConfig.configProto(
                Device.cpu(), config.precision(), w -> System.err.println("warning: " + w)));
    pixels = Workloads.randomPixels(Workloads.TRAIN_BATCH, size, 7);
    labels = Workloads.cyclicLabels(Workloads.TRAIN_BATCH);
    trainStep();
  }

  /** One training step on a batch of 32. */
  @Benchmark
  @OperationsPerInvocation(Workloads.TRAIN_BATCH)
  public double trainStep() {
    return tuner
        .trainStep(
            pixels,
            size,
            labels,
            Workloads.TRAIN_BATCH,
            TrainingConfig.DEFAULT_LEARNING_RATE,
            step++)
        .loss();
  }

  /** Closes the fine-tuner (its session and graph). */
  @TearDown(Level.Trial)
  public void tearDown() {
    Workloads.close(tuner);
  }
}
