package org.drtune.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/**
 * The head of a loaded model as the class activation map needs it: the pre-pool feature map the
 * head averages globally ({@link HeadNodes#FEATURES} is a {@code Mean} over height and width of
 * that node), and the head's weights copied into Java arrays. Read once per model from its graph
 * and session; immutable afterwards.
 *
 * <p><b>The map of the referable score.</b> Let {@code f(x,y)} be the feature vector of grid cell
 * {@code (x,y)} and {@code g} their mean (what the head sees; dropout is off at inference). The
 * referable output is {@code P = P(class ≥ r)}; its log-odds {@code L = log P − log(1 − P)} is what
 * the map explains, because for a linear head on {@code g} it splits exactly into cells:
 *
 * <ul>
 *   <li><b>Softmax head</b> (logits {@code z = Wᵀg + b}): {@code log Σ_{k∈R} e^{z_k} = Σ_{k∈R} q_k
 *       z_k + H(q_R)} with {@code q_R} the softmax within the referable classes {@code R} (and
 *       {@code q_N} within the others), so {@code L = Σ_k c_k z_k + H(q_R) − H(q_N)} with {@code
 *       c_k = q_k} for {@code k ∈ R} and {@code c_k = −q_k} otherwise. The map is {@code M(x,y) =
 *       Σ_k c_k w_kᵀ f(x,y) + Σ_k c_k b_k + H(q_R) − H(q_N)}: its mean over the cells is exactly
 *       {@code L}. The {@code c_k} depend on the photograph (they are {@code ∂L/∂z_k}), so this is
 *       also Grad-CAM of {@code L}; with two classes {@code c = (−1, 1)}, the entropies vanish and
 *       the map is the plain CAM of the logit contrast {@code z_1 − z_0} (Zhou et al., 2016).
 *   <li><b>Ordinal head</b> (score {@code s = wᵀg}, thresholds {@code t}): {@code P(grade ≥ r) =
 *       sigmoid(s − t_{r−1})}, so {@code L = s − t_{r−1}} and {@code M(x,y) = wᵀf(x,y) − t_{r−1}};
 *       its mean is {@code L} up to the head's 1e-7 probability floor.
 * </ul>
 *
 * The constant parts spread evenly over the cells: only the differences between cells say where the
 * evidence lies, and the mean says how much there is.
 *
 * @param featureNode the node whose output the head pools, [N, H, W, D] (H and W are known only
 *     when it runs: the input size is not fixed in the graph)
 * @param depth its depth D
 * @param classes the number of outputs K
 * @param weights the head's weights, row-major [D, K] (softmax) or [D] (ordinal)
 * @param biases the softmax head's biases [K], or null for an ordinal head
 * @param thresholds the ordinal head's K − 1 thresholds, or null for a softmax head
 */
public record ActivationHead(
    String featureNode,
    int depth,
    int classes,
    float[] weights,
    float[] biases,
    float[] thresholds) {

  /**
   * Reads the head of {@code model}.
   *
   * @throws UnsupportedOperationException when the model's head does not pool a spatial feature map
   *     globally (the message says why and what to do)
   */
  public static ActivationHead of(ModelLoader.Loaded model) {
    Graph graph = model.bundle().graph();
    GraphOperation gap = graph.operation(HeadNodes.FEATURES);
    if (gap == null || !gap.type().equals("Mean") || graph.operation(HeadNodes.WEIGHTS) == null) {
      throw cannot(model, "its graph has no global average pooling " + HeadNodes.FEATURES);
    }
    Output<?> in = gap.input(0);
    long[] shape = in.shape().numDimensions() == 4 ? in.shape().asArray() : null;
    if (shape == null || shape[3] <= 0 || shape[1] == 1 && shape[2] == 1) {
      throw cannot(model, "the pooled node " + in.op().name() + " has shape " + in.shape());
    }
    int k = model.card().numClasses();
    boolean ordinal = graph.operation(HeadNodes.FIRST_THRESHOLD) != null;
    List<String> names = new ArrayList<>(List.of(HeadNodes.WEIGHTS));
    names.add(ordinal ? HeadNodes.FIRST_THRESHOLD : HeadNodes.BIASES);
    if (ordinal && k > 2) {
      names.add(HeadNodes.GAPS);
    }
    Map<String, float[]> v = VariableValues.read(model.bundle().session(), names);
    return new ActivationHead(
        in.op().name() + (in.index() == 0 ? "" : ":" + in.index()),
        (int) shape[3],
        k,
        v.get(HeadNodes.WEIGHTS),
        ordinal ? null : v.get(HeadNodes.BIASES),
        ordinal ? thresholds(v.get(HeadNodes.FIRST_THRESHOLD)[0], v.get(HeadNodes.GAPS)) : null);
  }

  /**
   * The error of a model whose feature map came out as a {@code height × width} grid that cannot be
   * pointed into (a single cell) or turned back (not square).
   */
  public static UnsupportedOperationException noGrid(
      ModelLoader.Loaded model, String node, long height, long width) {
    return cannot(
        model,
        "its head pools "
            + node
            + ", a "
            + height
            + "x"
            + width
            + " grid at "
            + model.card().preprocessing().inputSize()
            + " px: "
            + (height * width < 2
                ? "there is no place to point at (cut the backbone at a layer that keeps a"
                    + " spatial grid, such as inception_5b, or use a larger input, and train"
                    + " again)"
                : "the views of test-time augmentation can be turned back only on a square grid"));
  }

  private static UnsupportedOperationException cannot(ModelLoader.Loaded model, String why) {
    return new UnsupportedOperationException(
        "model "
            + model.card().backbone()
            + " ("
            + model.card().strategy()
            + ", cut at "
            + model.card().cutNode()
            + ") cannot give an evidence map: "
            + why
            + ". Class activation maps need a head that averages a spatial feature map; classify"
            + " without one, or train a model with such a head (every drtune strategy has one"
            + " when its cut layer keeps a grid)");
  }

  /** The ordinal thresholds: the first, then running sums of the softplus'd gaps. */
  static float[] thresholds(float first, float[] gaps) {
    int n = 1 + (gaps == null ? 0 : gaps.length);
    float[] t = new float[n];
    t[0] = first;
    for (int j = 1; j < n; j++) {
      double x = gaps[j - 1];
      double softplus = x > 30 ? x : Math.log1p(Math.exp(x));
      t[j] = (float) (t[j - 1] + softplus);
    }
    return t;
  }

  /**
   * The map of one image on the feature grid, row-major [H, W], in log-odds of referable DR: its
   * mean is the referable logit the head computes from the mean of {@code features} (see the class
   * comment).
   *
   * @param features feature maps, row-major [N, H, W, D]
   * @param offset where the image's [H, W, D] values start in {@code features}
   * @param cells H × W
   * @param from the first referable class (1..K−1)
   */
  public float[] map(float[] features, int offset, int cells, int from) {
    if (from < 1 || from >= classes) {
      throw new IllegalArgumentException("from must be 1.." + (classes - 1) + ", got " + from);
    }
    double[] pooled = new double[depth];
    for (int c = 0; c < cells; c++) {
      for (int d = 0; d < depth; d++) {
        pooled[d] += features[offset + c * depth + d];
      }
    }
    for (int d = 0; d < depth; d++) {
      pooled[d] /= cells;
    }
    double[] direction = new double[depth];
    double constant = contrast(pooled, from, direction);
    float[] map = new float[cells];
    for (int c = 0; c < cells; c++) {
      double s = constant;
      int at = offset + c * depth;
      for (int d = 0; d < depth; d++) {
        s += direction[d] * features[at + d];
      }
      map[c] = (float) s;
    }
    return map;
  }

  /**
   * Fills {@code direction} with the weights of the referable log-odds over one feature vector and
   * returns the constant part, both at the pooled features {@code g}.
   */
  private double contrast(double[] g, int from, double[] direction) {
    if (thresholds != null) {
      for (int d = 0; d < depth; d++) {
        direction[d] = weights[d];
      }
      return -thresholds[from - 1];
    }
    double[] z = new double[classes];
    for (int k = 0; k < classes; k++) {
      z[k] = biases[k];
      for (int d = 0; d < depth; d++) {
        z[k] += weights[d * classes + k] * g[d];
      }
    }
    double[] c = new double[classes];
    double constant = groupSoftmax(z, from, classes, c, 1) - groupSoftmax(z, 0, from, c, -1);
    for (int k = 0; k < classes; k++) {
      constant += c[k] * biases[k];
      for (int d = 0; d < depth; d++) {
        direction[d] += c[k] * weights[d * classes + k];
      }
    }
    return constant;
  }

  /**
   * Writes {@code sign} × the softmax of {@code z[lo..hi)} into {@code c[lo..hi)}; returns its
   * entropy.
   */
  private static double groupSoftmax(double[] z, int lo, int hi, double[] c, int sign) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = lo; k < hi; k++) {
      max = Math.max(max, z[k]);
    }
    double sum = 0;
    for (int k = lo; k < hi; k++) {
      sum += Math.exp(z[k] - max);
    }
    double entropy = 0;
    for (int k = lo; k < hi; k++) {
      double q = Math.exp(z[k] - max) / sum;
      c[k] = sign * q;
      entropy -= q > 0 ? q * Math.log(q) : 0;
    }
    return entropy;
  }
}
