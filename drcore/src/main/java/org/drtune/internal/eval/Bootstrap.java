package org.drtune.internal.eval;

import static org.drtune.internal.eval.MetricArguments.checkBootstrap;
import static org.drtune.internal.eval.MetricArguments.checkLabelledProbabilities;
import static org.drtune.internal.eval.MetricArguments.checkPairedProbabilities;
import static org.drtune.internal.eval.ResampledStatistics.ACCURACY;
import static org.drtune.internal.eval.ResampledStatistics.KAPPA;
import static org.drtune.internal.eval.ResampledStatistics.MEAN_AUC;
import static org.drtune.internal.eval.ResampledStatistics.REFERABLE_AUC;
import static org.drtune.internal.eval.ResampledStatistics.SENSITIVITY_AT_SPECIFICITY;
import static org.drtune.internal.eval.ResampledStatistics.SPECIFICITY_AT_SENSITIVITY;
import static org.drtune.internal.eval.ResampledStatistics.STATISTICS;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiConsumer;
import org.drtune.eval.BootstrapIntervals;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.PairedDifference;

/**
 * The bootstrap: percentile confidence intervals of the metrics of one set of predictions, and the
 * paired bootstrap of the difference between two, resampling cases or whole clusters (patients).
 * The resampled statistics are those of {@link ResampledStatistics}; the bounds are interpolated
 * quantiles ({@link #percentile}).
 */
public final class Bootstrap {

  private Bootstrap() {}

  /**
   * As {@link #bootstrap(int[], float[][], int, long, double, String[], int, double, double)},
   * resampling cases, with the default referable grade and targets of {@link EvaluationOptions}.
   */
  static BootstrapIntervals bootstrap(
      int[] labels, float[][] probabilities, int resamples, long seed, double level) {
    return bootstrap(
        labels,
        probabilities,
        resamples,
        seed,
        level,
        null,
        EvaluationOptions.DEFAULT_REFERABLE_MIN_GRADE,
        EvaluationOptions.DEFAULT_TARGET_SENSITIVITY,
        EvaluationOptions.DEFAULT_TARGET_SPECIFICITY);
  }

  /**
   * Percentile-bootstrap confidence intervals of the accuracy (of the argmax predictions), the mean
   * one-vs-rest AUC, the quadratic weighted kappa, the referable-DR AUC and the two target
   * operating points, resampling whole clusters when {@code clusters} is given (the two eyes of a
   * patient are not independent: a patient-level bootstrap gives honest intervals).
   *
   * <p>Resample {@code b = 1..resamples} draws N case indices with replacement as {@code
   * random.nextInt(N)}, N times in a row (with C clusters: {@code random.nextInt(C)}, C times),
   * from one {@code new java.util.Random(seed)}; each statistic is computed on every resample, NaN
   * values (say a resample with one grade only) are dropped, and the bounds are the {@code (1 -
   * level) / 2} and {@code (1 + level) / 2} quantiles of the rest, linearly interpolated. An
   * interval is {@link ConfidenceInterval#UNDEFINED} when no resample gave a number.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param probabilities {@code N x K} class probabilities
   * @param resamples number of resamples, at least 1
   * @param seed seed of the resampling
   * @param level confidence level in (0, 1), e.g. 0.95
   * @param clusters the cluster (e.g. patient) of each case, or null to resample cases
   * @param referableMinGrade lowest referable grade
   * @param targetSensitivity sensitivity target of the high-sensitivity operating point
   * @param targetSpecificity specificity target of the high-specificity operating point
   * @return the six intervals
   */
  public static BootstrapIntervals bootstrap(
      int[] labels,
      float[][] probabilities,
      int resamples,
      long seed,
      double level,
      String[] clusters,
      int referableMinGrade,
      double targetSensitivity,
      double targetSpecificity) {
    checkLabelledProbabilities(labels, probabilities);
    checkBootstrap(resamples, level);
    ResampledStatistics stats =
        new ResampledStatistics(
            labels, probabilities, referableMinGrade, targetSensitivity, targetSpecificity);
    ClusterIndex index = ClusterIndex.of(clusters, labels.length);
    double[][] values = resample(index, resamples, seed, stats::compute);
    return new BootstrapIntervals(
        resamples,
        seed,
        level,
        interval(values[ACCURACY], level),
        interval(values[MEAN_AUC], level),
        interval(values[KAPPA], level),
        interval(values[REFERABLE_AUC], level),
        interval(values[SPECIFICITY_AT_SENSITIVITY], level),
        interval(values[SENSITIVITY_AT_SPECIFICITY], level),
        clusters == null ? 0 : index.count());
  }

  /**
   * A paired percentile bootstrap of the difference between two sets of predictions of the same
   * cases ({@code a - b}): every resample draws the same cases (whole clusters when {@code
   * clusters} is given) for both, so what the two have in common — the cases, their difficulty —
   * cancels, and the interval of the difference is much narrower than the two separate intervals
   * suggest. The resampling is the one of {@link #bootstrap(int[], float[][], int, long, double,
   * String[], int, double, double)}.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param a {@code N x K} probabilities of the first model
   * @param b {@code N x K} probabilities of the second model, case for case
   * @param resamples number of resamples, at least 1
   * @param seed seed of the resampling
   * @param level confidence level in (0, 1)
   * @param clusters the cluster (patient) of each case, or null to resample cases
   * @param referableMinGrade lowest referable grade
   * @param targetSensitivity sensitivity target of the high-sensitivity operating point
   * @param targetSpecificity specificity target of the high-specificity operating point
   * @return the point differences, their intervals and how often {@code a}'s referable AUC was the
   *     higher
   */
  public static PairedDifference pairedBootstrap(
      int[] labels,
      float[][] a,
      float[][] b,
      int resamples,
      long seed,
      double level,
      String[] clusters,
      int referableMinGrade,
      double targetSensitivity,
      double targetSpecificity) {
    checkPairedProbabilities(labels, a, b);
    checkBootstrap(resamples, level);
    BiConsumer<int[], double[]> difference =
        difference(
            new ResampledStatistics(
                labels, a, referableMinGrade, targetSensitivity, targetSpecificity),
            new ResampledStatistics(
                labels, b, referableMinGrade, targetSensitivity, targetSpecificity));
    ClusterIndex index = ClusterIndex.of(clusters, labels.length);
    int[] everyCaseOnce = new int[labels.length];
    Arrays.fill(everyCaseOnce, 1);
    double[] point = new double[STATISTICS];
    difference.accept(everyCaseOnce, point);
    double[][] values = resample(index, resamples, seed, difference);
    return new PairedDifference(
        labels.length,
        clusters == null ? 0 : index.count(),
        resamples,
        seed,
        level,
        point[REFERABLE_AUC],
        interval(values[REFERABLE_AUC], level),
        point[SENSITIVITY_AT_SPECIFICITY],
        interval(values[SENSITIVITY_AT_SPECIFICITY], level),
        point[SPECIFICITY_AT_SENSITIVITY],
        interval(values[SPECIFICITY_AT_SENSITIVITY], level),
        point[KAPPA],
        interval(values[KAPPA], level),
        point[ACCURACY],
        interval(values[ACCURACY], level),
        aboveShare(values[REFERABLE_AUC]));
  }

  /**
   * Percentile intervals of the sensitivity and the specificity of the rule "positive when the
   * score is at least {@code threshold}", over {@code resamples} resamples of whole clusters
   * (patients).
   *
   * @param clusters the cluster of each case, or null for one per case
   * @return the sensitivity's interval, then the specificity's
   */
  public static ConfidenceInterval[] atThreshold(
      boolean[] positives,
      double[] scores,
      double threshold,
      String[] clusters,
      int resamples,
      long seed,
      double level) {
    MetricArguments.checkBinary(positives, scores);
    checkBootstrap(resamples, level);
    ClusterIndex index = ClusterIndex.of(clusters, positives.length);
    double[] sens = new double[resamples];
    double[] spec = new double[resamples];
    Random random = new Random(seed);
    int[] counts = new int[positives.length];
    for (int r = 0; r < resamples; r++) {
      index.draw(random, counts);
      long tp = 0;
      long fn = 0;
      long tn = 0;
      long fp = 0;
      for (int i = 0; i < counts.length; i++) {
        boolean called = scores[i] >= threshold;
        if (positives[i]) {
          tp += called ? counts[i] : 0;
          fn += called ? 0 : counts[i];
        } else {
          fp += called ? counts[i] : 0;
          tn += called ? 0 : counts[i];
        }
      }
      sens[r] = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
      spec[r] = tn + fp == 0 ? Double.NaN : (double) tn / (tn + fp);
    }
    return new ConfidenceInterval[] {interval(sens, level), interval(spec, level)};
  }

  /**
   * The {@code p}-quantile of sorted values with linear interpolation between order statistics (the
   * default of NumPy and R's type 7): position {@code h = (m - 1) p}, value {@code x[floor(h)] + (h
   * - floor(h)) (x[floor(h) + 1] - x[floor(h)])}.
   *
   * @param sorted values in ascending order, no NaN
   * @param p quantile in [0, 1]
   * @return the quantile, or NaN for no values
   */
  static double percentile(double[] sorted, double p) {
    Objects.requireNonNull(sorted, "sorted");
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1], got " + p);
    }
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * The statistics of {@code resamples} resamples drawn from one {@code new Random(seed)}.
   *
   * @param statistics fills its second argument with the statistics of the case multiplicities
   *     given as its first
   * @return {@code values[s][r]}, statistic {@code s} of resample {@code r}
   */
  private static double[][] resample(
      ClusterIndex index, int resamples, long seed, BiConsumer<int[], double[]> statistics) {
    double[][] values = new double[STATISTICS][resamples];
    Random random = new Random(seed);
    int[] counts = new int[index.clusterOf().length];
    double[] row = new double[STATISTICS];
    for (int r = 0; r < resamples; r++) {
      index.draw(random, counts);
      statistics.accept(counts, row);
      for (int s = 0; s < row.length; s++) {
        values[s][r] = row[s];
      }
    }
    return values;
  }

  /** The statistics of {@code a} minus those of {@code b}, for the same case multiplicities. */
  private static BiConsumer<int[], double[]> difference(
      ResampledStatistics a, ResampledStatistics b) {
    double[] ra = new double[STATISTICS];
    double[] rb = new double[STATISTICS];
    return (counts, out) -> {
      a.compute(counts, ra);
      b.compute(counts, rb);
      for (int s = 0; s < out.length; s++) {
        out[s] = ra[s] - rb[s];
      }
    };
  }

  /** The share of the defined differences that are above 0; NaN when none is defined. */
  private static double aboveShare(double[] differences) {
    int above = 0;
    int defined = 0;
    for (double d : differences) {
      if (!Double.isNaN(d)) {
        defined++;
        above += d > 0 ? 1 : 0;
      }
    }
    return defined == 0 ? Double.NaN : (double) above / defined;
  }

  /** The percentile interval of the values that are not NaN. */
  private static ConfidenceInterval interval(double[] values, double level) {
    double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (defined.length == 0) {
      return ConfidenceInterval.UNDEFINED;
    }
    return new ConfidenceInterval(
        percentile(defined, (1 - level) / 2), percentile(defined, (1 + level) / 2));
  }
}
