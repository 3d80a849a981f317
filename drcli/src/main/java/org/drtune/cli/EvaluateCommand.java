package org.drtune.cli;

import java.nio.file.Path;
import java.util.List;
import org.drtune.grading.DataEvaluation;
import org.drtune.grading.DrClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drtune evaluate}: the metrics of an exported model on a labelled split ({@link
 * DrClassifier#evaluate}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluates an exported model on labelled data: accuracy, mean AUC, quadratic kappa,"
          + " referable-DR operating points with bootstrap intervals, and the confusion matrix.",
      "With --json FILE also writes FILE, FILE's name with -confusion.png (the confusion matrix)"
          + " and .html (a report)."
    })
final class EvaluateCommand extends BaseCommand {
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
      description = "Labelled data: a MedMNIST .npz, a folder of grade folders, or a label CSV.")
  Path data;

  @Option(
      names = "--split",
      paramLabel = "NAME",
      description =
          "Split to evaluate: train, val or test (default: test; the only split of a one-split"
              + " .npz; the validation split of data without a test split).")
  String split;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write the metrics as JSON, with plots and an HTML" + " report next to it.")
  Path json;

  @picocli.CommandLine.Mixin ClassifierOptions scoring = new ClassifierOptions();

  EvaluateCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    if (OutputFile.isStdout(json)) {
      throw usage("--json needs a file name: the confusion plot and the HTML report go next to it");
    }
    DrClassifier.Options options = scoring.classifierOptions(this::usage);
    org.drtune.grading.PatientNaming naming = scoring.naming(this::usage);
    try (DrClassifier classifier = DrClassifier.load(model, options)) {
      DataEvaluation e;
      try {
        e =
            classifier.evaluate(
                data,
                split,
                scoring.strict,
                imageProgress("evaluating " + (split == null ? "" : split)),
                naming);
      } catch (IllegalArgumentException ex) {
        throw usage("--" + ex.getMessage());
      }
      if (e.note() != null) {
        err().println("note: " + e.note() + " (choose with --split)");
      }
      reportSkipped(err(), e.skipped());
      print(e);
      if (json != null) {
        List<Path> files = e.writeFiles(json, classifier.modelCard());
        out().println("metrics: " + files.get(0));
        out().println("plot:    " + files.get(1));
        out().println("report:  " + files.get(2));
      }
    }
    return ExitCode.OK;
  }

  /** The metrics, and the photographs the quality check refused by reason. */
  private void print(DataEvaluation e) {
    out()
        .println(
            "model "
                + model
                + (e.ensembleSize() > 1 ? " (ensemble of " + e.ensembleSize() + " models)" : "")
                + " on the "
                + e.split()
                + " split of "
                + data
                + (e.testTimeAugmentation() ? " (TTA)" : "")
                + ":");
    if (e.evaluation() != null) {
      out().print(e.evaluation().toText());
    }
    if (e.ungradable() > 0) {
      out()
          .println(
              String.format(
                  java.util.Locale.ROOT,
                  "not graded (quality check): %d of %d photographs (%.1f%%), by true grade %s",
                  e.ungradable(),
                  e.readImages(),
                  100 * e.ungradableRate(),
                  e.ungradableByGrade()));
      e.rejected().stream()
          .collect(
              java.util.stream.Collectors.groupingBy(
                  DataEvaluation.Rejected::reason,
                  java.util.TreeMap::new,
                  java.util.stream.Collectors.counting()))
          .forEach((reason, count) -> out().println("  " + reason.id() + ": " + count));
      out().println("all photographs, the ones not graded counted as referable:");
      out().print(e.allPhotographs().toText());
    }
    printPatients(e.patients());
  }

  /** The patient-level metrics, when the photographs name patients. */
  private void printPatients(DataEvaluation.PatientLevel p) {
    if (p == null) {
      return;
    }
    out()
        .println(
            "per patient ("
                + p.count()
                + " patients; the worse eye's grade, the higher eye's referable probability"
                + (p.otherEyeWeight() > 0
                    ? String.format(
                        java.util.Locale.ROOT,
                        ", each eye with the other's at weight %.2f",
                        p.otherEyeWeight())
                    : "")
                + (p.unassigned() > 0 ? "; " + p.unassigned() + " photographs name no patient" : "")
                + "):");
    if (p.evaluation() != null) {
      out().print(p.evaluation().toText());
    }
    if (p.photographsWithOtherEye() != null) {
      out()
          .printf(
              java.util.Locale.ROOT,
              "the gradable photographs with the other eye's probabilities at weight %.2f"
                  + " (as patients are graded):%n",
              p.otherEyeWeight());
      out().print(p.photographsWithOtherEye().toText());
    }
    if (p.ungradable() > 0) {
      out()
          .println(
              p.ungradable()
                  + " patient(s) with an eye the quality check could not grade; all patients,"
                  + " those counted as referred:");
      out().print(p.allPatients().toText());
    }
  }
}
