package org.drtune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.List;
import org.drtune.DrClassifier;
import org.drtune.DrResult;
import org.drtune.ModelCard;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.internal.report.HtmlReport;
import org.drtune.internal.report.Plots;
import org.drtune.internal.train.RunFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drtune evaluate}: the metrics of an exported model on a labelled split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Evaluates an exported model on labelled data: accuracy, mean AUC, quadratic kappa, referable-DR"
        + " operating points with bootstrap intervals, and the confusion matrix.",
        "With --json FILE also writes FILE, FILE's name with -confusion.png (the confusion matrix) and .html (a"
            + " report)."})
final class EvaluateCommand extends BaseCommand {
  @Option(names = "--model", paramLabel = "DIR", required = true,
      description = "Model folder written by drtune train (RUN_DIR/model, or RUN_DIR).")
  Path model;

  @Option(names = "--data", paramLabel = "PATH", required = true,
      description = "Labelled data: a MedMNIST .npz, a folder of grade folders, or a label CSV.")
  Path data;

  @Option(names = "--split", paramLabel = "NAME", description = "Split to evaluate: train, val or test (default:"
      + " test; the only split of a one-split .npz; the validation split of data without a test split).")
  String split;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the metrics as JSON, with plots and an HTML"
      + " report next to it.")
  Path json;

  @picocli.CommandLine.Mixin
  ClassifierOptions scoring = new ClassifierOptions();

  EvaluateCommand(CliContext ctx) {
    super(ctx);
  }

  /**
   * What {@code --json} writes.
   *
   * @param model the model folder
   * @param data the data
   * @param split the split evaluated
   * @param testTimeAugmentation whether rotations were averaged
   * @param skippedImages images that could not be read and were left out
   * @param evaluation the metrics
   */
  record EvaluationFile(String model, String data, String split, boolean testTimeAugmentation, int skippedImages,
      Evaluation evaluation) {}

  @Override
  ExitCode run() throws Exception {
    ProgressReporter progress = progress();
    try (DrClassifier classifier = DrClassifier.load(model, scoring.classifierOptions(err()))) {
      ModelCard card = classifier.modelCard();
      boolean referable = ModelCard.REFERABLE.equals(card.labelScheme());
      DataSelection sel = DataSelection.open(data, split, referable ? 5 : card.numClasses());
      if (sel.note() != null) {
        err().println("note: " + sel.note());
      }
      if (sel.dataset().size() == 0) {
        throw new CliException(ExitCode.DATA, "the " + sel.split() + " split of " + data + " holds no images");
      }
      Scoring.Scored scored = Scoring.run(classifier, sel.dataset().size(), sel.dataset()::load,
          scoring.strict, progress,
          "evaluating " + sel.split());
      Scoring.reportSkipped(err(), scored.skipped());
      if (scored.results().isEmpty()) {
        throw new CliException(ExitCode.DATA, "none of the " + sel.dataset().size() + " images could be read");
      }
      int n = scored.results().size();
      int[] labels = new int[n];
      float[][] probabilities = new float[n][];
      for (int i = 0; i < n; i++) {
        int grade = sel.dataset().label(scored.indices().get(i));
        labels[i] = referable ? (grade >= 2 ? 1 : 0) : grade;
        DrResult r = scored.results().get(i);
        probabilities[i] = new float[r.probabilities().size()];
        for (int c = 0; c < probabilities[i].length; c++) {
          probabilities[i][c] = r.probabilities().get(c).floatValue();
        }
      }
      EvaluationOptions options = referable ? EvaluationOptions.defaults().withReferableMinGrade(1)
          : EvaluationOptions.defaults();
      Evaluation evaluation = Evaluation.of(labels, probabilities, options);
      out().println("model " + model + (classifier.ensembleSize() > 1 ? " (ensemble of "
          + classifier.ensembleSize() + " models)" : "") + " on the " + sel.split() + " split of " + data
          + (scoring.tta ? " (TTA)" : "") + ":");
      out().print(evaluation.toText());
      if (json != null) {
        writeFiles(card, sel.split(), scored.skipped().size(), evaluation);
      }
    }
    return ExitCode.OK;
  }

  private void writeFiles(ModelCard card, String splitName, int skipped, Evaluation evaluation) throws Exception {
    EvaluationFile file = new EvaluationFile(model.toString(), data.toString(), splitName, scoring.tta, skipped,
        evaluation);
    RunFiles.writeAtomically(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(file));
    String name = json.getFileName().toString();
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    Path png = json.resolveSibling(stem + "-confusion.png");
    Plots.writeConfusionMatrix(evaluation.confusion(), card.classes(), png);
    Path html = json.resolveSibling(stem + ".html");
    HtmlReport.write(html, "drtune evaluate: " + splitName + " split of " + data.getFileName(), evaluation,
        List.of(), card.toJson(), List.of(png));
    out().println("metrics: " + json);
    out().println("plot:    " + png);
    out().println("report:  " + html);
  }
}
