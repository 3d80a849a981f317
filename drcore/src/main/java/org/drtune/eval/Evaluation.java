package org.drtune.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.drtune.internal.eval.Agreement;
import org.drtune.internal.eval.Bootstrap;
import org.drtune.internal.eval.MetricArguments;
import org.drtune.internal.eval.OperatingPoints;
import org.drtune.internal.eval.Ranking;

/**
 * Every metric of a DR grader on one dataset: accuracy, mean one-vs-rest AUC, quadratic weighted
 * kappa, the confusion matrix, referable-DR metrics and bootstrap confidence intervals. An
 * immutable value that Jackson writes and reads as JSON (NaN is written as the string {@code
 * "NaN"}).
 *
 * <pre>{@code
 * Evaluation evaluation = Evaluation.of(labels, probabilities, EvaluationOptions.defaults());
 * System.out.println(evaluation.toText());
 * }</pre>
 *
 * @param n number of cases
 * @param numClasses K, the number of grades
 * @param accuracy accuracy of the argmax predictions
 * @param meanAuc mean one-vs-rest AUC over the grades with a defined AUC (a grade without positive
 *     or without negative cases has none)
 * @param classAuc one-vs-rest AUC of each grade, NaN for a grade absent from the labels
 * @param kappa quadratic weighted kappa of the argmax predictions (NaN when undefined)
 * @param confusion {@code K x K} confusion matrix, rows = true grade, columns = predicted grade
 * @param referable referable-DR metrics
 * @param intervals bootstrap confidence intervals of accuracy, mean AUC and kappa
 */
public record Evaluation(
    int n,
    int numClasses,
    double accuracy,
    double meanAuc,
    double[] classAuc,
    double kappa,
    int[][] confusion,
    ReferableMetrics referable,
    BootstrapIntervals intervals) {

  /** Checks the shapes and copies the arrays, so that the record stays immutable. */
  public Evaluation {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    Objects.requireNonNull(classAuc, "classAuc");
    Objects.requireNonNull(confusion, "confusion");
    Objects.requireNonNull(referable, "referable");
    Objects.requireNonNull(intervals, "intervals");
    if (classAuc.length != numClasses) {
      throw new IllegalArgumentException(
          "classAuc has " + classAuc.length + " values, expected numClasses = " + numClasses);
    }
    if (confusion.length != numClasses) {
      throw new IllegalArgumentException(
          "confusion has " + confusion.length + " rows, expected numClasses = " + numClasses);
    }
    classAuc = classAuc.clone();
    confusion = deepCopy(confusion, numClasses);
  }

  /**
   * Evaluates class probabilities against true grades; predictions are the most probable grade.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param probabilities {@code N x K} class probabilities (softmax outputs)
   * @param options referable grade, decision threshold, targets and bootstrap settings
   * @return the evaluation
   * @throws IllegalArgumentException if the arrays are empty, differ in length, a grade is out of
   *     range, a row is not a probability distribution, or the referable grade is not in {@code
   *     1..K-1}
   */
  public static Evaluation of(int[] labels, float[][] probabilities, EvaluationOptions options) {
    return of(labels, probabilities, options, null);
  }

  /**
   * As {@link #of(int[], float[][], EvaluationOptions)}, with the bootstrap resampling whole
   * clusters: give the patient of each case, so that the two eyes of a patient are drawn together
   * and the intervals stay honest.
   *
   * @param clusters the cluster (patient) of each case, or null to resample cases
   */
  public static Evaluation of(
      int[] labels, float[][] probabilities, EvaluationOptions options, String[] clusters) {
    Objects.requireNonNull(options, "options");
    int k = MetricArguments.checkProbabilities(probabilities);
    int[] predictions = Agreement.argmax(probabilities);
    int[][] confusion = Agreement.confusionMatrix(labels, predictions, k);
    double[] classAuc = Ranking.oneVsRestAuc(labels, probabilities);
    ReferableMetrics referable = OperatingPoints.referable(labels, probabilities, options);
    BootstrapIntervals intervals =
        options.bootstrapResamples() == 0
            ? BootstrapIntervals.skipped(options.bootstrapSeed(), options.confidenceLevel())
            : Bootstrap.bootstrap(
                labels,
                probabilities,
                options.bootstrapResamples(),
                options.bootstrapSeed(),
                options.confidenceLevel(),
                clusters,
                options.referableMinGrade(),
                options.targetSensitivity(),
                options.targetSpecificity());
    return new Evaluation(
        labels.length,
        k,
        Agreement.accuracy(labels, predictions),
        Ranking.meanOneVsRestAuc(labels, probabilities),
        classAuc,
        Agreement.quadraticWeightedKappa(confusion),
        confusion,
        referable,
        intervals);
  }

  /**
   * Evaluates with {@link EvaluationOptions#defaults()}.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param probabilities {@code N x K} class probabilities (softmax outputs)
   * @return the evaluation
   */
  public static Evaluation of(int[] labels, float[][] probabilities) {
    return of(labels, probabilities, EvaluationOptions.defaults());
  }

  /**
   * The one-vs-rest AUC of each grade (a copy).
   *
   * @return K values, NaN for a grade whose AUC is undefined
   */
  @Override
  public double[] classAuc() {
    return classAuc.clone();
  }

  /**
   * The confusion matrix (a copy).
   *
   * @return {@code K x K} counts, rows = true grade, columns = predicted grade
   */
  @Override
  public int[][] confusion() {
    return deepCopy(confusion, numClasses);
  }

  /**
   * A short plain-text summary: the headline metrics with their intervals, the referable operating
   * points and the confusion matrix.
   *
   * @return lines separated by {@code \n}
   */
  public String toText() {
    StringBuilder text = new StringBuilder();
    String ci = String.format(Locale.ROOT, "%.0f%% CI", intervals.level() * 100);
    text.append(
        String.format(
            Locale.ROOT,
            "n = %d, K = %d, bootstrap resamples = %d\n",
            n,
            numClasses,
            intervals.resamples()));
    text.append(String.format(Locale.ROOT, "%-28s %8s  %s\n", "metric", "value", ci));
    text.append(row("accuracy", accuracy, intervals.accuracy()));
    text.append(row("mean one-vs-rest AUC", meanAuc, intervals.meanAuc()));
    text.append(row("quadratic weighted kappa", kappa, intervals.kappa()));
    text.append(
        row(
            "referable (>= " + referable.minGrade() + ") AUC",
            referable.auc(),
            defined(intervals.referableAuc())));
    text.append(point("at threshold", referable.atThreshold(), null));
    text.append(
        point(
            String.format(Locale.ROOT, "at sensitivity >= %.2f", referable.targetSensitivity()),
            referable.atTargetSensitivity(),
            defined(intervals.specificityAtTargetSensitivity()) == null
                ? null
                : "specificity " + format(intervals.specificityAtTargetSensitivity())));
    text.append(
        point(
            String.format(Locale.ROOT, "at specificity >= %.2f", referable.targetSpecificity()),
            referable.atTargetSpecificity(),
            defined(intervals.sensitivityAtTargetSpecificity()) == null
                ? null
                : "sensitivity " + format(intervals.sensitivityAtTargetSpecificity())));
    text.append("confusion (rows = true, columns = predicted)\n");
    text.append("      ");
    for (int p = 0; p < numClasses; p++) {
      text.append(String.format(Locale.ROOT, "%7d", p));
    }
    text.append('\n');
    for (int t = 0; t < numClasses; t++) {
      text.append(String.format(Locale.ROOT, "%6d", t));
      for (int p = 0; p < numClasses; p++) {
        text.append(String.format(Locale.ROOT, "%7d", confusion[t][p]));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** Compares the arrays by content. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Evaluation that
        && n == that.n
        && numClasses == that.numClasses
        && Double.compare(accuracy, that.accuracy) == 0
        && Double.compare(meanAuc, that.meanAuc) == 0
        && Arrays.equals(classAuc, that.classAuc)
        && Double.compare(kappa, that.kappa) == 0
        && Arrays.deepEquals(confusion, that.confusion)
        && referable.equals(that.referable)
        && intervals.equals(that.intervals);
  }

  /** Hashes the arrays by content. */
  @Override
  public int hashCode() {
    return Objects.hash(
        n,
        numClasses,
        accuracy,
        meanAuc,
        Arrays.hashCode(classAuc),
        kappa,
        Arrays.deepHashCode(confusion),
        referable,
        intervals);
  }

  /** Shows the arrays by content. */
  @Override
  public String toString() {
    return "Evaluation[n="
        + n
        + ", numClasses="
        + numClasses
        + ", accuracy="
        + accuracy
        + ", meanAuc="
        + meanAuc
        + ", classAuc="
        + Arrays.toString(classAuc)
        + ", kappa="
        + kappa
        + ", confusion="
        + Arrays.deepToString(confusion)
        + ", referable="
        + referable
        + ", intervals="
        + intervals
        + "]";
  }

  /**
   * Formats a number for reports: three decimals, "n/a" for NaN.
   *
   * @param value the value
   * @return the text
   */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /**
   * Formats an interval for reports: {@code [0.712, 0.801]}, or "n/a" when undefined.
   *
   * @param interval the interval
   * @return the text
   */
  public static String format(ConfidenceInterval interval) {
    return interval.defined()
        ? "[" + format(interval.lower()) + ", " + format(interval.upper()) + "]"
        : "n/a";
  }

  private static String row(String name, double value, ConfidenceInterval interval) {
    String line =
        String.format(
            Locale.ROOT,
            "%-28s %8s  %s",
            name,
            format(value),
            interval == null ? "" : format(interval));
    return line.stripTrailing() + "\n";
  }

  private static String point(String name, OperatingPoint point, String interval) {
    return String.format(
        Locale.ROOT,
        "  %-26s threshold %s: sensitivity %s, specificity %s%s\n",
        name,
        format(point.threshold()),
        format(point.sensitivity()),
        format(point.specificity()),
        interval == null ? "" : " (" + interval + ")");
  }

  /**
   * The interval, or null when it is undefined (no bootstrap, or a card written before it was
   * recorded).
   */
  private static ConfidenceInterval defined(ConfidenceInterval interval) {
    return interval == null || Double.isNaN(interval.lower()) ? null : interval;
  }

  private static int[][] deepCopy(int[][] matrix, int columns) {
    int[][] copy = new int[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      if (matrix[i] == null || matrix[i].length != columns) {
        throw new IllegalArgumentException(
            "confusion row " + i + " must have " + columns + " columns");
      }
      copy[i] = matrix[i].clone();
    }
    return copy;
  }
}
