package org.drtune.grading;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a model found the evidence for referable DR in one photograph: the class activation map of
 * its referable score (Zhou et al., CVPR 2016), at the photograph's own resolution, from {@link
 * DrClassifier#explain(java.nio.file.Path)}.
 *
 * <p><b>Scale.</b> Values are in log-odds of referable DR (natural logarithm). On the network's
 * input square the map's mean is the referable log-odds {@code log(P / (1 − P))} the model
 * computes, averaged over the views of test-time augmentation and the members of an ensemble, so a
 * region's values say how much it adds to the decision: positive values push towards referral,
 * negative values away from it, and a region of 10 % of the input square with values 2 above the
 * rest contributes 0.2 to the log-odds. Only differences within a map are local: the head's
 * constant part is spread evenly. Pixels outside the field of view, and outside the region the
 * network saw, are 0. {@link #normalized()} gives a [0, 1] version for display.
 *
 * <p><b>How it is made.</b> The head of every drtune model averages the last feature map of the
 * backbone over its grid ({@code 7×7} cells of inception_5b for GoogLeNet at 224 pixels) and
 * applies a linear layer. The referable log-odds of the pooled features is, cell by cell, a
 * weighted sum of the cells' features: for a softmax head the weights are the head's weights
 * contrasted between the referable and the other classes ({@code Σ c_k w_k} with {@code c_k} the
 * softmax of the logits within the referable classes, minus that within the others: the gradient of
 * the log-odds, exact for two classes, where it is {@code w_1 − w_0}); for an ordinal head they are
 * the score's weights, and the referable threshold is subtracted. Each view of test-time
 * augmentation gets its map, turned back to the photograph's orientation; the views' maps and the
 * members' are averaged; the result is interpolated bilinearly from the centres of the cells onto
 * the photograph.
 *
 * <p><b>Measured.</b> On the default EyePACS model and the 146 referable photographs of the raw
 * hold-out, greying out the map's highest 10 % or 20 % of the field of view lowered the referable
 * probability less than greying out random regions of the same size and smoothness
 * (docs/RESULTS.md, section 9): at 7×7 cells the map does not localise lesions in full-size
 * photographs, so do not read it as the place of a lesion. It is exact as a decomposition of the
 * log-odds, and on a model whose evidence is one coarse spot it finds the spot.
 *
 * @param width the photograph's width in pixels
 * @param height the photograph's height in pixels
 * @param values {@code width × height} values, row-major (index {@code y * width + x}), in log-odds
 *     of referable DR; 0 outside the field of view
 * @param result the classification the map explains (as {@link DrClassifier#classify} gives it,
 *     within float rounding)
 * @param featureNode the feature map the map is made of (the first member's, for an ensemble)
 * @param gridSize the number of cells across that feature map (the first member's)
 * @param views the number of views of the photograph averaged (1 without test-time augmentation)
 * @param members the number of models averaged (1 unless an ensemble)
 */
public record EvidenceMap(
    int width,
    int height,
    float[] values,
    DrResult result,
    String featureNode,
    int gridSize,
    int views,
    int members) {

  /** Checks the sizes and copies the values. */
  public EvidenceMap {
    Objects.requireNonNull(result, "result");
    if (width < 1 || height < 1 || values == null || values.length != (long) width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " map needs "
              + (long) width * height
              + " values, got "
              + (values == null ? "none" : values.length));
    }
    values = values.clone();
  }

  /** The values, row-major (a copy). */
  @Override
  public float[] values() {
    return values.clone();
  }

  /** The value at pixel ({@code x}, {@code y}). */
  public float value(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    return values[y * width + x];
  }

  /** The largest value (0 when every value is negative or 0). */
  public float max() {
    float m = 0;
    for (float v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  /**
   * The positive evidence scaled to [0, 1] for display: {@code max(0, v) / max()}, all 0 when no
   * value is positive.
   */
  public float[] normalized() {
    float m = max();
    float[] out = new float[values.length];
    if (m > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.max(0, values[i]) / m;
      }
    }
    return out;
  }

  /** Equal maps: same size, values, result and provenance. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EvidenceMap e
        && width == e.width
        && height == e.height
        && Arrays.equals(values, e.values)
        && result.equals(e.result)
        && Objects.equals(featureNode, e.featureNode)
        && gridSize == e.gridSize
        && views == e.views
        && members == e.members;
  }

  /** A hash of the size, values and result. */
  @Override
  public int hashCode() {
    return Objects.hash(width, height, Arrays.hashCode(values), result, featureNode, gridSize);
  }

  /** The size, provenance and largest value; not the values. */
  @Override
  public String toString() {
    return "EvidenceMap["
        + width
        + "x"
        + height
        + ", "
        + featureNode
        + " "
        + gridSize
        + "x"
        + gridSize
        + ", "
        + views
        + " view(s), "
        + members
        + " member(s), max "
        + max()
        + ", referable p = "
        + result.referableProbability()
        + "]";
  }
}
