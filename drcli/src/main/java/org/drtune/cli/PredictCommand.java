package org.drtune.cli;

import java.nio.file.Path;
import java.util.List;
import org.drtune.DrClassifier;
import org.drtune.Grading;
import org.drtune.ImageLoadException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drtune predict}: grades images with an exported model and writes a CSV. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Grades fundus photographs, or a split of a dataset, with an exported model into a CSV.",
      "The CSV has a header and one row per image: id,grade,p0,...,pK-1 (id = the image's id in the"
          + " split, or its path; grade = the predicted class; pk = the probability of class k).",
      "Unreadable images are reported and left out (or stop the run with --strict)."
    })
final class PredictCommand extends BaseCommand {
  @Option(
      names = "--model",
      paramLabel = "DIR",
      required = true,
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
    @Option(
        names = "--data",
        paramLabel = "PATH",
        required = true,
        description = "A MedMNIST .npz, a folder of grade folders, or a label CSV.")
    Path data;

    @Option(
        names = "--split",
        paramLabel = "NAME",
        description = "Split to grade (default: test, or the only split of the file).")
    String split;
  }

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "CSV to write (atomically).")
  Path out;

  @picocli.CommandLine.Mixin ClassifierOptions scoring = new ClassifierOptions();

  PredictCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    try (DrClassifier classifier = DrClassifier.load(model, scoring.classifierOptions())) {
      Grading g;
      int count;
      try {
        if (input.images != null) {
          count = input.images.size();
          g = classifier.classifyFiles(input.images, scoring.strict, imageProgress("grading"));
        } else {
          try {
            g =
                classifier.classifyData(
                    input.data.data, input.data.split, scoring.strict, imageProgress("grading"));
          } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
          }
          count = g.graded().size() + g.skipped().size();
        }
      } catch (ImageLoadException e) {
        throw new CliException(
            ExitCode.DATA, e.getMessage() + " (--strict stops at the first unreadable image)", e);
      }
      if (g.note() != null) {
        err().println("note: " + g.note() + " (choose with --split)");
      }
      reportSkipped(err(), g.skipped());
      if (g.graded().isEmpty()) {
        throw new CliException(
            ExitCode.DATA,
            count == 0 ? "no images to grade" : "none of the " + count + " images could be read");
      }
      g.writeCsv(out);
      out()
          .println(
              "wrote "
                  + g.graded().size()
                  + " prediction(s) to "
                  + out
                  + (g.skipped().isEmpty()
                      ? ""
                      : " (" + g.skipped().size() + " unreadable image(s) left out)"));
    }
    return ExitCode.OK;
  }
}
