package org.drtune.grading;

import java.util.List;
import java.util.Optional;
import org.drtune.model.Screening;

/**
 * The classification of one fundus photograph. Immutable.
 *
 * <p>A photograph the quality check refuses ({@link #gradable()} false) gets no grade: {@link
 * #grade()} is empty and {@link #ungradableReason()} says why; the model's outputs are still given
 * for inspection, and {@link #refer()} is true (re-take the photograph or refer, the screening
 * convention).
 *
 * @param predictedClass arg-max output class (the DR grade for a 5-grade model; 1 = referable for a
 *     binary model)
 * @param probabilities probability of each output class, in the model card's class order
 * @param referableProbability probability of referable DR: the sum over grades ≥ the referable
 *     grade (or the referable class's probability of a binary model)
 * @param referable the screening decision: {@code referableProbability} at or above the model's
 *     referable threshold (chosen on validation data for a stated sensitivity, see {@link
 *     Screening#referableThreshold()}), or the predicted grade ≥ the referable grade for models
 *     without one
 * @param quality what the quality check measured, or null when it was switched off
 * @param ungradable why the photograph was not graded, or null when it was
 */
public record DrResult(
    int predictedClass,
    List<Double> probabilities,
    double referableProbability,
    boolean referable,
    QualityMeasures quality,
    UngradableReason ungradable) {

  /** Copies the probabilities. */
  public DrResult {
    probabilities = List.copyOf(probabilities);
    if (predictedClass < 0 || predictedClass >= probabilities.size()) {
      throw new IllegalArgumentException(
          "predictedClass " + predictedClass + " outside 0.." + (probabilities.size() - 1));
    }
  }

  /** A gradable result without quality measures (the quality check was off). */
  public DrResult(
      int predictedClass,
      List<Double> probabilities,
      double referableProbability,
      boolean referable) {
    this(predictedClass, probabilities, referableProbability, referable, null, null);
  }

  /** Whether the photograph passed the quality check (always, when the check is off). */
  public boolean gradable() {
    return ungradable == null;
  }

  /** Why the photograph was not graded; empty when it was. */
  public Optional<UngradableReason> ungradableReason() {
    return Optional.ofNullable(ungradable);
  }

  /** Refer the patient or re-take the photograph: referable DR, or not gradable. */
  public boolean refer() {
    return referable || ungradable != null;
  }

  /**
   * The predicted DR grade, for models that output the five grades and photographs that passed the
   * quality check; empty otherwise.
   */
  public Optional<Grade> grade() {
    return gradable() && probabilities.size() == Grade.values().length
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
