package org.drtune.internal.eval;

import static org.drtune.internal.eval.MetricArguments.checkBinary;
import static org.drtune.internal.eval.MetricArguments.checkLabelledProbabilities;

/**
 * The ranking metrics: how well the scores order the cases, whatever the threshold. The ROC AUC of
 * a binary problem, the one-vs-rest AUC of each grade and their mean, all in the Mann-Whitney form
 * computed by {@link RankedScores}.
 *
 * <pre>{@code
 * double auc = Ranking.meanOneVsRestAuc(labels, probabilities);
 * }</pre>
 */
public final class Ranking {

  private Ranking() {}

  /**
   * The ROC AUC of a binary problem in its Mann-Whitney form: the probability that a random
   * positive scores higher than a random negative, a tie counting one half. Equals the trapezoidal
   * area under the ROC curve.
   *
   * @param positives which cases are positive
   * @param scores score of each case, higher meaning more likely positive; same length, no NaN
   * @return the AUC in [0, 1], or NaN when every case is positive or every case is negative
   */
  static double rocAuc(boolean[] positives, double[] scores) {
    checkBinary(positives, scores);
    return new RankedScores(scores).auc(positives, null);
  }

  /**
   * The one-vs-rest AUC of each grade: entry {@code k} is {@code rocAuc(labels == k,
   * probabilities[:, k])}.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param probabilities {@code N x K} class probabilities
   * @return K AUCs; NaN for a grade absent from the labels (no positives) or the only grade present
   */
  public static double[] oneVsRestAuc(int[] labels, float[][] probabilities) {
    int k = checkLabelledProbabilities(labels, probabilities);
    double[] aucs = new double[k];
    for (int c = 0; c < k; c++) {
      aucs[c] = new RankedScores(column(probabilities, c)).auc(isClass(labels, c), null);
    }
    return aucs;
  }

  /**
   * The mean one-vs-rest ROC AUC over the K grades, as MedMNIST reports it: the average over grades
   * {@code k} of {@code rocAuc(labels == k, probabilities[:, k])}.
   *
   * <p>A grade whose AUC is undefined — absent from the labels, or the only grade present — is
   * skipped: the mean is over the grades with a defined AUC (MedMNIST's code would fail on such a
   * grade; skipping is scikit-learn's behaviour for averaged scores over present classes). NaN when
   * no grade has a defined AUC, i.e. when only one grade occurs in the labels.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param probabilities {@code N x K} class probabilities
   * @return the mean AUC, or NaN as described
   */
  public static double meanOneVsRestAuc(int[] labels, float[][] probabilities) {
    return meanDefined(oneVsRestAuc(labels, probabilities));
  }

  /** The mean of the values that are not NaN; NaN when there is none. */
  static double meanDefined(double[] values) {
    double sum = 0;
    int count = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The scores of grade {@code c}: column {@code c} of the probabilities. */
  static double[] column(float[][] probabilities, int c) {
    double[] column = new double[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      column[i] = probabilities[i][c];
    }
    return column;
  }

  /** The positives of grade {@code c} against the rest: {@code labels == c}. */
  static boolean[] isClass(int[] labels, int c) {
    boolean[] flags = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      flags[i] = labels[i] == c;
    }
    return flags;
  }
}
