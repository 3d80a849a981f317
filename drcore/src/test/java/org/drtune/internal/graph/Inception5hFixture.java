package org.drtune.internal.graph;

import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * A small generated frozen graph in the naming of TensorFlow's published inception5h GoogLeNet:
 * input {@code input}, {@code conv2d0}, a module {@code mixed3a} joined by a legacy {@code Concat},
 * a second module {@code mixed3b}, {@code avgpool0} and a 1000-way {@code softmax2} head fed by
 * {@code softmax2_w}.
 */
public final class Inception5hFixture {
  static final int SIZE = 16;

  private Inception5hFixture() {}

  public static GraphDef build(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    try (Graph g = new Graph()) {
      Nodes n = new Nodes(g);
      Output<TFloat32> x = n.placeholder("input", Shape.of(-1, -1, -1, 3));
      x = conv(n, rnd, "conv2d0", x, 3, 3, 8, 2);
      x = n.pool("MaxPool", "maxpool0", x, 3, 2, "SAME");
      x = module(n, rnd, "mixed3a", x, 8);
      x = module(n, rnd, "mixed3b", x, 12);
      x = n.pool("AvgPool", "avgpool0", x, 4, 1, "VALID");
      Output<TFloat32> flat = n.reshape("head0_reshape", x, -1, 12);
      Output<TFloat32> w = n.constant("softmax2_w", Shape.of(12, 10), randoms(rnd, 120));
      Output<TFloat32> b = n.constant("softmax2_b", Shape.of(10), randoms(rnd, 10));
      n.unary(
          "Softmax",
          "softmax2",
          n.biasAdd("softmax2_pre_activation", n.matMul("softmax2_matmul", flat, w), b));
      return g.toGraphDef();
    }
  }

  private static Output<TFloat32> module(
      Nodes n, SplittableRandom rnd, String name, Output<TFloat32> in, int depth) {
    Output<TFloat32> a = conv(n, rnd, name + "_1x1", in, 1, depth, 4, 1);
    Output<TFloat32> r = conv(n, rnd, name + "_3x3_bottleneck", in, 1, depth, 4, 1);
    Output<TFloat32> c = conv(n, rnd, name + "_3x3", r, 3, 4, 4, 1);
    Output<TFloat32> p =
        conv(
            n,
            rnd,
            name + "_pool_reduce",
            n.pool("MaxPool", name + "_pool", in, 3, 1, "SAME"),
            1,
            depth,
            4,
            1);
    return n.legacyConcat(name, 3, a, c, p);
  }

  private static Output<TFloat32> conv(
      Nodes n,
      SplittableRandom rnd,
      String name,
      Output<TFloat32> in,
      int k,
      int inDepth,
      int outDepth,
      int stride) {
    Output<TFloat32> w =
        n.constant(
            name + "_w",
            Shape.of(k, k, inDepth, outDepth),
            randoms(rnd, k * k * inDepth * outDepth));
    Output<TFloat32> b = n.constant(name + "_b", Shape.of(outDepth), randoms(rnd, outDepth));
    Output<TFloat32> pre =
        n.biasAdd(name + "_pre_relu", n.conv2d(name + "_pre_relu/conv", in, w, stride, "SAME"), b);
    return n.unary("Relu", name, pre);
  }

  public static float[] randoms(SplittableRandom rnd, int count) {
    float[] f = new float[count];
    for (int i = 0; i < count; i++) {
      f[i] = (float) (rnd.nextDouble() - 0.5) * 0.5f;
    }
    return f;
  }
}
