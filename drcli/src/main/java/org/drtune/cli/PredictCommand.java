package org.drtune.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.drtune.BuildInfo;
import org.drtune.ImageLoadException;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.GradedImage;
import org.drtune.grading.Grading;
import org.drtune.grading.PatientGrading;
import org.drtune.grading.PatientNaming;
import org.drtune.grading.PatientResult;
import org.drtune.grading.PhotographFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drtune predict}: grades photographs with an exported model into a CSV or JSON Lines. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Grades fundus photographs with an exported model: files, folders (searched with their"
          + " subfolders for .jpg, .jpeg and .png files, in path order), '-' for a list of paths"
          + " (one per line) on standard input, or a split of a dataset with --data.",
      "Writes one row per photograph: id,grade,p0,...,pK-1,referable_p,referable,ungradable"
          + " (id = the path as found, or the image's id in the split; grade = the predicted class,"
          + " empty when the quality check refused the photograph; pk = the probability of class"
          + " k; referable_p = the probability of referable DR; referable = 1 to refer, by the"
          + " model's threshold, also for a refused photograph; ungradable = why it was refused)."
          + " --format jsonl writes the same as JSON Lines, with the quality measures.",
      "Unreadable images are reported and left out (or stop the run with --strict)."
    })
final class PredictCommand extends BaseCommand {
  /** What the predictions are written as. */
  enum Format {
    /** Comma-separated values with a header. */
    csv,
    /** One JSON object per line. */
    jsonl
  }

  @Option(
      names = "--model",
      paramLabel = "DIR",
      required = true,
      description = "Model folder written by drtune train (RUN_DIR/model, or RUN_DIR).")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  /** A dataset split or photographs. */
  static final class Input {
    @ArgGroup(exclusive = false)
    DataInput data;

    @Parameters(
        paramLabel = "PHOTOS",
        arity = "1..*",
        description =
            "Photographs (JPEG or PNG files), folders of them, or '-' to read their paths from"
                + " standard input.")
    List<String> photos;
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
        description =
            "Split to grade: train, val, test or all (default: test, or the only split of the"
                + " file; every photograph of a label CSV or grade folders).")
    String split;
  }

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "File to write (atomically), or '-' for standard output.")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "csv|jsonl",
      description =
          "Output format (default: jsonl when --out ends in .jsonl or .ndjson, else csv).")
  Format format;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description =
          "Also write a summary as JSON (counts, referrals, photographs refused or unreadable), or"
              + " '-' for standard output.")
  Path json;

  @Option(
      names = "--by-patient",
      description =
          "Write one row per patient instead:"
              + " patient,photos,grade,referable_p,referable,ungradable,left_grade,left_referable_p,right_grade,right_referable_p"
              + " (the worse eye's grade, the higher eye's referable probability, referred at the"
              + " model's patient threshold or when an eye could not be graded; see"
              + " --patient-pattern).")
  boolean byPatient;

  @picocli.CommandLine.Mixin ClassifierOptions scoring = new ClassifierOptions();

  PredictCommand(CliContext ctx) {
    super(ctx);
  }

  /** The format asked for, or the one {@code --out}'s name says. */
  Format format() {
    if (format != null) {
      return format;
    }
    String name = out.getFileName() == null ? "" : out.getFileName().toString();
    name = name.toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? Format.jsonl : Format.csv;
  }

  /** The photographs named on the command line and on standard input, folders searched. */
  List<Path> photographs() throws IOException {
    List<Path> named = new ArrayList<>();
    boolean stdinRead = false;
    for (String p : input.photos) {
      if (p.equals("-")) {
        if (stdinRead) {
          throw usage("'-' (paths on standard input) can be given once");
        }
        stdinRead = true;
        named.addAll(readPathList());
      } else {
        named.add(path(p, "argument"));
      }
    }
    if (stdinRead && named.isEmpty()) {
      throw new CliException(ExitCode.DATA, "no photograph paths on standard input");
    }
    return PhotographFiles.find(named);
  }

  private List<Path> readPathList() throws IOException {
    List<Path> paths = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
    int lineNo = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      if (!line.isBlank()) {
        paths.add(path(line.strip(), "standard input line " + lineNo));
      }
    }
    return paths;
  }

  private Path path(String s, String where) {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw new CliException(ExitCode.DATA, where + ": not a path: " + e.getMessage(), e);
    }
  }

  @Override
  ExitCode run() throws Exception {
    Format fmt = format();
    boolean toStdout = OutputFile.isStdout(out);
    if (toStdout && OutputFile.isStdout(json)) {
      throw usage("--out - and --json - cannot both write to standard output");
    }
    DrClassifier.Options options = scoring.classifierOptions(this::usage);
    PatientNaming naming = scoring.naming(this::usage);
    try (DrClassifier classifier = DrClassifier.load(model, options)) {
      Grading g = grade(classifier);
      int count = g.graded().size() + g.skipped().size();
      if (g.note() != null) {
        err().println("note: " + g.note() + " (choose with --split)");
      }
      reportSkipped(err(), g.skipped());
      if (g.graded().isEmpty()) {
        throw new CliException(
            ExitCode.DATA,
            count == 0 ? "no images to grade" : "none of the " + count + " images could be read");
      }
      if (byPatient) {
        PatientGrading patients = classifier.byPatient(g, naming);
        if (patients.patients().isEmpty()) {
          throw new CliException(
              ExitCode.DATA,
              "no photograph names a patient by --patient-pattern " + naming.regex());
        }
        OutputFile.write(
            out, fmt == Format.jsonl ? patients.toJsonLines() : patients.toCsv(), out());
        (toStdout ? err() : out()).println(written(patients, toStdout));
      } else {
        OutputFile.write(out, fmt == Format.jsonl ? g.toJsonLines() : g.toCsv(), out());
        (toStdout ? err() : out()).println(written(g, toStdout));
      }
      if (json != null) {
        OutputFile.writeJson(json, summary(g, count, fmt, classifier), out());
        if (!OutputFile.isStdout(json)) {
          (toStdout ? err() : out()).println("summary: " + json);
        }
      }
    }
    return ExitCode.OK;
  }

  /** The photographs or the dataset split, graded. */
  private Grading grade(DrClassifier classifier) throws Exception {
    try {
      if (input.photos != null) {
        return classifier.classifyFiles(photographs(), scoring.strict, imageProgress("grading"));
      }
      try {
        return classifier.classifyData(
            input.data.data, input.data.split, scoring.strict, imageProgress("grading"));
      } catch (IllegalArgumentException e) {
        throw usage("--" + e.getMessage());
      }
    } catch (ImageLoadException e) {
      throw new CliException(
          ExitCode.DATA, e.getMessage() + " (--strict stops at the first unreadable image)", e);
    }
  }

  /** What was written where per patient: referrals, patients sent back, unassigned photographs. */
  private String written(PatientGrading p, boolean toStdout) {
    long ungradable = p.patients().stream().filter(r -> !r.gradable()).count();
    long referred = p.patients().stream().filter(PatientResult::refer).count();
    return "wrote "
        + p.patients().size()
        + " patient(s) to "
        + (toStdout ? "standard output" : out)
        + ": "
        + referred
        + " to refer"
        + (ungradable == 0 ? "" : " (" + ungradable + " with an eye not gradable)")
        + (p.unassigned().isEmpty()
            ? ""
            : "; " + p.unassigned().size() + " photograph(s) name no patient and were left out")
        + (p.photographs().skipped().isEmpty()
            ? ""
            : "; " + p.photographs().skipped().size() + " unreadable image(s) left out");
  }

  /** What was written where: referrals, refusals, unreadable photographs. */
  private String written(Grading g, boolean toStdout) {
    long refused = g.graded().stream().filter(gi -> !gi.result().gradable()).count();
    long referred = g.graded().stream().filter(gi -> gi.result().refer()).count();
    return "wrote "
        + g.graded().size()
        + " prediction(s) to "
        + (toStdout ? "standard output" : out)
        + ": "
        + referred
        + " to refer"
        + (refused == 0 ? "" : " (" + refused + " not gradable)")
        + (g.skipped().isEmpty()
            ? ""
            : "; " + g.skipped().size() + " unreadable image(s) left out");
  }

  private Map<String, Object> summary(Grading g, int count, Format fmt, DrClassifier classifier) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("command", "predict");
    s.put("drtune", BuildInfo.current().drtune());
    s.put("model", classifier.modelFolder().toString());
    s.put("source", g.source());
    s.put("output", OutputFile.isStdout(out) ? "-" : out.toString());
    s.put("format", fmt.name());
    s.put("testTimeAugmentation", classifier.options().testTimeAugmentation());
    s.put("qualityCheck", classifier.options().qualityCheck());
    var threshold = classifier.referableThreshold();
    s.put("referableThreshold", threshold.isPresent() ? threshold.getAsDouble() : null);
    s.put("photographs", count);
    s.put("predictions", g.graded().size());
    Map<String, Long> refused = new TreeMap<>();
    long referred = 0;
    for (GradedImage gi : g.graded()) {
      gi.result().ungradableReason().ifPresent(r -> refused.merge(r.id(), 1L, Long::sum));
      referred += gi.result().refer() ? 1 : 0;
    }
    s.put("gradable", g.graded().size() - refused.values().stream().mapToLong(x -> x).sum());
    s.put("referred", referred);
    s.put("ungradable", refused);
    s.put("unreadable", g.skipped());
    return s;
  }
}
