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
   * How patients are graded and referred: each photograph's probabilities fused with the other
   * eye's ({@code (1 - w)} its own plus {@code w} the other eye's mean, {@code w} chosen on the
   * validation photographs), each eye the mean of its photographs', the patient's referable
   * probability the higher eye's, referred at a threshold chosen on the validation patients for the
   * target sensitivity.
   *
   * @param referableThreshold refer a patient whose referable probability is at least this (NaN
   *     when the validation patients were all referable or none was)
   * @param validationSensitivity the patient-level sensitivity at the threshold on the validation
   *     patients
   * @param validationSpecificity the patient-level specificity there
   * @param validationPatients how many validation patients it was chosen on
   * @param otherEyeWeight the other eye's weight {@code w} in each eye's probabilities (0 in cards
   *     written before it was chosen: the eyes are graded apart)
   * @param validationAucAlone the validation photographs' referable AUC graded alone
   * @param validationAucFused the same with the other eye fused in at {@code otherEyeWeight}
   */
  public record Patients(
      double referableThreshold,
      double validationSensitivity,
      double validationSpecificity,
      int validationPatients,
      double otherEyeWeight,
      double validationAucAlone,
      double validationAucFused) {

    /** Checks the weight. */
    public Patients {
      if (!(otherEyeWeight >= 0 && otherEyeWeight < 1)) {
        throw new IllegalArgumentException(
            "otherEyeWeight must be in [0, 1), got " + otherEyeWeight);
      }
    }

    /**
     * The rule of patients evaluated as {@code validation} (their eyes fused with {@code weight}),
     * at its target sensitivity.
     */
    public static Patients of(
        Evaluation validation, int patients, double weight, double aucAlone, double aucFused) {
      OperatingPoint op = validation.referable().atTargetSensitivity();
      return new Patients(
          op.threshold(), op.sensitivity(), op.specificity(), patients, weight, aucAlone, aucFused);
    }

    /**
     * This rule with another threshold and its performance, chosen on {@code patients} patients
     * graded with the other eye at {@code weight} (a site's, as {@code SiteCalibration} does).
     */
    public Patients withThreshold(OperatingPoint op, int patients, double weight) {
      return new Patients(
          op.threshold(),
          op.sensitivity(),
          op.specificity(),
          patients,
          weight,
          validationAucAlone,
          validationAucFused);
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
