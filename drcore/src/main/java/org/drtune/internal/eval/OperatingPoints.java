package org.drtune.internal.eval;

import static org.drtune.internal.eval.MetricArguments.checkBinary;
import static org.drtune.internal.eval.MetricArguments.checkLabelledProbabilities;
import static org.drtune.internal.eval.MetricArguments.checkMinGrade;
import static org.drtune.internal.eval.MetricArguments.checkProbabilities;
import static org.drtune.internal.eval.MetricArguments.checkTarget;

import java.util.Arrays;
import java.util.Objects;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.OperatingPoint;
import org.drtune.eval.ReferableMetrics;

/**
 * The operating points of referable-DR screening: the referable score and label of each case, the
 * sensitivity and specificity at a decision threshold, at a target sensitivity and at a target
 * specificity, and the {@link ReferableMetrics} that bundles them with the referable AUC.
 *
 * <pre>{@code
 * ReferableMetrics referable = OperatingPoints.referable(labels, probabilities, options);
 * }</pre>
 */
public final class OperatingPoints {

  private OperatingPoints() {}

  /**
   * Every referable-DR metric: AUC of the referable score, the operating point at the decision
   * threshold and the two target operating points, as configured by {@code options}.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param probabilities {@code N x K} class probabilities
   * @param options referable grade, threshold and targets
   * @return the referable metrics
   */
  public static ReferableMetrics referable(
      int[] labels, float[][] probabilities, EvaluationOptions options) {
    Objects.requireNonNull(options, "options");
    checkLabelledProbabilities(labels, probabilities);
    int minGrade = options.referableMinGrade();
    double[] scores = referableScores(probabilities, minGrade);
    boolean[] positives = referableLabels(labels, minGrade);
    int p = countPositives(positives);
    return new ReferableMetrics(
        minGrade,
        p,
        labels.length - p,
        Ranking.rocAuc(positives, scores),
        operatingPoint(positives, scores, options.decisionThreshold()),
        options.targetSensitivity(),
        operatingPointAtSensitivity(positives, scores, options.targetSensitivity()),
        options.targetSpecificity(),
        operatingPointAtSpecificity(positives, scores, options.targetSpecificity()));
  }

  /**
   * The referable-DR score of each case: the summed probability of grades {@code minGrade..K-1}.
   *
   * @param probabilities {@code N x K} class probabilities
   * @param minGrade lowest referable grade, in {@code 1..K-1}
   * @return N scores in [0, 1] (up to rounding)
   */
  static double[] referableScores(float[][] probabilities, int minGrade) {
    int k = checkProbabilities(probabilities);
    checkMinGrade(minGrade, k);
    double[] scores = new double[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      double sum = 0;
      for (int c = minGrade; c < k; c++) {
        sum += probabilities[i][c];
      }
      scores[i] = sum;
    }
    return scores;
  }

  /**
   * Whether each case is referable: true grade {@code >= minGrade}.
   *
   * @param labels true grades, non-negative
   * @param minGrade lowest referable grade, at least 1
   * @return N flags
   */
  static boolean[] referableLabels(int[] labels, int minGrade) {
    Objects.requireNonNull(labels, "labels");
    if (minGrade < 1) {
      throw new IllegalArgumentException(
          "minGrade must be >= 1 (grade 0 is no DR), got " + minGrade);
    }
    boolean[] referable = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        throw new IllegalArgumentException(
            "labels[" + i + "] is " + labels[i] + ", expected a grade >= 0");
      }
      referable[i] = labels[i] >= minGrade;
    }
    return referable;
  }

  /**
   * Sensitivity and specificity of the rule "positive when score {@code >= threshold}".
   *
   * @param positives which cases are positive
   * @param scores score of each case, same length
   * @param threshold decision threshold
   * @return the operating point; sensitivity is NaN without positives, specificity NaN without
   *     negatives
   */
  static OperatingPoint operatingPoint(boolean[] positives, double[] scores, double threshold) {
    checkBinary(positives, scores);
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be a number, got NaN");
    }
    int p = 0;
    int n = 0;
    int tp = 0;
    int tn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean called = scores[i] >= threshold;
      if (positives[i]) {
        p++;
        tp += called ? 1 : 0;
      } else {
        n++;
        tn += called ? 0 : 1;
      }
    }
    return new OperatingPoint(threshold, ratio(tp, p), ratio(tn, n));
  }

  /**
   * The high-sensitivity operating point: among the thresholds whose sensitivity is at least {@code
   * minSensitivity}, the one with the best specificity (on a tie, the better sensitivity).
   * Candidate thresholds are the distinct scores and {@code +Infinity} (call nothing positive).
   *
   * @param positives which cases are positive
   * @param scores score of each case, same length
   * @param minSensitivity required sensitivity, in (0, 1]
   * @return the operating point, or {@link OperatingPoint#UNDEFINED} without positives or without
   *     negatives
   */
  static OperatingPoint operatingPointAtSensitivity(
      boolean[] positives, double[] scores, double minSensitivity) {
    checkTarget("minSensitivity", minSensitivity);
    return bestPoint(positives, scores, minSensitivity, true);
  }

  /**
   * The high-specificity operating point: among the thresholds whose specificity is at least {@code
   * minSpecificity}, the one with the best sensitivity (on a tie, the better specificity).
   * Candidate thresholds are the distinct scores and {@code +Infinity} (call nothing positive).
   *
   * @param positives which cases are positive
   * @param scores score of each case, same length
   * @param minSpecificity required specificity, in (0, 1]
   * @return the operating point, or {@link OperatingPoint#UNDEFINED} without positives or without
   *     negatives
   */
  static OperatingPoint operatingPointAtSpecificity(
      boolean[] positives, double[] scores, double minSpecificity) {
    checkTarget("minSpecificity", minSpecificity);
    return bestPoint(positives, scores, minSpecificity, false);
  }

  /**
   * The best point meeting the target, walking the thresholds from +Infinity down through the
   * distinct scores.
   */
  private static OperatingPoint bestPoint(
      boolean[] positives, double[] scores, double target, boolean targetIsSensitivity) {
    checkBinary(positives, scores);
    int p = countPositives(positives);
    int n = positives.length - p;
    if (p == 0 || n == 0) {
      return OperatingPoint.UNDEFINED;
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    // Threshold +Infinity: nothing called positive.
    OperatingPoint best = null;
    OperatingPoint candidate = new OperatingPoint(Double.POSITIVE_INFINITY, 0, 1);
    int tp = 0;
    int fp = 0;
    int r = 0;
    while (true) {
      best = better(best, candidate, target, targetIsSensitivity);
      if (r == order.length) {
        break;
      }
      double threshold = scores[order[r]];
      while (r < order.length && scores[order[r]] == threshold) {
        if (positives[order[r]]) {
          tp++;
        } else {
          fp++;
        }
        r++;
      }
      candidate = new OperatingPoint(threshold, (double) tp / p, (double) (n - fp) / n);
    }
    return best;
  }

  /**
   * The better of two points for the target, or {@code best} when the candidate misses the target.
   */
  private static OperatingPoint better(
      OperatingPoint best, OperatingPoint candidate, double target, boolean targetIsSensitivity) {
    double constrained = targetIsSensitivity ? candidate.sensitivity() : candidate.specificity();
    if (constrained < target) {
      return best;
    }
    if (best == null) {
      return candidate;
    }
    double gain = targetIsSensitivity ? candidate.specificity() : candidate.sensitivity();
    double bestGain = targetIsSensitivity ? best.specificity() : best.sensitivity();
    double bestConstrained = targetIsSensitivity ? best.sensitivity() : best.specificity();
    if (gain > bestGain || (gain == bestGain && constrained > bestConstrained)) {
      return candidate;
    }
    return best;
  }

  private static int countPositives(boolean[] positives) {
    int p = 0;
    for (boolean positive : positives) {
      p += positive ? 1 : 0;
    }
    return p;
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }
}
