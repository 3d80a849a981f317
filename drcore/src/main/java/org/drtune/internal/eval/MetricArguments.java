package org.drtune.internal.eval;

import java.util.Objects;

/**
 * The argument checks the metric families share, each in one place: the shape and values of {@code
 * N x K} probabilities, grades in range, arrays of the same cases, a confusion matrix, a binary
 * problem, a referable grade, an operating-point target and the bootstrap's resamples and level.
 * Each throws {@link IllegalArgumentException} (or {@link NullPointerException} naming the missing
 * argument) saying what was wrong and what was expected.
 */
public final class MetricArguments {

  /**
   * How far a row of probabilities may sum from 1 (float softmax outputs are off by about 1e-7).
   */
  static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

  private MetricArguments() {}

  /**
   * Checks an {@code N x K} probability array: at least one row, at least 2 classes, every row as
   * long as row 0, every value in [0, 1] and every row summing to 1 within {@value
   * #PROBABILITY_SUM_TOLERANCE}.
   *
   * @param probabilities {@code N x K} class probabilities (softmax outputs)
   * @return the number of classes K
   * @throws IllegalArgumentException naming the first bad row or value
   */
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

  /**
   * Checks that {@code confusion} is a square matrix of non-negative counts with at least one case.
   *
   * @param confusion {@code K x K} counts, rows = true grade
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

  /**
   * Checks the probabilities, then that the labels are as many cases, then that each label is a
   * grade of the probabilities' K.
   *
   * @return the number of classes K
   */
  static int checkLabelledProbabilities(int[] labels, float[][] probabilities) {
    int k = checkProbabilities(probabilities);
    checkSameLength(labels, probabilities);
    checkGrades("labels", labels, k);
    return k;
  }

  /**
   * As {@link #checkLabelledProbabilities} for two sets of predictions of the same cases, which
   * must also have the same K.
   *
   * @return the number of classes K
   */
  static int checkPairedProbabilities(int[] labels, float[][] a, float[][] b) {
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
    return k;
  }

  /** That there are at least 2 classes. */
  static void checkNumClasses(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
    }
  }

  /** That every grade of {@code what} is in {@code 0..numClasses-1}. */
  static void checkGrades(String what, int[] grades, int numClasses) {
    for (int i = 0; i < grades.length; i++) {
      if (grades[i] < 0 || grades[i] >= numClasses) {
        throw new IllegalArgumentException(
            what + "[" + i + "] is " + grades[i] + ", expected a grade in 0.." + (numClasses - 1));
      }
    }
  }

  /** That labels and predictions are non-empty and of the same cases. */
  static void checkSameLength(int[] labels, int[] predictions) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    checkSameCases("labels", labels.length, "predictions", predictions.length, "");
    checkNotEmpty("labels", labels.length);
  }

  /** That there are as many labels as rows of probabilities. */
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

  /** That an array holds at least one case. */
  private static void checkNotEmpty(String name, int length) {
    if (length == 0) {
      throw new IllegalArgumentException(name + " is empty: need at least one case");
    }
  }

  /** That a binary problem has as many flags as scores, at least one case and no NaN score. */
  static void checkBinary(boolean[] positives, double[] scores) {
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

  /** That the lowest referable grade is in {@code 1..numClasses-1}. */
  static void checkMinGrade(int minGrade, int numClasses) {
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

  /** That an operating-point target (a sensitivity or a specificity) is in (0, 1]. */
  static void checkTarget(String name, double target) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], got " + target);
    }
  }

  /** That there is at least one resample and the level is in (0, 1). */
  static void checkBootstrap(int resamples, double level) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), e.g. 0.95, got " + level);
    }
  }
}
