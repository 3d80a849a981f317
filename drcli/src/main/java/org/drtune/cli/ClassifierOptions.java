package org.drtune.cli;

import org.drtune.grading.DrClassifier;
import org.drtune.grading.PatientNaming;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options shared by the commands that grade images with an exported model: device, TTA and
 * strictness.
 */
final class ClassifierOptions {
  @Mixin DeviceOption device = new DeviceOption();

  @Option(
      names = "--tta",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Test-time augmentation: average over the four 90-degree rotations (the eight mirrored"
              + " and rotated views for a model trained with mirrors; default: on, as in"
              + " the cross-validated recipes and DrClassifier's defaults; --no-tta for one pass,"
              + " 4x faster).")
  boolean tta;

  @Option(
      names = "--strict",
      description = "Fail on the first unreadable image instead of skipping it.")
  boolean strict;

  @Option(
      names = "--quality-check",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Refuse photographs that are not gradable retinas (not a fundus, too dark, over-exposed,"
              + " out of focus, too small, field of view cut off): their grade column stays empty"
              + " and the ungradable column says why (default: on, with the model's limits).")
  boolean qualityCheck;

  @Option(
      names = "--referable-threshold",
      paramLabel = "P",
      description =
          "Refer at or above this referable probability (default: the model's, chosen on its"
              + " validation data for sensitivity 0.90).")
  Double referableThreshold;

  @Option(
      names = "--patient-referable-threshold",
      paramLabel = "P",
      description =
          "Refer a patient at or above this referable probability of the higher eye (default: the"
              + " model's, chosen on its validation patients for sensitivity 0.90).")
  Double patientReferableThreshold;

  @Option(
      names = "--other-eye-weight",
      paramLabel = "W",
      description =
          "Grading patients, mix each photograph's probabilities with the other eye's at this"
              + " weight, 0 to grade the eyes apart (default: the model's, chosen on its"
              + " validation photographs; its patient threshold was chosen at that weight).")
  Double otherEyeWeight;

  @Mixin PatientPatternOption patients = new PatientPatternOption();

  /** The patient naming asked for (EyePACS ids by default). */
  PatientNaming naming(java.util.function.Function<String, RuntimeException> usage) {
    return patients.naming(usage);
  }

  /**
   * The classifier options these flags ask for.
   *
   * @param usage makes the usage error of a bad value
   */
  DrClassifier.Options classifierOptions(
      java.util.function.Function<String, RuntimeException> usage) {
    if (referableThreshold != null && !(referableThreshold >= 0 && referableThreshold <= 1)) {
      throw usage.apply(
          "--referable-threshold must be a probability between 0 and 1, got " + referableThreshold);
    }
    if (patientReferableThreshold != null
        && !(patientReferableThreshold >= 0 && patientReferableThreshold <= 1)) {
      throw usage.apply(
          "--patient-referable-threshold must be a probability between 0 and 1, got "
              + patientReferableThreshold);
    }
    if (otherEyeWeight != null && !(otherEyeWeight >= 0 && otherEyeWeight < 1)) {
      throw usage.apply("--other-eye-weight must be at least 0 and below 1, got " + otherEyeWeight);
    }
    return DrClassifier.Options.defaults()
        .withTestTimeAugmentation(tta)
        .withDevice(device.device())
        .withQualityCheck(qualityCheck)
        .withReferableThreshold(referableThreshold)
        .withPatientReferableThreshold(patientReferableThreshold)
        .withOtherEyeWeight(otherEyeWeight);
  }
}
