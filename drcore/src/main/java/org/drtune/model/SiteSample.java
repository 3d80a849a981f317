package org.drtune.model;

import java.util.List;
import java.util.Objects;
import org.drtune.eval.ConfidenceInterval;

/**
 * The labelled sample of a screening site that a model's screening rule was re-chosen on ({@code
 * drtune calibrate}), and what the rule promises there. A model moved to another camera or
 * population keeps its weights (pinned by the card's variable checksums) but not its operating
 * point: the threshold chosen on the training site's validation photographs gives another
 * sensitivity at the new site, so the site re-chooses it on its own patients.
 *
 * @param calibratedAt ISO-8601 time of the calibration
 * @param data the site's sample, as given
 * @param photographs photographs of the sample read
 * @param gradable of those, photographs the quality check graded
 * @param patients patients among them (0 when the photographs name none)
 * @param gradeCounts photographs per true grade
 * @param calibratedFrom sha256 of the card the model had before ({@code model-card.json} or {@code
 *     ensemble.json})
 * @param inherited the screening rule the model had before, as it performed on this sample
 * @param sensitivity the sensitivity at the new photograph threshold with its 95 % bootstrap
 *     interval (over patients where the photographs name them)
 * @param specificity the same for the specificity
 * @param patientSensitivity the same at the new patient threshold (null without patients)
 * @param patientSpecificity the same (null without patients)
 * @param qualityLimitsRecalibrated whether the quality limits were re-chosen on the sample's
 *     photographs (else the model's were kept)
 * @param thresholdsForNewPatients whether the thresholds were chosen to keep the target on the
 *     site's new patients (split conformal; else to reach it on the sample; false in cards written
 *     before it was recorded)
 * @param referableCases referable photographs and patients (when named) the sample held: the
 *     threshold rests on these
 */
public record SiteSample(
    String calibratedAt,
    String data,
    int photographs,
    int gradable,
    int patients,
    List<Integer> gradeCounts,
    String calibratedFrom,
    Inherited inherited,
    ConfidenceInterval sensitivity,
    ConfidenceInterval specificity,
    ConfidenceInterval patientSensitivity,
    ConfidenceInterval patientSpecificity,
    boolean qualityLimitsRecalibrated,
    boolean thresholdsForNewPatients,
    List<Integer> referableCases) {

  /** Copies the list. */
  public SiteSample {
    Objects.requireNonNull(calibratedFrom, "calibratedFrom");
    gradeCounts = gradeCounts == null ? List.of() : List.copyOf(gradeCounts);
    referableCases = referableCases == null ? List.of() : List.copyOf(referableCases);
  }

  /**
   * The model's previous screening rule measured on the site's sample.
   *
   * @param referableThreshold the previous photograph threshold (NaN: none)
   * @param sensitivity the photograph sensitivity it gave on the sample
   * @param specificity the photograph specificity it gave
   * @param patientReferableThreshold the previous patient threshold (NaN: none)
   * @param patientSensitivity the patient sensitivity it gave (NaN without patients)
   * @param patientSpecificity the patient specificity it gave (NaN without patients)
   */
  public record Inherited(
      double referableThreshold,
      double sensitivity,
      double specificity,
      double patientReferableThreshold,
      double patientSensitivity,
      double patientSpecificity) {}
}
