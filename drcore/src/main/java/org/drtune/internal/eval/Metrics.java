package org.drtune.internal.eval;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.drtune.eval.BootstrapIntervals;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.OperatingPoint;
import org.drtune.eval.ReferableMetrics;

/**
 * Classification metrics of a DR grader as pure static functions over {@code int[] labels} (true
 * grades {@code 0..K-1}), {@code int[] predictions} (predicted grades) and {@code float[][]
 * probabilities} ({@code N x K} softmax outputs, each row summing to 1 within {@value
 * #PROBABILITY_SUM_TOLERANCE}).
 *
 * <p>Undefined values are NaN, never an exception: the AUC of a problem with one class only, the
 * kappa when the expected disagreement is 0. Malformed input (lengths that differ, a grade out of
 * range, a row that is not a probability distribution) throws {@link IllegalArgumentException}
 * saying what was wrong.
 *
 * <pre>{@code
 * int[] predictions = Metrics.argmax(probabilities);
 * double kappa = Metrics.quadraticWeightedKappa(labels, predictions, 5);
 * double auc = Metrics.meanOneVsRestAuc(labels, probabilities);
 * }</pre>
 */
public final class Metrics {

  /**
   * How far a row of probabilities may sum from 1 (float softmax outputs are off by about 1e-7).
   */
  public static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

  private Metrics() {}

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

  /**
   * The ROC AUC of a binary problem in its Mann-Whitney form: the probability that a random
   * positive scores higher than a random negative, a tie counting one half. Equals the trapezoidal
   * area under the ROC curve.
   *
   * @param positives which cases are positive
   * @param scores score of each case, higher meaning more likely positive; same length, no NaN
   * @return the AUC in [0, 1], or NaN when every case is positive or every case is negative
   */
  public static double rocAuc(boolean[] positives, double[] scores) {
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
    int k = checkProbabilities(probabilities);
    checkSameLength(labels, probabilities);
    checkGrades("labels", labels, k);
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

  /**
   * The referable-DR score of each case: the summed probability of grades {@code minGrade..K-1}.
   *
   * @param probabilities {@code N x K} class probabilities
   * @param minGrade lowest referable grade, in {@code 1..K-1}
   * @return N scores in [0, 1] (up to rounding)
   */
  public static double[] referableScores(float[][] probabilities, int minGrade) {
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
  public static boolean[] referableLabels(int[] labels, int minGrade) {
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
  public static OperatingPoint operatingPoint(
      boolean[] positives, double[] scores, double threshold) {
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
  public static OperatingPoint operatingPointAtSensitivity(
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
  public static OperatingPoint operatingPointAtSpecificity(
      boolean[] positives, double[] scores, double minSpecificity) {
    checkTarget("minSpecificity", minSpecificity);
    return bestPoint(positives, scores, minSpecificity, false);
  }

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
    int k = checkProbabilities(probabilities);
    checkSameLength(labels, probabilities);
    checkGrades("labels", labels, k);
    int minGrade = options.referableMinGrade();
    double[] scores = referableScores(probabilities, minGrade);
    boolean[] positives = referableLabels(labels, minGrade);
    int p = 0;
    for (boolean positive : positives) {
      p += positive ? 1 : 0;
    }
    return new ReferableMetrics(
        minGrade,
        p,
        labels.length - p,
        rocAuc(positives, scores),
        operatingPoint(positives, scores, options.decisionThreshold()),
        options.targetSensitivity(),
        operatingPointAtSensitivity(positives, scores, options.targetSensitivity()),
        options.targetSpecificity(),
        operatingPointAtSpecificity(positives, scores, options.targetSpecificity()));
  }

  /**
   * Percentile-bootstrap confidence intervals of the accuracy (of the argmax predictions), the mean
   * one-vs-rest AUC and the quadratic weighted kappa.
   *
   * <p>Resample {@code b = 1..resamples} draws N case indices with replacement as {@code
   * random.nextInt(N)}, N times in a row, from one {@code new java.util.Random(seed)}; each
   * statistic is computed on every resample, NaN values (say a resample with one grade only) are
   * dropped, and the bounds are the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles
   * of the rest, linearly interpolated ({@link #percentile(double[], double)}). An interval is
   * {@link ConfidenceInterval#UNDEFINED} when no resample gave a number.
   *
   * @param labels true grades in {@code 0..K-1}
   * @param probabilities {@code N x K} class probabilities
   * @param resamples number of resamples, at least 1
   * @param seed seed of the resampling
   * @param level confidence level in (0, 1), e.g. 0.95
   * @return the three intervals
   */
  public static BootstrapIntervals bootstrap(
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
   * As {@link #bootstrap(int[], float[][], int, long, double)}, also for the referable-DR AUC and
   * the two target operating points, resampling whole clusters when {@code clusters} is given (the
   * two eyes of a patient are not independent: a patient-level bootstrap gives honest intervals).
   *
   * @param clusters the cluster (e.g. patient) of each case, or null to resample cases
   * @param referableMinGrade lowest referable grade
   * @param targetSensitivity sensitivity target of the high-sensitivity operating point
   * @param targetSpecificity specificity target of the high-specificity operating point
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
    int k = checkProbabilities(probabilities);
    checkSameLength(labels, probabilities);
    checkGrades("labels", labels, k);
    checkBootstrap(resamples, level);
    int n = labels.length;
    Resampled stats =
        new Resampled(
            labels, probabilities, referableMinGrade, targetSensitivity, targetSpecificity);
    ClusterIndex index = ClusterIndex.of(clusters, n);
    double[][] values = new double[Resampled.STATISTICS][resamples];
    Random random = new Random(seed);
    int[] counts = new int[n];
    double[] row = new double[Resampled.STATISTICS];
    for (int b = 0; b < resamples; b++) {
      index.draw(random, counts);
      stats.compute(counts, row);
      for (int s = 0; s < row.length; s++) {
        values[s][b] = row[s];
      }
    }
    return new BootstrapIntervals(
        resamples,
        seed,
        level,
        interval(values[Resampled.ACCURACY], level),
        interval(values[Resampled.MEAN_AUC], level),
        interval(values[Resampled.KAPPA], level),
        interval(values[Resampled.REFERABLE_AUC], level),
        interval(values[Resampled.SPECIFICITY_AT_SENSITIVITY], level),
        interval(values[Resampled.SENSITIVITY_AT_SPECIFICITY], level),
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
  public static org.drtune.eval.PairedDifference pairedBootstrap(
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
    int k = checkProbabilities(a);
    if (checkProbabilities(b) != k) {
      throw new IllegalArgumentException(
          "the two predictions have "
              + k
              + " and "
              + b[0].length
              + " classes: compare like models");
    }
    checkSameLength(labels, a);
    checkSameLength(labels, b);
    checkGrades("labels", labels, k);
    checkBootstrap(resamples, level);
    int n = labels.length;
    Resampled sa =
        new Resampled(labels, a, referableMinGrade, targetSensitivity, targetSpecificity);
    Resampled sb =
        new Resampled(labels, b, referableMinGrade, targetSensitivity, targetSpecificity);
    ClusterIndex index = ClusterIndex.of(clusters, n);
    int[] counts = new int[n];
    Arrays.fill(counts, 1);
    double[] ra = new double[Resampled.STATISTICS];
    double[] rb = new double[Resampled.STATISTICS];
    sa.compute(counts, ra);
    sb.compute(counts, rb);
    double[] point = new double[Resampled.STATISTICS];
    for (int s = 0; s < point.length; s++) {
      point[s] = ra[s] - rb[s];
    }
    double[][] values = new double[Resampled.STATISTICS][resamples];
    Random random = new Random(seed);
    int above = 0;
    int defined = 0;
    for (int r = 0; r < resamples; r++) {
      index.draw(random, counts);
      sa.compute(counts, ra);
      sb.compute(counts, rb);
      for (int s = 0; s < ra.length; s++) {
        values[s][r] = ra[s] - rb[s];
      }
      double d = values[Resampled.REFERABLE_AUC][r];
      if (!Double.isNaN(d)) {
        defined++;
        above += d > 0 ? 1 : 0;
      }
    }
    return new org.drtune.eval.PairedDifference(
        n,
        clusters == null ? 0 : index.count(),
        resamples,
        seed,
        level,
        point[Resampled.REFERABLE_AUC],
        interval(values[Resampled.REFERABLE_AUC], level),
        point[Resampled.SENSITIVITY_AT_SPECIFICITY],
        interval(values[Resampled.SENSITIVITY_AT_SPECIFICITY], level),
        point[Resampled.SPECIFICITY_AT_SENSITIVITY],
        interval(values[Resampled.SPECIFICITY_AT_SENSITIVITY], level),
        point[Resampled.KAPPA],
        interval(values[Resampled.KAPPA], level),
        point[Resampled.ACCURACY],
        interval(values[Resampled.ACCURACY], level),
        defined == 0 ? Double.NaN : (double) above / defined);
  }

  private static void checkBootstrap(int resamples, double level) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), e.g. 0.95, got " + level);
    }
  }

  /** The cluster of each case, and how a bootstrap resample draws them. */
  private record ClusterIndex(int[] clusterOf, int count, int[] drawn) {
    static ClusterIndex of(String[] clusters, int n) {
      if (clusters != null && clusters.length != n) {
        throw new IllegalArgumentException(
            clusters.length + " cluster ids for " + n + " cases: give one per case");
      }
      int[] clusterOf = new int[n];
      int count = n;
      if (clusters != null) {
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
          clusterOf[i] = index.computeIfAbsent(clusters[i], c -> index.size());
        }
        count = index.size();
      } else {
        Arrays.setAll(clusterOf, i -> i);
      }
      return new ClusterIndex(clusterOf, count, new int[count]);
    }

    /** Draws {@code count} clusters with replacement; sets each case's multiplicity. */
    void draw(Random random, int[] counts) {
      Arrays.fill(drawn, 0);
      for (int d = 0; d < count; d++) {
        drawn[random.nextInt(count)]++;
      }
      for (int i = 0; i < counts.length; i++) {
        counts[i] = drawn[clusterOf[i]];
      }
    }
  }

  /** The bootstrapped statistics of one set of predictions, for any case multiplicities. */
  private static final class Resampled {
    static final int ACCURACY = 0;
    static final int MEAN_AUC = 1;
    static final int KAPPA = 2;
    static final int REFERABLE_AUC = 3;
    static final int SPECIFICITY_AT_SENSITIVITY = 4;
    static final int SENSITIVITY_AT_SPECIFICITY = 5;
    static final int STATISTICS = 6;

    private final int[] labels;
    private final int k;
    private final int[] predictions;
    private final RankedScores[] ranked;
    private final boolean[][] isClass;
    private final boolean[] referable;
    private final RankedScores referableRanked;
    private final double targetSensitivity;
    private final double targetSpecificity;
    private final double[] classAucs;

    Resampled(
        int[] labels,
        float[][] probabilities,
        int referableMinGrade,
        double targetSensitivity,
        double targetSpecificity) {
      this.labels = labels;
      this.k = probabilities[0].length;
      this.predictions = argmax(probabilities);
      this.ranked = new RankedScores[k];
      this.isClass = new boolean[k][];
      for (int c = 0; c < k; c++) {
        ranked[c] = new RankedScores(column(probabilities, c));
        isClass[c] = isClass(labels, c);
      }
      boolean referableDefined = referableMinGrade >= 1 && referableMinGrade < k;
      this.referable = referableDefined ? referableLabels(labels, referableMinGrade) : null;
      this.referableRanked =
          referableDefined
              ? new RankedScores(referableScores(probabilities, referableMinGrade))
              : null;
      this.targetSensitivity = targetSensitivity;
      this.targetSpecificity = targetSpecificity;
      this.classAucs = new double[k];
    }

    /** Fills {@code out} with the statistics of the cases counted {@code counts[i]} times. */
    void compute(int[] counts, double[] out) {
      double[][] confusion = new double[k][k];
      int correct = 0;
      int total = 0;
      for (int i = 0; i < labels.length; i++) {
        confusion[labels[i]][predictions[i]] += counts[i];
        correct += labels[i] == predictions[i] ? counts[i] : 0;
        total += counts[i];
      }
      out[ACCURACY] = (double) correct / total;
      out[KAPPA] = kappa(confusion);
      for (int c = 0; c < k; c++) {
        classAucs[c] = ranked[c].auc(isClass[c], counts);
      }
      out[MEAN_AUC] = meanDefined(classAucs);
      if (referable != null) {
        out[REFERABLE_AUC] = referableRanked.auc(referable, counts);
        double[] points =
            referableRanked.targetPoints(referable, counts, targetSensitivity, targetSpecificity);
        out[SPECIFICITY_AT_SENSITIVITY] = points[0];
        out[SENSITIVITY_AT_SPECIFICITY] = points[1];
      } else {
        out[REFERABLE_AUC] = Double.NaN;
        out[SPECIFICITY_AT_SENSITIVITY] = Double.NaN;
        out[SENSITIVITY_AT_SPECIFICITY] = Double.NaN;
      }
    }
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
  public static double percentile(double[] sorted, double p) {
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

  // ---------------------------------------------------------------------------------------------------------

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

  private static OperatingPoint bestPoint(
      boolean[] positives, double[] scores, double target, boolean targetIsSensitivity) {
    checkBinary(positives, scores);
    int p = 0;
    for (boolean positive : positives) {
      p += positive ? 1 : 0;
    }
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

  private static ConfidenceInterval interval(double[] values, double level) {
    double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (defined.length == 0) {
      return ConfidenceInterval.UNDEFINED;
    }
    return new ConfidenceInterval(
        percentile(defined, (1 - level) / 2), percentile(defined, (1 + level) / 2));
  }

  private static double meanDefined(double[] values) {
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

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }

  private static double[] column(float[][] probabilities, int c) {
    double[] column = new double[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      column[i] = probabilities[i][c];
    }
    return column;
  }

  private static boolean[] isClass(int[] labels, int c) {
    boolean[] flags = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      flags[i] = labels[i] == c;
    }
    return flags;
  }

  // ---- argument checks
  // ------------------------------------------------------------------------------------

  /** Checks an {@code N x K} probability array and returns K. */
  public static int checkProbabilities(float[][] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    if (probabilities.length == 0) {
      throw new IllegalArgumentException("probabilities is empty: need at least one case");
    }
    Objects.requireNonNull(probabilities[0], "probabilities[0]");
    int k = probabilities[0].length;
    checkNumClasses(k);
    for (int i = 0; i < probabilities.length; i++) {
      float[] row = probabilities[i];
      if (row == null || row.length != k) {
        throw new IllegalArgumentException(
            "probabilities["
                + i
                + "] has "
                + (row == null ? "no row" : row.length + " values")
                + ", expected "
                + k
                + " like row 0");
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        if (!(row[c] >= 0 && row[c] <= 1)) {
          throw new IllegalArgumentException(
              "probabilities["
                  + i
                  + "]["
                  + c
                  + "] is "
                  + row[c]
                  + ", expected a probability in [0, 1]: pass softmax outputs, not logits");
        }
        sum += row[c];
      }
      if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
        throw new IllegalArgumentException(
            "probabilities["
                + i
                + "] sums to "
                + sum
                + ", expected 1 (within "
                + PROBABILITY_SUM_TOLERANCE
                + "): pass softmax outputs, not logits or sigmoid scores");
      }
    }
    return k;
  }

  private static void checkNumClasses(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
    }
  }

  private static void checkMinGrade(int minGrade, int numClasses) {
    if (minGrade < 1 || minGrade >= numClasses) {
      throw new IllegalArgumentException(
          "referable minGrade must be in 1.."
              + (numClasses - 1)
              + " for "
              + numClasses
              + " classes, got "
              + minGrade);
    }
  }

  private static void checkTarget(String name, double target) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], got " + target);
    }
  }

  private static void checkGrades(String what, int[] grades, int numClasses) {
    for (int i = 0; i < grades.length; i++) {
      if (grades[i] < 0 || grades[i] >= numClasses) {
        throw new IllegalArgumentException(
            what + "[" + i + "] is " + grades[i] + ", expected a grade in 0.." + (numClasses - 1));
      }
    }
  }

  /**
   * Checks that {@code confusion} is a square matrix of non-negative counts with at least one case.
   *
   * @return the number of classes K
   * @throws IllegalArgumentException naming the first problem
   */
  public static int checkConfusion(int[][] confusion) {
    Objects.requireNonNull(confusion, "confusion");
    int k = confusion.length;
    checkNumClasses(k);
    long total = 0;
    for (int t = 0; t < k; t++) {
      if (confusion[t] == null || confusion[t].length != k) {
        throw new IllegalArgumentException(
            "confusion matrix must be square "
                + k
                + " x "
                + k
                + ", row "
                + t
                + " has "
                + (confusion[t] == null ? "no" : confusion[t].length)
                + " columns");
      }
      for (int p = 0; p < k; p++) {
        if (confusion[t][p] < 0) {
          throw new IllegalArgumentException(
              "confusion[" + t + "][" + p + "] is " + confusion[t][p] + ", expected a count >= 0");
        }
        total += confusion[t][p];
      }
    }
    if (total == 0) {
      throw new IllegalArgumentException("confusion matrix is all zeros: need at least one case");
    }
    return k;
  }

  private static void checkSameLength(int[] labels, int[] predictions) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    checkSameCases("labels", labels.length, "predictions", predictions.length, "");
    checkNotEmpty("labels", labels.length);
  }

  private static void checkSameLength(int[] labels, float[][] probabilities) {
    Objects.requireNonNull(labels, "labels");
    checkSameCases("labels", labels.length, "probabilities", probabilities.length, " rows");
  }

  /** That two arrays hold as many cases: the same cases, in the same order. */
  private static void checkSameCases(String a, int aLength, String b, int bLength, String unit) {
    if (aLength != bLength) {
      throw new IllegalArgumentException(
          a
              + " has "
              + aLength
              + " cases but "
              + b
              + " has "
              + bLength
              + unit
              + ": they must be the same cases in the same order");
    }
  }

  private static void checkNotEmpty(String name, int length) {
    if (length == 0) {
      throw new IllegalArgumentException(name + " is empty: need at least one case");
    }
  }

  private static void checkBinary(boolean[] positives, double[] scores) {
    Objects.requireNonNull(positives, "positives");
    Objects.requireNonNull(scores, "scores");
    checkSameCases("positives", positives.length, "scores", scores.length, "");
    checkNotEmpty("scores", scores.length);
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("scores[" + i + "] is NaN, expected a number");
      }
    }
  }
}
