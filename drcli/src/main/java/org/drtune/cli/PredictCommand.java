package org.drtune.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.drtune.DrClassifier;
import org.drtune.DrResult;
import org.drtune.ModelCard;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.train.RunFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drtune predict}: grades images with an exported model and writes a CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Grades fundus photographs, or a split of a dataset, with an exported model into a CSV.",
        "The CSV has a header and one row per image: id,grade,p0,...,pK-1 (id = the image's index in the split, or"
            + " its path; grade = the predicted class; pk = the probability of class k).",
        "Unreadable images are reported and left out (or stop the run with --strict)."})
final class PredictCommand extends BaseCommand {
  @Option(names = "--model", paramLabel = "DIR", required = true,
      description = "Model folder written by drtune train (RUN_DIR/model, or RUN_DIR).")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  /** A dataset split or image files. */
  static final class Input {
    @ArgGroup(exclusive = false)
    DataInput data;

    @Parameters(paramLabel = "IMAGES", arity = "1..*", description = "JPEG or PNG files to grade.")
    List<Path> images;
  }

  /** A dataset and the split to grade. */
  static final class DataInput {
    @Option(names = "--data", paramLabel = "PATH", required = true,
        description = "A MedMNIST .npz, a folder of grade folders, or a label CSV.")
    Path data;

    @Option(names = "--split", paramLabel = "NAME",
        description = "Split to grade (default: test, or the only split of the file).")
    String split;
  }

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "CSV to write (atomically).")
  Path out;

  @picocli.CommandLine.Mixin
  ClassifierOptions scoring = new ClassifierOptions();

  PredictCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    ProgressReporter progress = progress();
    try (DrClassifier classifier = DrClassifier.load(model, scoring.classifierOptions(err()))) {
      ModelCard card = classifier.modelCard();
      int k = card.numClasses();
      Scoring.Scored scored;
      java.util.function.IntFunction<String> id;
      int count;
      if (input.images != null) {
        List<Path> images = input.images;
        count = images.size();
        id = i -> images.get(i).toString();
        scored = Scoring.run(classifier, count, i -> classifier.options().decoder().decode(images.get(i)),
            scoring.strict, progress, "grading");
      } else {
        boolean referable = ModelCard.REFERABLE.equals(card.labelScheme());
        DataSelection sel = DataSelection.open(input.data.data, input.data.split, referable ? 5 : k);
        if (sel.note() != null) {
          err().println("note: " + sel.note());
        }
        FundusDataset d = sel.dataset();
        count = d.size();
        id = d::id;
        scored = Scoring.run(classifier, count, d::load, scoring.strict, progress, "grading " + sel.split());
      }
      Scoring.reportSkipped(err(), scored.skipped());
      if (scored.results().isEmpty()) {
        throw new CliException(ExitCode.DATA, count == 0 ? "no images to grade"
            : "none of the " + count + " images could be read");
      }
      StringBuilder csv = new StringBuilder(ModelCard.REFERABLE.equals(card.labelScheme()) ? "id,class" : "id,grade");
      for (int c = 0; c < k; c++) {
        csv.append(",p").append(c);
      }
      csv.append('\n');
      for (int i = 0; i < scored.results().size(); i++) {
        DrResult r = scored.results().get(i);
        csv.append(csvField(id.apply(scored.indices().get(i)))).append(',').append(r.predictedClass());
        for (double p : r.probabilities()) {
          csv.append(',').append(String.format(Locale.ROOT, "%.6f", p));
        }
        csv.append('\n');
      }
      RunFiles.writeAtomically(out, csv.toString());
      out().println("wrote " + scored.results().size() + " prediction(s) to " + out
          + (scored.skipped().isEmpty() ? "" : " (" + scored.skipped().size() + " unreadable image(s) left out)"));
    }
    return ExitCode.OK;
  }

  /** Quotes a CSV field when it holds a comma, quote or line break. */
  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
