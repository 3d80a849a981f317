package org.drtune.model;

import java.util.Objects;
import org.drtune.eval.Evaluation;
import org.drtune.eval.OperatingPoint;
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
 * @param patients the patient-level referral rule chosen on the validation patients; null when the
 *     validation photographs named no patients (or in cards written before it was recorded): then
 *     the photograph threshold refers patients too
 * @param site the screening site's sample the rule was re-chosen on ({@code drtune calibrate}),
 *     null when it was chosen on the training run's validation split
 */
public record Screening(
    double referableThreshold,
    double targetSensitivity,
    double validationSensitivity,
    double validationSpecificity,
    QualityThresholds quality,
    Patients patients,
    SiteSample site) {

  /**
   * How patients are referred: on the higher of the two eyes' referable probabilities (an eye's
   * being the mean of its gradable photographs'), at a threshold chosen on the validation patients
   * for the target sensitivity.
   *
   * @param referableThreshold refer a patient whose referable probability is at least this (NaN
   *     when the validation patients were all referable or none was)
   * @param validationSensitivity the patient-level sensitivity at the threshold on the validation
   *     patients
   * @param validationSpecificity the patient-level specificity there
   * @param validationPatients how many validation patients it was chosen on
   */
  public record Patients(
      double referableThreshold,
      double validationSensitivity,
      double validationSpecificity,
      int validationPatients) {

    /** The rule of patients evaluated as {@code validation}, at its target sensitivity. */
    public static Patients of(Evaluation validation, int patients) {
      OperatingPoint op = validation.referable().atTargetSensitivity();
      return new Patients(op.threshold(), op.sensitivity(), op.specificity(), patients);
    }
  }

  /** A screening without a patient-level rule. */
  public Screening(
      double referableThreshold,
      double targetSensitivity,
      double validationSensitivity,
      double validationSpecificity,
      QualityThresholds quality) {
    this(
        referableThreshold,
        targetSensitivity,
        validationSensitivity,
        validationSpecificity,
        quality,
        null,
        null);
  }

  /** This screening with the patient-level rule {@code p}. */
  public Screening withPatients(Patients p) {
    return new Screening(
        referableThreshold,
        targetSensitivity,
        validationSensitivity,
        validationSpecificity,
        quality,
        p,
        site);
  }

  /** This screening with other quality limits. */
  public Screening withQuality(QualityThresholds q) {
    return new Screening(
        referableThreshold,
        targetSensitivity,
        validationSensitivity,
        validationSpecificity,
        q,
        patients,
        site);
  }

  /** This screening re-chosen on a site's sample. */
  public Screening withSite(SiteSample s) {
    return new Screening(
        referableThreshold,
        targetSensitivity,
        validationSensitivity,
        validationSpecificity,
        quality,
        patients,
        s);
  }

  /** Default target sensitivity of the referral threshold: 0.90. */
  public static final double DEFAULT_TARGET_SENSITIVITY = 0.90;

  /**
   * The screening of a model validated as {@code validation}: the threshold of its operating point
   * at the evaluation's target sensitivity, and the given quality limits.
   */
  public static Screening of(Evaluation validation, QualityThresholds quality) {
    org.drtune.eval.ReferableMetrics r = validation.referable();
    OperatingPoint op = r.atTargetSensitivity();
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
