package org.drtune.cli;

import java.util.function.Function;
import org.drtune.grading.PatientNaming;
import picocli.CommandLine.Option;

/** {@code --patient-pattern}: how photographs name their patient and eye. */
final class PatientPatternOption {
  @Option(
      names = "--patient-pattern",
      paramLabel = "REGEX",
      description =
          "How photographs name their patient and eye: a regular expression over the file name"
              + " without extension (or the id in a dataset) with a group (?<patient>...) and"
              + " optionally (?<eye>...) (left/right, l/r, os/od) (default: EyePACS ids such as"
              + " 10_left; a label CSV's patient and eye columns, when it has them, come first).")
  String patientPattern;

  /** The naming asked for (EyePACS ids by default). */
  PatientNaming naming(Function<String, RuntimeException> usage) {
    if (patientPattern == null) {
      return PatientNaming.EYEPACS;
    }
    try {
      return PatientNaming.of(patientPattern);
    } catch (IllegalArgumentException e) {
      throw usage.apply("--patient-pattern: " + e.getMessage());
    }
  }
}
