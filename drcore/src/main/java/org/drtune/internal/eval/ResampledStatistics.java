package org.drtune.internal.eval;

/**
 * The bootstrapped statistics of one set of predictions, for any case multiplicities: the
 * predictions, the per-grade rankings and the referable ranking are prepared once, so that a
 * resample (a weighting of the cases by multiplicity) costs linear passes only.
 */
final class ResampledStatistics {
  static final int ACCURACY = 0;
  static final int MEAN_AUC = 1;
  static final int KAPPA = 2;
  static final int REFERABLE_AUC = 3;
  static final int SPECIFICITY_AT_SENSITIVITY = 4;
  static final int SENSITIVITY_AT_SPECIFICITY = 5;

  /** How many statistics {@link #compute} fills. */
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

  /**
   * Prepares the statistics of checked labels and probabilities; the referable statistics are NaN
   * when {@code referableMinGrade} is not in {@code 1..K-1}.
   */
  ResampledStatistics(
      int[] labels,
      float[][] probabilities,
      int referableMinGrade,
      double targetSensitivity,
      double targetSpecificity) {
    this.labels = labels;
    this.k = probabilities[0].length;
    this.predictions = Agreement.argmax(probabilities);
    this.ranked = new RankedScores[k];
    this.isClass = new boolean[k][];
    for (int c = 0; c < k; c++) {
      ranked[c] = new RankedScores(Ranking.column(probabilities, c));
      isClass[c] = Ranking.isClass(labels, c);
    }
    boolean referableDefined = referableMinGrade >= 1 && referableMinGrade < k;
    this.referable =
        referableDefined ? OperatingPoints.referableLabels(labels, referableMinGrade) : null;
    this.referableRanked =
        referableDefined
            ? new RankedScores(OperatingPoints.referableScores(probabilities, referableMinGrade))
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
    out[KAPPA] = Agreement.kappa(confusion);
    for (int c = 0; c < k; c++) {
      classAucs[c] = ranked[c].auc(isClass[c], counts);
    }
    out[MEAN_AUC] = Ranking.meanDefined(classAucs);
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
