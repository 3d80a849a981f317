package org.drtune.internal.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Scores sorted once, with their tie groups, so that the Mann-Whitney AUC of any weighting of the
 * cases (a bootstrap resample is a weighting by multiplicity) costs one linear pass instead of a
 * sort.
 */
final class RankedScores {

  /** Case indices in ascending score order. */
  private final int[] order;

  /** Exclusive end, in {@link #order}, of each group of equal scores. */
  private final int[] groupEnds;

  RankedScores(double[] scores) {
    order =
        IntStream.range(0, scores.length)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> scores[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    int[] ends = new int[scores.length];
    int groups = 0;
    for (int r = 1; r <= order.length; r++) {
      if (r == order.length || scores[order[r]] != scores[order[r - 1]]) {
        ends[groups++] = r;
      }
    }
    groupEnds = Arrays.copyOf(ends, groups);
  }

  /**
   * The probability that a random positive scores above a random negative, ties counting one half,
   * each case counted {@code weights[i]} times.
   *
   * @param positives which cases are positive
   * @param weights multiplicity of each case, or null for 1 each
   * @return the AUC, or NaN when the weighted positives or negatives are 0
   */
  double auc(boolean[] positives, int[] weights) {
    double negativesBelow = 0;
    double positivesSeen = 0;
    double wins = 0;
    int start = 0;
    for (int end : groupEnds) {
      double groupPositives = 0;
      double groupNegatives = 0;
      for (int r = start; r < end; r++) {
        int i = order[r];
        double w = weights == null ? 1 : weights[i];
        if (positives[i]) {
          groupPositives += w;
        } else {
          groupNegatives += w;
        }
      }
      wins += groupPositives * negativesBelow + 0.5 * groupPositives * groupNegatives;
      negativesBelow += groupNegatives;
      positivesSeen += groupPositives;
      start = end;
    }
    if (positivesSeen == 0 || negativesBelow == 0) {
      return Double.NaN;
    }
    return wins / (positivesSeen * negativesBelow);
  }

  /**
   * The two target operating points of a weighting of the cases: the best specificity among the
   * thresholds whose sensitivity is at least {@code minSensitivity}, and the best sensitivity among
   * those whose specificity is at least {@code minSpecificity} (thresholds: every distinct score,
   * and +Infinity; "positive when score >= threshold", as {@link
   * OperatingPoints#operatingPointAtSensitivity}).
   *
   * @return {specificity at the sensitivity target, sensitivity at the specificity target}; NaN
   *     without weighted positives or negatives
   */
  double[] targetPoints(
      boolean[] positives, int[] weights, double minSensitivity, double minSpecificity) {
    double p = 0;
    double n = 0;
    for (int i = 0; i < order.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (positives[i]) {
        p += w;
      } else {
        n += w;
      }
    }
    if (p == 0 || n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double bestSpec = Double.NaN;
    double bestSens = Double.NaN;
    double tp = 0;
    double fp = 0;
    // from the highest threshold (nothing positive) down through the tie groups
    for (int g = groupEnds.length; g >= 0; g--) {
      if (g < groupEnds.length) {
        int start = g == 0 ? 0 : groupEnds[g - 1];
        for (int r = start; r < groupEnds[g]; r++) {
          int i = order[r];
          double w = weights == null ? 1 : weights[i];
          if (positives[i]) {
            tp += w;
          } else {
            fp += w;
          }
        }
      }
      double sens = tp / p;
      double spec = (n - fp) / n;
      if (sens >= minSensitivity && !(spec <= bestSpec)) {
        bestSpec = spec;
      }
      if (spec >= minSpecificity && !(sens <= bestSens)) {
        bestSens = sens;
      }
    }
    return new double[] {bestSpec, bestSens};
  }
}
