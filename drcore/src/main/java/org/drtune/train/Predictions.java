package org.drtune.train;

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

  /** Number of examples. */
  public int size() {
    return ids.size();
  }

  /** Arg-max class of each example. */
  public int[] predictedClasses() {
    return org.drtune.eval.Metrics.argmax(probabilities);
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
