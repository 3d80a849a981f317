package org.drtune;

import java.util.List;
import java.util.Optional;

/**
 * The classification of one fundus photograph. Immutable.
 *
 * @param predictedClass arg-max output class (the DR grade for a 5-grade model; 1 = referable for a
 *     binary model)
 * @param probabilities probability of each output class, in the model card's class order
 * @param referableProbability probability of referable DR: the sum over grades ≥ the referable
 *     grade (or the referable class's probability of a binary model)
 * @param referable whether the prediction is referable DR (predicted grade ≥ the referable grade,
 *     by default 2)
 */
public record DrResult(
    int predictedClass,
    List<Double> probabilities,
    double referableProbability,
    boolean referable) {

  /** Copies the probabilities. */
  public DrResult {
    probabilities = List.copyOf(probabilities);
    if (predictedClass < 0 || predictedClass >= probabilities.size()) {
      throw new IllegalArgumentException(
          "predictedClass " + predictedClass + " outside 0.." + (probabilities.size() - 1));
    }
  }

  /**
   * The predicted DR grade, for models that output the five grades; empty for binary referable
   * models.
   */
  public Optional<Grade> grade() {
    return probabilities.size() == Grade.values().length
        ? Optional.of(Grade.of(predictedClass))
        : Optional.empty();
  }

  /** The probabilities as an array, in class order. */
  public float[] probabilityArray() {
    float[] p = new float[probabilities.size()];
    for (int c = 0; c < p.length; c++) {
      p[c] = probabilities.get(c).floatValue();
    }
    return p;
  }

  /** Probability of the predicted class. */
  public double confidence() {
    return probabilities.get(predictedClass);
  }
}
