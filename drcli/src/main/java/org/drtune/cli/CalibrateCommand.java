package org.drtune.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.grading.SiteCalibration;
import org.drtune.model.Screening;
import org.drtune.model.SiteSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drtune calibrate}: re-chooses a model's referral thresholds (and quality limits) on a
 * screening site's own labelled sample, without retraining ({@link SiteCalibration}).
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Re-chooses a model's screening rule on a screening site's own labelled photographs (a few"
          + " hundred, patient level), without retraining: the photograph and patient referral"
          + " thresholds for the target sensitivity, and the quality limits. A model moved to"
          + " another camera or population keeps its weights but not its operating point.",
      "Writes a new model folder (--out, which must not exist): the model's files, whose card"
          + " records the new rule, the site sample, the sensitivity it promises there with its"
          + " patient-level bootstrap interval, and the specificity that costs."
    })
final class CalibrateCommand extends BaseCommand {
  @Option(
      names = "--model",
      paramLabel = "DIR",
      required = true,
      description = "Model folder written by drtune train (RUN_DIR/model, or RUN_DIR).")
  Path model;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      required = true,
      description =
          "The site's labelled sample: a folder of grade folders, an EyePACS/APTOS label CSV, or a"
              + " MedMNIST .npz (every photograph is used).")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "The calibrated model folder to write (must not exist).")
  Path out;

  @Option(
      names = "--target-sensitivity",
      paramLabel = "S",
      defaultValue = "0.90",
      description =
          "Sensitivity the thresholds must keep on the site's new patients (default:"
              + " ${DEFAULT-VALUE}).")
  double targetSensitivity;

  @Option(
      names = "--on-sample",
      description =
          "Choose the highest thresholds that reach the target sensitivity on the sample itself"
              + " (optimistic: on new patients they fall short of it by about one referable case"
              + " of the sample) instead of thresholds that keep it on new patients.")
  boolean onSample;

  @Option(
      names = "--keep-quality-limits",
      description = "Keep the model's quality limits instead of re-choosing them on the sample.")
  boolean keepQualityLimits;

  @picocli.CommandLine.Mixin PatientPatternOption patients = new PatientPatternOption();

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the new screening rule as JSON, or '-' for standard output.")
  Path json;

  CalibrateCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    SiteCalibration.Options options;
    try {
      options =
          SiteCalibration.Options.defaults()
              .withTargetSensitivity(targetSensitivity)
              .withRecalibratedQuality(!keepQualityLimits)
              .withForNewPatients(!onSample);
      options = options.withNaming(patients.naming(this::usage));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    SiteCalibration.Result r;
    try {
      r = SiteCalibration.run(model, data, out, options);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.DATA, e.getMessage(), e);
    }
    print(r);
    if (json != null) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("command", "calibrate");
      j.put("model", r.model().toString());
      j.put("before", r.before());
      j.put("screening", r.after());
      OutputFile.writeJson(json, j, out());
    }
    return ExitCode.OK;
  }

  private void print(SiteCalibration.Result r) {
    Screening s = r.after();
    SiteSample site = s.site();
    out()
        .println(
            "site sample: "
                + site.photographs()
                + " photographs ("
                + site.gradable()
                + " gradable)"
                + (site.patients() > 0 ? ", " + site.patients() + " patients" : "")
                + "; grades "
                + site.gradeCounts());
    int needed = org.drtune.grading.SiteCalibration.casesNeeded(s.targetSensitivity());
    if (site.thresholdsForNewPatients()
        && site.referableCases().stream().anyMatch(n -> n < needed)) {
      err()
          .println(
              "warning: drtune: the sample holds "
                  + site.referableCases()
                  + " referable photographs/patients; keeping sensitivity "
                  + s.targetSensitivity()
                  + " on new patients takes at least "
                  + needed
                  + " (the threshold is the lowest referable score): add referable cases");
    }
    SiteSample.Inherited before = site.inherited();
    out()
        .println(
            String.format(
                Locale.ROOT,
                "the model's threshold %.3f gave sensitivity %.3f, specificity %.3f there",
                before.referableThreshold(),
                before.sensitivity(),
                before.specificity()));
    out()
        .println(
            String.format(
                Locale.ROOT,
                "photographs: refer at %.3f: sensitivity %.3f %s, specificity %.3f %s",
                s.referableThreshold(),
                s.validationSensitivity(),
                ci(site.sensitivity()),
                s.validationSpecificity(),
                ci(site.specificity())));
    if (s.patients() != null) {
      out()
          .println(
              String.format(
                  Locale.ROOT,
                  "patients (the model's %.3f gave sensitivity %.3f, specificity %.3f): refer at"
                      + " %.3f: sensitivity %.3f %s, specificity %.3f %s",
                  before.patientReferableThreshold(),
                  before.patientSensitivity(),
                  before.patientSpecificity(),
                  s.patients().referableThreshold(),
                  s.patients().validationSensitivity(),
                  ci(site.patientSensitivity()),
                  s.patients().validationSpecificity(),
                  ci(site.patientSpecificity())));
    }
    out()
        .println(
            "quality limits: "
                + (site.qualityLimitsRecalibrated() ? "re-chosen on the sample" : "the model's"));
    out().println("model: " + r.model());
  }

  private static String ci(ConfidenceInterval i) {
    return i == null ? "" : String.format(Locale.ROOT, "[%.3f, %.3f]", i.lower(), i.upper());
  }
}
