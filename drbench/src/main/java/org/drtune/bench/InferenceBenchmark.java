package org.drtune.bench;

import java.util.concurrent.TimeUnit;
import org.drtune.Device;
import org.drtune.Precision;
import org.drtune.TensorFlowLog;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.models.ModelRecipe;
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
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * "The limit": a raw {@code Session.run} of the frozen BVLC GoogLeNet on ready-made input tensors,
 * with no Java-side preprocessing, copying or head. Scores are images per second
 * ({@code @OperationsPerInvocation} = batch size; one method per batch size because that annotation
 * takes a constant).
 *
 * <p>At 224×224 it fetches {@code pool5/7x7_s1}, the pooled 1024-d feature; at other sizes the 7×7
 * average pool does not fit, so it fetches the cut node {@code inception_5b/output} (the pool and
 * the old classifier are under 0.1 % of the work).
 *
 * <p>{@link ClassifierBenchmark} measures the same work through the public {@code DrClassifier}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class InferenceBenchmark {

  /** Side of the square input. */
  @Param({"224"})
  public int size;

  /**
   * {@code fp32}, or {@code bf16} (oneDNN's bfloat16 auto-mixed precision, where the CPU has it).
   */
  @Param({"fp32"})
  public String precision;

  /**
   * A lever to measure against the default session: {@code default}; {@code intra1} / {@code
   * intra2} (that many intra-op threads; TensorFlow's default uses every core); {@code inter1} /
   * {@code inter2} (inter-op threads); {@code no-remapping} (Grappler does not fuse Conv2D +
   * BiasAdd + Relu into oneDNN kernels); {@code no-layout} (no layout optimizer); {@code
   * no-grappler} (no graph rewriting at all; bf16 then runs in fp32, as its rewrite is a Grappler
   * pass).
   */
  @Param({"default"})
  public String lever;

  private Graph graph;
  private Session session;
  private String inputNode;
  private String fetchNode;
  private TFloat32 batch1;
  private TFloat32 batch8;
  private TFloat32 batch32;

  /** Imports the frozen graph, opens the session, allocates the inputs and runs each batch once. */
  @Setup(Level.Trial)
  public void setUp() {
    TensorFlowLog.setDefault(); // this JVM runs sessions of its own before drtune's
    Backbone backbone = Workloads.googLeNet();
    ModelRecipe recipe = ModelRecipe.bvlcGoogLeNet();
    inputNode = recipe.inputNode();
    fetchNode = size == 224 ? recipe.featureNode() : backbone.profile().lastLayer().output();
    graph = new Graph();
    graph.importGraphDef(backbone.frozen());
    session =
        new Session(
            graph,
            withLever(
                SessionConfig.configProto(
                    Device.cpu(),
                    Precision.parse(precision),
                    w -> System.err.println("warning: " + w)),
                lever));
    batch1 = input(1);
    batch8 = input(8);
    batch32 = input(32);
    run(batch1);
    run(batch8);
    run(batch32);
  }

  /** The session options with one lever pulled (see {@link #lever}). */
  static org.tensorflow.proto.ConfigProto withLever(
      org.tensorflow.proto.ConfigProto base, String lever) {
    org.tensorflow.proto.ConfigProto.Builder b = base.toBuilder();
    org.tensorflow.proto.RewriterConfig.Builder rw =
        b.getGraphOptions().getRewriteOptions().toBuilder();
    org.tensorflow.proto.RewriterConfig.Toggle off = org.tensorflow.proto.RewriterConfig.Toggle.OFF;
    switch (lever) {
      case "default" -> {
        return base;
      }
      case "intra1" -> b.setIntraOpParallelismThreads(1);
      case "intra2" -> b.setIntraOpParallelismThreads(2);
      case "inter1" -> b.setInterOpParallelismThreads(1);
      case "inter2" -> b.setInterOpParallelismThreads(2);
      case "no-remapping" -> rw.setRemapping(off);
      case "no-layout" -> rw.setLayoutOptimizer(off);
      case "no-grappler" -> rw.setDisableMetaOptimizer(true);
      default -> throw new IllegalArgumentException("unknown lever '" + lever + "'");
    }
    b.setGraphOptions(b.getGraphOptions().toBuilder().setRewriteOptions(rw));
    return b.build();
  }

  private TFloat32 input(int count) {
    return TFloat32.tensorOf(
        Shape.of(count, size, size, 3),
        DataBuffers.of(Workloads.randomPixels(count, size, count), true, false));
  }

  /** Forward pass of one image. */
  @Benchmark
  @OperationsPerInvocation(1)
  public float batch1() {
    return run(batch1);
  }

  /** Forward pass of 8 images. */
  @Benchmark
  @OperationsPerInvocation(8)
  public float batch8() {
    return run(batch8);
  }

  /** Forward pass of 32 images. */
  @Benchmark
  @OperationsPerInvocation(32)
  public float batch32() {
    return run(batch32);
  }

  private float run(TFloat32 x) {
    try (Result r = session.runner().feed(inputNode, x).fetch(fetchNode).run()) {
      return ((TFloat32) r.get(0)).getFloat(0, 0, 0, 0);
    }
  }

  /** Frees the inputs, the session and the graph, in reverse order of creation. */
  @TearDown(Level.Trial)
  public void tearDown() {
    Workloads.close(batch32);
    Workloads.close(batch8);
    Workloads.close(batch1);
    Workloads.close(session);
    Workloads.close(graph);
  }
}
