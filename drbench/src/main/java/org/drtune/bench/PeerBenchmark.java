package org.drtune.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.concurrent.TimeUnit;
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
 * The peer: the same GoogLeNet architecture ({@link DjlGoogLeNet}, randomly initialised) in DJL
 * 0.36 on its PyTorch 2.7.1 CPU engine, batch 32. {@code forward} is inference (no gradient
 * recording, dropout off); {@code trainStep} is forward, softmax cross-entropy, backward and one
 * momentum-SGD update (momentum 0.9, as drtune's default; no L2 term). Scores are images per
 * second. Each invocation copies the batch from a Java array into a fresh NDArray, as {@link
 * TrainStepBenchmark} copies into a tensor.
 *
 * <p>Runs in its own forked JVM (never next to TensorFlow in one process) with DJL offline, the CPU
 * flavour, and 2 intra-op / 1 inter-op threads like TensorFlow's defaults on this 2-vCPU machine.
 * The PyTorch native library comes from the {@code pytorch-native-cpu} jar on the class path;
 * nothing is downloaded.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 6)
@Measurement(iterations = 3, time = 6)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xmx2g",
      "-Dai.djl.offline=true",
      "-DPYTORCH_FLAVOR=cpu",
      "-Dai.djl.pytorch.num_threads=2",
      "-Dai.djl.pytorch.num_interop_threads=1",
      "-Dslf4j.internal.verbosity=ERROR"
    })
@State(Scope.Benchmark)
public class PeerBenchmark {

  /** Side of the square input. */
  @Param({"224", "112"})
  public int size;

  private Model model;
  private Trainer trainer;
  private float[] pixels;
  private float[] labels;
  private Shape inputShape;

  /**
   * Loads the engine, builds and initialises the network and its trainer, and runs each path once.
   */
  @Setup(Level.Trial)
  public void setUp() {
    model = Model.newInstance("googlenet-djl", "PyTorch");
    model.setBlock(DjlGoogLeNet.build(Workloads.CLASSES));
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(
                Optimizer.sgd()
                    .setLearningRateTracker(Tracker.fixed((float) 1e-3))
                    .optMomentum(0.9f)
                    .build());
    trainer = model.newTrainer(config);
    inputShape = new Shape(Workloads.TRAIN_BATCH, 3, size, size);
    trainer.initialize(inputShape);
    pixels = Workloads.randomPixels(Workloads.TRAIN_BATCH, size, 7);
    int[] y = Workloads.cyclicLabels(Workloads.TRAIN_BATCH);
    labels = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      labels[i] = y[i];
    }
    forward();
    trainStep();
  }

  /** Inference on a batch of 32. */
  @Benchmark
  @OperationsPerInvocation(Workloads.TRAIN_BATCH)
  public float forward() {
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDList out = trainer.evaluate(new NDList(m.create(pixels, inputShape)));
      return out.singletonOrThrow().getFloat(0, 0);
    }
  }

  /** One training step on a batch of 32. */
  @Benchmark
  @OperationsPerInvocation(Workloads.TRAIN_BATCH)
  public float trainStep() {
    float loss;
    try (NDManager m = model.getNDManager().newSubManager();
        GradientCollector gc = trainer.newGradientCollector()) {
      NDArray x = m.create(pixels, inputShape);
      NDArray y = m.create(labels);
      NDList out = trainer.forward(new NDList(x), new NDList(y));
      NDArray l = trainer.getLoss().evaluate(new NDList(y), out);
      gc.backward(l);
      loss = l.getFloat();
    }
    trainer.step();
    return loss;
  }

  /**
   * Closes the trainer and the model (and with them every native array), in reverse order of
   * creation.
   */
  @TearDown(Level.Trial)
  public void tearDown() {
    Workloads.close(trainer);
    Workloads.close(model);
  }
}
