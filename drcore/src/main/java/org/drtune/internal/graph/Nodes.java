package org.drtune.internal.graph;

import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds graph nodes with exact, '/'-separated names (such as {@code conv1/7x7_s2}), which the
 * generated op wrappers cannot do: {@code Ops.withName} rejects '/' and sub-scopes rename clashing
 * names.
 *
 * <p>Internal: no compatibility promise.
 */
public final class Nodes {
  private final Graph graph;
  private final Scope scope;

  /** Nodes built in {@code graph}'s base scope. */
  public Nodes(Graph graph) {
    this(graph, Ops.create(graph).scope());
  }

  /** Nodes built in {@code graph} under {@code scope} (e.g. an init scope). */
  public Nodes(Graph graph, Scope scope) {
    this.graph = graph;
    this.scope = scope;
  }

  /** The graph. */
  public Graph graph() {
    return graph;
  }

  /** Nodes built in an init scope: they run once when a session first runs the graph. */
  public Nodes initScope() {
    return new Nodes(graph, Ops.create(graph).withInitScope().scope());
  }

  /**
   * A builder for an op of {@code type} with exactly {@code name}; fails when the name is taken.
   */
  public OperationBuilder op(String type, String name) {
    if (graph.operation(name) != null) {
      throw new IllegalStateException("graph already has a node named " + name);
    }
    return graph.opBuilder(type, name, scope);
  }

  /** A float32 constant of the given shape. */
  public Output<TFloat32> constant(String name, Shape shape, float[] values) {
    if (shape.size() != values.length) {
      throw new IllegalArgumentException(
          "constant "
              + name
              + ": shape "
              + shape
              + " needs "
              + shape.size()
              + " values, got "
              + values.length);
    }
    try (TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(values, true, false))) {
      return op("Const", name)
          .setAttr("dtype", DataType.DT_FLOAT)
          .setAttr("value", t)
          .build()
          .output(0);
    }
  }

  /** An int32 constant of the given shape. */
  public Output<TInt32> constant(String name, Shape shape, int[] values) {
    try (TInt32 t = TInt32.tensorOf(shape, DataBuffers.of(values, true, false))) {
      return op("Const", name)
          .setAttr("dtype", DataType.DT_INT32)
          .setAttr("value", t)
          .build()
          .output(0);
    }
  }

  /** A float32 placeholder. */
  public Output<TFloat32> placeholder(String name, Shape shape) {
    return op("Placeholder", name)
        .setAttr("dtype", DataType.DT_FLOAT)
        .setAttr("shape", shape)
        .build()
        .output(0);
  }

  /** Conv2D with NHWC layout. */
  public Output<TFloat32> conv2d(
      String name, Operand<TFloat32> input, Operand<TFloat32> filter, int stride, String padding) {
    return op("Conv2D", name)
        .addInput(input.asOutput())
        .addInput(filter.asOutput())
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("strides", new long[] {1, stride, stride, 1})
        .setAttr("padding", padding)
        .setAttr("data_format", "NHWC")
        .build()
        .output(0);
  }

  /** BiasAdd with NHWC layout. */
  public Output<TFloat32> biasAdd(String name, Operand<TFloat32> input, Operand<TFloat32> bias) {
    return op("BiasAdd", name)
        .addInput(input.asOutput())
        .addInput(bias.asOutput())
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("data_format", "NHWC")
        .build()
        .output(0);
  }

  /** A single-input op with attr T=float (Relu, Softmax, Identity ...). */
  public Output<TFloat32> unary(String type, String name, Operand<TFloat32> input) {
    return op(type, name)
        .addInput(input.asOutput())
        .setAttr("T", DataType.DT_FLOAT)
        .build()
        .output(0);
  }

  /**
   * MaxPool or AvgPool (the legacy ops with ksize/strides attrs, as in published frozen graphs).
   */
  public Output<TFloat32> pool(
      String type, String name, Operand<TFloat32> input, int size, int stride, String padding) {
    return op(type, name)
        .addInput(input.asOutput())
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("ksize", new long[] {1, size, size, 1})
        .setAttr("strides", new long[] {1, stride, stride, 1})
        .setAttr("padding", padding)
        .setAttr("data_format", "NHWC")
        .build()
        .output(0);
  }

  /** Local response normalisation across channels. */
  public Output<TFloat32> lrn(
      String name, Operand<TFloat32> input, long depthRadius, float bias, float alpha, float beta) {
    return op("LRN", name)
        .addInput(input.asOutput())
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("depth_radius", depthRadius)
        .setAttr("bias", bias)
        .setAttr("alpha", alpha)
        .setAttr("beta", beta)
        .build()
        .output(0);
  }

  /** ConcatV2 of float tensors along {@code axis}. */
  @SafeVarargs
  public final Output<TFloat32> concat(String name, int axis, Output<TFloat32>... values) {
    Output<TInt32> axisConst = constant(name + "/axis", Shape.scalar(), new int[] {axis});
    return op("ConcatV2", name)
        .addInputList(values)
        .addInput(axisConst)
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("N", values.length)
        .setAttr("Tidx", DataType.DT_INT32)
        .build()
        .output(0);
  }

  /** Legacy Concat (concat_dim first), as in TensorFlow's old frozen graphs. */
  @SafeVarargs
  public final Output<TFloat32> legacyConcat(String name, int axis, Output<TFloat32>... values) {
    Output<TInt32> dim = constant(name + "/concat_dim", Shape.scalar(), new int[] {axis});
    return op("Concat", name)
        .addInput(dim)
        .addInputList(values)
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("N", values.length)
        .build()
        .output(0);
  }

  /** Pads a float tensor with zeros. */
  public Output<TFloat32> pad(String name, Operand<TFloat32> input, int[][] paddings) {
    int[] flat = Arrays.stream(paddings).flatMapToInt(Arrays::stream).toArray();
    Output<TInt32> p = constant(name + "/paddings", Shape.of(paddings.length, 2), flat);
    return op("Pad", name)
        .addInput(input.asOutput())
        .addInput(p)
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("Tpaddings", DataType.DT_INT32)
        .build()
        .output(0);
  }

  /** Reshape to a constant shape. */
  public Output<TFloat32> reshape(String name, Operand<TFloat32> input, int... shape) {
    Output<TInt32> s = constant(name + "/shape", Shape.of(shape.length), shape);
    return op("Reshape", name)
        .addInput(input.asOutput())
        .addInput(s)
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("Tshape", DataType.DT_INT32)
        .build()
        .output(0);
  }

  /** MatMul of two float matrices. */
  public Output<TFloat32> matMul(String name, Operand<TFloat32> a, Operand<TFloat32> b) {
    return op("MatMul", name)
        .addInput(a.asOutput())
        .addInput(b.asOutput())
        .setAttr("T", DataType.DT_FLOAT)
        .setAttr("transpose_a", false)
        .setAttr("transpose_b", false)
        .build()
        .output(0);
  }

  /** The operation named {@code name}, or an error that says which node is missing. */
  public Operation require(String name) {
    Operation op = graph.operation(name);
    if (op == null) {
      throw new IllegalArgumentException("graph has no node named '" + name + "'");
    }
    return op;
  }
}
