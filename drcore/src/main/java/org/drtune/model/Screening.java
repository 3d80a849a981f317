package org.drtune.model;

import java.util.Objects;
import org.drtune.grading.QualityThresholds;

/**
 * How a model screens, recorded in its card: the referable-probability threshold of the referral
 * decision, chosen on the validation split for a stated sensitivity (screening programmes require a
 * high one), with the sensitivity and specificity it had there, and the limits of the quality
 * check, calibrated on the training photographs.
 *
 * @param referableThreshold refer when the referable probability is at least this (NaN when the
 *     validation split had no referable or no non-referable photograph: the predicted grade
 *     decides)
 * @param targetSensitivity the sensitivity the threshold was chosen for (the best specificity among
 *     thresholds whose validation sensitivity reaches it)
 * @param validationSensitivity the sensitivity at the threshold on the validation split
 * @param validationSpecificity the specificity at the threshold on the validation split
 * @param quality the quality check's limits
 */
public record Screening(
    double referableThreshold,
    double targetSensitivity,
    double validationSensitivity,
    double validationSpecificity,
    QualityThresholds quality) {

  /** Default target sensitivity of the referral threshold: 0.90. */
  public static final double DEFAULT_TARGET_SENSITIVITY = 0.90;

  /**
   * The screening of a model validated as {@code validation}: the threshold of its operating point
   * at the evaluation's target sensitivity, and the given quality limits.
   */
  public static Screening of(org.drtune.eval.Evaluation validation, QualityThresholds quality) {
    org.drtune.eval.ReferableMetrics r = validation.referable();
    org.drtune.eval.OperatingPoint op = r.atTargetSensitivity();
    return new Screening(
        op.threshold(), r.targetSensitivity(), op.sensitivity(), op.specificity(), quality);
  }

  /** Checks the threshold; a card without quality limits gets the defaults. */
  public Screening {
    if (!Double.isNaN(referableThreshold)
        && !(referableThreshold >= 0 && referableThreshold <= 1)
        && referableThreshold != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "referableThreshold must be in [0, 1], got " + referableThreshold);
    }
    quality = quality == null ? QualityThresholds.defaults() : quality;
    Objects.requireNonNull(quality, "quality");
  }
}
