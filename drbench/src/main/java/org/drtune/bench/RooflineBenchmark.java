package org.drtune.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.drtune.TensorFlowLog;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The practical compute roofline of this machine: one {@code n×n · n×n} float32 MatMul in a
 * TensorFlow graph session (the same native library and thread pool as the GoogLeNet benchmarks),
 * inputs fed as ready-made tensors.
 *
 * <p>The primary score is MatMuls per second; the secondary result {@code gflop} is the same rate
 * in GFLOP/s ({@code 2n³} floating-point operations per MatMul).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class RooflineBenchmark {

  /** Side of the square matrices. */
  @Param({"2048"})
  public int n;

  /**
   * {@code fp32}, or {@code bf16}: the inputs cast to bfloat16 in the graph and multiplied there
   * (oneDNN's bf16 MatMul; the casts are O(n²) against the product's O(n³)).
   */
  @Param({"fp32"})
  public String dtype;

  private Graph graph;
  private Session session;
  private TFloat32 a;
  private TFloat32 b;
  private org.tensorflow.Operand<TFloat32> product;
  private double gflopPerOp;

  /** Counts the floating-point work done, reported by JMH as a rate (GFLOP/s). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    /** GFLOP done in the current iteration. */
    public double gflop;

    /** Starts each iteration at zero. */
    @Setup(Level.Iteration)
    public void reset() {
      gflop = 0;
    }
  }

  /**
   * Builds the MatMul graph, allocates the two input tensors and runs once (the first run is slow).
   */
  @Setup(Level.Trial)
  public void setUp() {
    TensorFlowLog.setDefault(); // this JVM runs sessions of its own before drtune's
    graph = new Graph();
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> x =
        tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
    Placeholder<TFloat32> y =
        tf.withName("b").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
    if (dtype.equals("bf16")) {
      product =
          tf.dtypes.cast(
              tf.linalg.matMul(
                  tf.dtypes.cast(x, org.tensorflow.types.TBfloat16.class),
                  tf.dtypes.cast(y, org.tensorflow.types.TBfloat16.class)),
              TFloat32.class);
    } else if (dtype.equals("fp32")) {
      product = tf.linalg.matMul(x, y);
    } else {
      throw new IllegalArgumentException("dtype must be fp32 or bf16, got " + dtype);
    }
    session = new Session(graph);
    a = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(random(n * n, 1), true, false));
    b = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(random(n * n, 2), true, false));
    gflopPerOp = 2.0 * n * n * n / 1e9;
    multiply(new Flops());
  }

  /** One MatMul; returns an element of the product so the work cannot be skipped. */
  @Benchmark
  public float matmul(Flops flops) {
    return multiply(flops);
  }

  private float multiply(Flops flops) {
    try (Result r = session.runner().feed("a", a).feed("b", b).fetch(product).run()) {
      flops.gflop += gflopPerOp;
      return ((TFloat32) r.get(0)).getFloat(0, 0);
    }
  }

  /** Frees the tensors, the session and the graph, in reverse order of creation. */
  @TearDown(Level.Trial)
  public void tearDown() {
    Workloads.close(b);
    Workloads.close(a);
    Workloads.close(session);
    Workloads.close(graph);
  }

  private static float[] random(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[count];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    return v;
  }
}
