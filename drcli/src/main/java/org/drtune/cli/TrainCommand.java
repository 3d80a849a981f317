package org.drtune.cli;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.drtune.spark.SparkFeatureSession;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.Recipe;
import org.drtune.training.Recipes;
import org.drtune.training.TrainingPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drtune train}: fine-tunes the GoogLeNet on a dataset. Without options beyond {@code
 * --data} and {@code --out} it runs the recipe {@link Recipes#forData} picks, exactly what {@code
 * FineTuneRequest.of(data, out)} runs; each option overrides one setting of that recipe.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fine-tunes the ImageNet GoogLeNet to grade diabetic retinopathy and exports the model.",
      "Without options beyond --data and --out it runs the recipe chosen for the data (the first"
          + " line says which and why); each option changes one setting of it.",
      "Writes RUN_DIR/model (SavedModel + model card), RUN_DIR/model-card.json, RUN_DIR/report.html"
          + " with its plots, and RUN_DIR/checkpoints (for --resume); for an ensemble (the"
          + " thumbnail recipe trains "
          + Recipes.ENSEMBLE_MEMBERS
          + " seeds) each member's run is in RUN_DIR/members/member-K and"
          + " RUN_DIR/model is the ensemble (ensemble.json + member-K/)."
    })
final class TrainCommand extends BaseCommand {
  @Option(
      names = "--data",
      paramLabel = "PATH",
      required = true,
      description =
          "Training data: a MedMNIST .npz (train split trains, val selects), a folder of grade"
              + " folders 0..4, or an EyePACS/APTOS label CSV.")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "RUN_DIR",
      required = true,
      description = "Output folder of the run.")
  Path out;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description =
          "Also write the result as JSON (where the model went, the recipe, the validation"
              + " metrics, the time of each phase, the photographs left out), or '-' for standard"
              + " output.")
  Path json;

  @Option(
      names = "--resume",
      description = "Continue from the latest checkpoint in RUN_DIR/checkpoints.")
  boolean resume;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Image decoding threads (default: one per CPU).")
  Integer workers;

  @Option(
      names = "--strict",
      description = "Fail on the first unreadable image instead of skipping it.")
  boolean strict;

  @Option(
      names = "--skip-ungradable",
      description =
          "Leave out (and list) the training and validation photographs the quality check refuses"
              + " (default: train on every photograph, as its label says).")
  boolean skipUngradable;

  @Mixin DeviceOption device = new DeviceOption();

  @Mixin BackboneOptions backbone = new BackboneOptions();

  @Mixin PatientPatternOption patients = new PatientPatternOption();

  @Option(
      names = "--spark-master",
      paramLabel = "URL",
      description =
          "Compute the frozen features on Apache Spark (e.g. local[4], spark://HOST:7077, yarn;"
              + " needs SPARK_HOME) and train the rest here from them; the photographs must be on a"
              + " path every executor reads. Needs the feature cache (on by default for the"
              + " photographs recipe).")
  String sparkMaster;

  @Option(
      names = "--spark-features",
      paramLabel = "DIR",
      description =
          "Where the executors write the features as Parquet, kept after the run (default:"
              + " RUN_DIR/spark-features, deleted once the run's feature cache holds them; any file"
              + " system the cluster writes, e.g. hdfs:///tmp/drtune).")
  String sparkFeatures;

  TrainCommand(CliContext ctx) {
    super(ctx);
  }

  /**
   * What runs: the recipe chosen for the data with the settings given on the command line applied.
   */
  TrainingPlan plan() {
    return SettingOptions.plan(spec, Recipes.forData(data), backbone.ref());
  }

  /** The recipe of {@link #plan()}. */
  Recipe recipe() {
    return plan().recipe();
  }

  @Override
  ExitCode run() throws Exception {
    if (workers != null && workers < 1) {
      throw usage("--workers must be at least 1, got " + workers);
    }
    TrainingPlan plan = plan();
    Recipe recipe = plan.recipe();
    FineTuneRequest req =
        FineTuneRequest.of(data, out)
            .withPlan(plan)
            .withAssets(backbone.assets(assets()))
            .withBackbone(backbone.ref())
            .withResume(resume)
            .withDevice(device.device())
            .withLoading(workers == null ? 0 : workers, strict)
            .withSkipUngradable(skipUngradable)
            .withDataOptions(
                org.drtune.training.DatasetOptions.defaults()
                    .withPatientNaming(patients.naming(this::usage)));
    ProgressReporter progress = progress();
    TrainingProgress listener = new TrainingProgress(progress, recipe.training().epochs());
    FineTuneJob.Result r;
    if (sparkMaster == null) {
      if (sparkFeatures != null) {
        throw usage("--spark-features needs --spark-master");
      }
      r = FineTuneJob.run(req, listener);
    } else {
      String folder =
          sparkFeatures != null ? sparkFeatures : out.resolve("spark-features").toString();
      try (SparkFeatureSession spark =
          SparkFeatureSession.open(sparkMaster, folder, sparkFeatures != null)) {
        r = FineTuneJob.run(req, listener, spark.provider());
      }
      if (sparkFeatures == null) {
        try {
          java.nio.file.Files.deleteIfExists(Path.of(folder)); // its splits are gone already
        } catch (java.nio.file.DirectoryNotEmptyException e) {
          // something else was put there: leave it
        }
      }
    }
    report(out(), r);
    if (json != null) {
      OutputFile.writeJson(json, resultJson("train", r), out());
    }
    BaseCommand.reportSkipped(err(), r.skipped());
    if (!r.ungradable().isEmpty()) {
      err()
          .println(
              "left out " + r.ungradable().size() + " photograph(s) the quality check refused:");
      r.ungradable().forEach(u -> err().println("  " + u.id() + ": " + u.reason()));
    }
    return ExitCode.OK;
  }

  /** What {@code --json} writes about a fine-tune. */
  static java.util.Map<String, Object> resultJson(String command, FineTuneJob.Result r)
      throws java.io.IOException {
    java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
    j.put("command", command);
    j.put("drtune", org.drtune.BuildInfo.current().drtune());
    j.put("model", r.modelDir().toString());
    j.put(
        "modelCard",
        r.modelDir()
            .resolve(r.members() > 1 ? EnsembleCard.FILE_NAME : ModelCard.FILE_NAME)
            .toString());
    j.put("report", r.report() == null ? null : r.report().toString());
    java.util.Map<String, Object> recipe = new java.util.LinkedHashMap<>();
    recipe.put("name", r.recipe().name());
    recipe.put("reason", r.recipe().reason());
    j.put("recipe", recipe);
    j.put("members", r.members());
    j.put("bestEpochs", r.memberCards().stream().map(c -> c.bestEpoch() + 1).toList());
    j.put("validation", r.validation());
    j.put(
        "screening",
        r.ensembleCard() != null ? r.ensembleCard().screening() : r.card().screening());
    j.put(
        "seconds",
        r.memberCards().stream()
            .map(c -> c.data() == null ? null : c.data().get("seconds"))
            .toList());
    j.put("skipped", r.skipped());
    j.put("ungradable", r.ungradable());
    return j;
  }

  /**
   * Prints where the model, card and report went, the validation metrics and the skipped-image
   * count.
   */
  static void report(java.io.PrintWriter out, FineTuneJob.Result r) {
    int n = r.members();
    out.println("model:      " + r.modelDir() + (n > 1 ? " (ensemble of " + n + " models)" : ""));
    out.println(
        "model card: "
            + r.modelDir().resolve(n > 1 ? EnsembleCard.FILE_NAME : ModelCard.FILE_NAME));
    out.println("report:     " + r.report());
    if (n > 1) {
      out.println(
          "validation metrics of the exported ensemble (mean of "
              + n
              + " models' probabilities; best epochs "
              + r.memberCards().stream()
                  .map(c -> Integer.toString(c.bestEpoch() + 1))
                  .collect(Collectors.joining(", "))
              + "):");
    } else {
      out.println(
          "validation metrics of the exported model (best epoch "
              + (r.card().bestEpoch() + 1)
              + "):");
    }
    out.print(r.validation().toText());
    out.println("skipped images: " + r.skipped().size());
    for (org.drtune.model.ModelCard c : r.memberCards()) {
      if (c.data() != null && c.data().get("seconds") instanceof java.util.Map<?, ?> seconds) {
        StringBuilder t = new StringBuilder(r.members() > 1 ? "time (member): " : "time: ");
        seconds.forEach(
            (phase, secs) ->
                t.append(phase)
                    .append(' ')
                    .append(ProgressReporter.duration(((Number) secs).doubleValue()))
                    .append(", "));
        out.println(t.substring(0, t.length() - 2));
      }
    }
  }
}
