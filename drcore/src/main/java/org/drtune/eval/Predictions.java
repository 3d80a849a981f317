package org.drtune.eval;

import java.util.List;

/**
 * Class probabilities of a set of examples.
 *
 * @param ids example identifiers, in order
 * @param labels true labels (as the source gave them)
 * @param probabilities one row of K probabilities per example
 */
public record Predictions(List<String> ids, int[] labels, float[][] probabilities) {
  /** Checks the sizes agree. */
  public Predictions {
    ids = List.copyOf(ids);
    if (labels.length != ids.size() || probabilities.length != ids.size()) {
      throw new IllegalArgumentException("ids, labels and probabilities differ in length");
    }
  }

  /**
   * The element-wise mean of several models' probability tables for the same examples (an
   * ensemble).
   *
   * @throws IllegalArgumentException when the list is empty or the tables differ in shape
   */
  public static float[][] meanProbabilities(List<float[][]> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("no probability tables to average");
    }
    float[][] first = tables.get(0);
    int k = first.length == 0 ? 0 : first[0].length;
    float[][] mean = new float[first.length][k];
    for (int t = 0; t < tables.size(); t++) {
      float[][] p = tables.get(t);
      if (p.length != first.length) {
        throw new IllegalArgumentException(
            "table " + (t + 1) + " has " + p.length + " rows, table 1 has " + first.length);
      }
      for (int i = 0; i < p.length; i++) {
        if (p[i].length != k) {
          throw new IllegalArgumentException("table " + (t + 1) + " has another number of classes");
        }
        for (int c = 0; c < k; c++) {
          mean[i][c] += p[i][c] / tables.size();
        }
      }
    }
    return mean;
  }

  /** Number of examples. */
  public int size() {
    return ids.size();
  }

  /** Arg-max class of each example. */
  public int[] predictedClasses() {
    return org.drtune.internal.eval.Agreement.argmax(probabilities);
  }

  /** Mean cross-entropy of the true labels ({@code -log p[label]}, clipped at 1e-7). */
  public double meanCrossEntropy() {
    double s = 0;
    for (int i = 0; i < labels.length; i++) {
      s -= Math.log(Math.max(1e-7, probabilities[i][labels[i]]));
    }
    return labels.length == 0 ? Double.NaN : s / labels.length;
  }
}
