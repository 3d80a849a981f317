package org.drtune.internal.eval;

import static org.drtune.internal.eval.MetricArguments.checkConfusion;
import static org.drtune.internal.eval.MetricArguments.checkGrades;
import static org.drtune.internal.eval.MetricArguments.checkNumClasses;
import static org.drtune.internal.eval.MetricArguments.checkProbabilities;
import static org.drtune.internal.eval.MetricArguments.checkSameLength;

/**
 * The agreement metrics: how often and how far the predicted grades agree with the true grades. The
 * arg-max grade of each row of probabilities, the accuracy, the confusion matrix and Cohen's kappa
 * with quadratic weights.
 *
 * <pre>{@code
 * int[] predictions = Agreement.argmax(probabilities);
 * double kappa = Agreement.quadraticWeightedKappa(labels, predictions, 5);
 * }</pre>
 */
public final class Agreement {

  private Agreement() {}

  /**
   * The most probable grade of each row; on a tie the lowest grade.
   *
   * @param probabilities {@code N x K} class probabilities
   * @return the {@code N} predicted grades
   */
  public static int[] argmax(float[][] probabilities) {
    int k = checkProbabilities(probabilities);
    int[] predictions = new int[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (probabilities[i][c] > probabilities[i][best]) {
          best = c;
        }
      }
      predictions[i] = best;
    }
    return predictions;
  }

  /**
   * The fraction of predictions equal to the label.
   *
   * @param labels true grades
   * @param predictions predicted grades, same length
   * @return correct / N, in [0, 1]
   */
  public static double accuracy(int[] labels, int[] predictions) {
    checkSameLength(labels, predictions);
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == predictions[i]) {
        correct++;
      }
    }
    return (double) correct / labels.length;
  }

  /**
   * The confusion matrix: entry {@code [t][p]} counts cases of true grade {@code t} predicted as
   * {@code p}.
   *
   * @param labels true grades in {@code 0..numClasses-1}
   * @param predictions predicted grades in {@code 0..numClasses-1}, same length
   * @param numClasses K, at least 2
   * @return a new {@code K x K} matrix, rows = true grade, columns = predicted grade
   */
  public static int[][] confusionMatrix(int[] labels, int[] predictions, int numClasses) {
    checkSameLength(labels, predictions);
    checkNumClasses(numClasses);
    checkGrades("labels", labels, numClasses);
    checkGrades("predictions", predictions, numClasses);
    int[][] confusion = new int[numClasses][numClasses];
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][predictions[i]]++;
    }
    return confusion;
  }

  /**
   * Cohen's kappa with quadratic weights (the Kaggle diabetic-retinopathy and APTOS metric): {@code
   * 1 - sum(W * O) / sum(W * E)} with {@code W[i][j] = (i - j)^2 / (K - 1)^2}, {@code O} the
   * confusion matrix and {@code E} the outer product of the true and predicted grade histograms
   * divided by N.
   *
   * <p>1 is perfect agreement, 0 chance agreement, negative worse than chance. When the expected
   * disagreement {@code sum(W * E)} is 0 — every label and every prediction is the same single
   * grade — chance cannot be corrected for and the result is NaN (as in scikit-learn's {@code
   * cohen_kappa_score}).
   *
   * @param labels true grades in {@code 0..numClasses-1}
   * @param predictions predicted grades, same length
   * @param numClasses K, at least 2
   * @return the kappa in [-1, 1], or NaN as described
   */
  public static double quadraticWeightedKappa(int[] labels, int[] predictions, int numClasses) {
    return quadraticWeightedKappa(confusionMatrix(labels, predictions, numClasses));
  }

  /**
   * The quadratic weighted kappa of a confusion matrix; see {@link #quadraticWeightedKappa(int[],
   * int[], int)}.
   *
   * @param confusion square {@code K x K} counts, rows = true grade, K at least 2
   * @return the kappa, or NaN when the expected disagreement is 0
   */
  public static double quadraticWeightedKappa(int[][] confusion) {
    int k = checkConfusion(confusion);
    double[][] counts = new double[k][k];
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        counts[t][p] = confusion[t][p];
      }
    }
    return kappa(counts);
  }

  /** Kappa of a (possibly weighted) confusion matrix; NaN when the expected disagreement is 0. */
  static double kappa(double[][] observed) {
    int k = observed.length;
    double[] rows = new double[k];
    double[] cols = new double[k];
    double total = 0;
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        rows[t] += observed[t][p];
        cols[p] += observed[t][p];
        total += observed[t][p];
      }
    }
    double observedDisagreement = 0;
    double expectedDisagreement = 0;
    double norm = (double) (k - 1) * (k - 1);
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        double weight = (double) (t - p) * (t - p) / norm;
        observedDisagreement += weight * observed[t][p];
        expectedDisagreement += weight * rows[t] * cols[p] / total;
      }
    }
    if (expectedDisagreement == 0) {
      return Double.NaN;
    }
    return 1 - observedDisagreement / expectedDisagreement;
  }
}
