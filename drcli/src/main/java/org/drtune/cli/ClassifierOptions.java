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
          "Test-time augmentation: average over the four 90-degree rotations (default: on, as in"
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
      names = "--patient-pattern",
      paramLabel = "REGEX",
      description =
          "How photographs name their patient and eye: a regular expression over the file name"
              + " without extension (or the id in a dataset) with a group (?<patient>...) and"
              + " optionally (?<eye>...) (left/right, l/r, os/od) (default: EyePACS ids such as"
              + " 10_left).")
  String patientPattern;

  /** The patient naming asked for (EyePACS ids by default). */
  PatientNaming naming(java.util.function.Function<String, RuntimeException> usage) {
    if (patientPattern == null) {
      return PatientNaming.EYEPACS;
    }
    try {
      return PatientNaming.of(patientPattern);
    } catch (IllegalArgumentException e) {
      throw usage.apply("--patient-pattern: " + e.getMessage());
    }
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
    return DrClassifier.Options.defaults()
        .withTestTimeAugmentation(tta)
        .withDevice(device.device())
        .withQualityCheck(qualityCheck)
        .withReferableThreshold(referableThreshold)
        .withPatientReferableThreshold(patientReferableThreshold);
  }
}
