package org.drtune.internal.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.drtune.models.ModelRecipe;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * Builds the BVLC GoogLeNet inference graph (conv1 … inception_5b, pool5, loss3/classifier, prob)
 * from the raw per-layer weights of a {@link ModelRecipe} and writes it as a frozen TensorFlow
 * GraphDef: weights are {@code Const} nodes, the same kind of file as TensorFlow's own published
 * frozen GoogLeNet.
 *
 * <p>Node names follow Caffe's layer names. For a convolution layer {@code L} (e.g. {@code
 * inception_3a/3x3}) the graph holds {@code L/weights} (HWIO filter), {@code L/biases}, {@code
 * L/conv}, {@code L/bias_add} and the ReLU output named {@code L} itself. Pools and LRNs carry
 * their Caffe names ({@code pool1/3x3_s2}, {@code pool1/norm1}); every inception module ends in
 * {@code <module>/output}; {@code pool5/7x7_s1} is the 7×7 average pool (the 1024-d feature,
 * reshaped as {@code pool5/flatten}); {@code loss3/classifier} is the logits and {@code prob} the
 * softmax. The input placeholder {@code data} takes NHWC, BGR, mean-subtracted images of any size
 * (224×224 reproduces Caffe exactly).
 *
 * <p>Caffe semantics reproduced: conv1 is padded 3 on each side explicitly (TensorFlow's SAME at
 * stride 2 would pad asymmetrically); max pools use SAME, which equals Caffe's ceil mode at
 * 224×224; LRN local_size 5, alpha 1e-4, beta 0.75 becomes depth_radius 2, alpha 2e-5, bias 1.
 */
public final class GoogLeNetConverter {

  /** Inception modules in order, with the max pool that precedes a module marked by its name. */
  private static final List<String> INCEPTION =
      List.of(
          "inception_3a",
          "inception_3b",
          "pool3/3x3_s2",
          "inception_4a",
          "inception_4b",
          "inception_4c",
          "inception_4d",
          "inception_4e",
          "pool4/3x3_s2",
          "inception_5a",
          "inception_5b");

  private final Path modelDir;
  private final ModelRecipe recipe;

  private GoogLeNetConverter(Path modelDir, ModelRecipe recipe) {
    this.modelDir = modelDir;
    this.recipe = recipe;
  }

  /**
   * Builds the frozen GraphDef from the weights in {@code modelDir}.
   *
   * @param modelDir folder holding the recipe's files at their relative paths (already verified)
   * @param recipe the backbone recipe (sizes and shapes of every weight file)
   * @return the frozen inference graph
   * @throws IOException when a weight file cannot be read or has the wrong size
   */
  public static GraphDef convert(Path modelDir, ModelRecipe recipe) throws IOException {
    GoogLeNetConverter c = new GoogLeNetConverter(modelDir, recipe);
    try (Graph g = new Graph()) {
      c.build(new Nodes(g));
      return g.toGraphDef();
    }
  }

  /**
   * Converts and writes the frozen GraphDef to {@code out}, through a temporary file renamed into
   * place, so an existing file is replaced whole or not at all.
   *
   * @return {@code out}
   */
  public static Path writeFrozenGraph(Path modelDir, ModelRecipe recipe, Path out)
      throws IOException {
    GraphDef gd = convert(modelDir, recipe);
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".part");
    try {
      try (OutputStream os = Files.newOutputStream(tmp)) {
        gd.writeTo(os);
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return out;
  }

  private void build(Nodes n) throws IOException {
    Output<TFloat32> x = n.placeholder(recipe.inputNode(), Shape.of(-1, -1, -1, 3));
    // conv1: explicit symmetric pad 3, then VALID stride 2 (Caffe's pad=3 stride=2).
    Output<TFloat32> padded =
        n.pad("conv1/7x7_s2/pad", x, new int[][] {{0, 0}, {3, 3}, {3, 3}, {0, 0}});
    x = conv(n, "conv1/7x7_s2", padded, 2, "VALID");
    x = n.pool("MaxPool", "pool1/3x3_s2", x, 3, 2, "SAME");
    x = n.lrn("pool1/norm1", x, 2, 1f, 2e-5f, 0.75f);
    x = conv(n, "conv2/3x3_reduce", x, 1, "SAME");
    x = conv(n, "conv2/3x3", x, 1, "SAME");
    x = n.lrn("conv2/norm2", x, 2, 1f, 2e-5f, 0.75f);
    x = n.pool("MaxPool", "pool2/3x3_s2", x, 3, 2, "SAME");
    for (String module : INCEPTION) {
      if (module.startsWith("pool")) {
        x = n.pool("MaxPool", module, x, 3, 2, "SAME");
      } else {
        x = inception(n, module, x);
      }
    }
    x = n.pool("AvgPool", recipe.featureNode(), x, 7, 1, "VALID");
    Output<TFloat32> flat = n.reshape("pool5/flatten", x, -1, recipe.featureDepth());
    Output<TFloat32> w =
        n.constant(
            "loss3/classifier/weights",
            fcShape("loss3/classifier"),
            transpose(read("loss3/classifier_filter")));
    Output<TFloat32> b = bias(n, "loss3/classifier");
    Output<TFloat32> logits =
        n.biasAdd(recipe.logitsNode(), n.matMul("loss3/classifier/matmul", flat, w), b);
    n.unary("Softmax", recipe.probabilitiesNode(), logits);
  }

  private Output<TFloat32> inception(Nodes n, String m, Output<TFloat32> in) throws IOException {
    Output<TFloat32> b1 = conv(n, m + "/1x1", in, 1, "SAME");
    Output<TFloat32> b3 = conv(n, m + "/3x3", conv(n, m + "/3x3_reduce", in, 1, "SAME"), 1, "SAME");
    Output<TFloat32> b5 = conv(n, m + "/5x5", conv(n, m + "/5x5_reduce", in, 1, "SAME"), 1, "SAME");
    Output<TFloat32> bp =
        conv(n, m + "/pool_proj", n.pool("MaxPool", m + "/pool", in, 3, 1, "SAME"), 1, "SAME");
    return n.concat(m + "/output", 3, b1, b3, b5, bp);
  }

  private Output<TFloat32> conv(
      Nodes n, String layer, Output<TFloat32> in, int stride, String padding) throws IOException {
    List<Integer> s =
        recipe.requireFile("weights/" + layer + "_filter.bin").shape(); // out, kh, kw, in
    Output<TFloat32> w =
        n.constant(
            layer + "/weights",
            Shape.of(s.get(1), s.get(2), s.get(3), s.get(0)),
            ohwiToHwio(read(layer + "_filter"), s.get(0), s.get(1), s.get(2), s.get(3)));
    Output<TFloat32> b = bias(n, layer);
    return n.unary(
        "Relu",
        layer,
        n.biasAdd(layer + "/bias_add", n.conv2d(layer + "/conv", in, w, stride, padding), b));
  }

  private Output<TFloat32> bias(Nodes n, String layer) throws IOException {
    float[] b = read(layer + "_bias");
    return n.constant(layer + "/biases", Shape.of(b.length), b);
  }

  private Shape fcShape(String layer) {
    List<Integer> s = recipe.requireFile("weights/" + layer + "_filter.bin").shape(); // out, in
    return Shape.of(s.get(1), s.get(0));
  }

  private float[] transpose(float[] outIn) {
    List<Integer> s = recipe.requireFile("weights/loss3/classifier_filter.bin").shape();
    int out = s.get(0);
    int in = s.get(1);
    float[] t = new float[outIn.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        t[i * out + o] = outIn[o * in + i];
      }
    }
    return t;
  }

  /** Permutes a filter stored (out, kh, kw, in) into TensorFlow's (kh, kw, in, out). */
  static float[] ohwiToHwio(float[] w, int out, int kh, int kw, int in) {
    float[] t = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int y = 0; y < kh; y++) {
        for (int x = 0; x < kw; x++) {
          for (int c = 0; c < in; c++) {
            t[((y * kw + x) * in + c) * out + o] = w[((o * kh + y) * kw + x) * in + c];
          }
        }
      }
    }
    return t;
  }

  private float[] read(String stem) throws IOException {
    ModelRecipe.FileEntry entry = recipe.requireFile("weights/" + stem + ".bin");
    Path file = modelDir.resolve(entry.path());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(
          "weight file missing: " + file + " (resolve the model with AssetResolver first)", e);
    }
    if (bytes.length != entry.bytes()) {
      throw new IOException(
          "weight file "
              + file
              + " has "
              + bytes.length
              + " bytes, expected "
              + entry.bytes()
              + ": the file is truncated or from another model; re-download it");
    }
    float[] f = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }
}
