package org.drtune.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.grading.Grade;
import org.drtune.grading.GradedImage;
import org.drtune.grading.Grading;
import org.drtune.grading.ImageProgress;
import org.drtune.models.AssetResolver;
import org.drtune.models.DataRecipe;
import org.drtune.models.ModelRecipe;
import org.drtune.models.ResolvedAssets;
import org.drtune.training.BackboneRef;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.Recipe;
import org.drtune.training.Recipes;
import org.drtune.training.TrainingPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drtune demo}: the whole job on defaults that work out of the box: find the GoogLeNet
 * weights and RetinaMNIST, fine-tune with {@link Recipes#demo()}, evaluate on the validation split,
 * export, and grade a few validation images with the exported model.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the whole job on RetinaMNIST with defaults that work out of the box (minutes on a"
          + " CPU).",
      "Finds the GoogLeNet weights and the data (cache, mirror or download), fine-tunes with the"
          + " demo recipe on the train split with the val split for model selection, evaluates on"
          + " val, exports the model and grades a few val images with it. The options of train"
          + " change one setting of the demo recipe."
    })
final class DemoCommand extends BaseCommand {
  /** Validation images graded with the exported model at the end. */
  static final int EXAMPLES = 5;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "drtune-demo",
      description = "Output folder (default: ./${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--data",
      paramLabel = "NPZ",
      description =
          "RetinaMNIST-style .npz with train and val splits"
              + " (default: found through the usual lookup).")
  Path data;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description =
          "Also write the result as JSON (the fine-tune's, and the graded examples), or '-' for"
              + " standard output.")
  Path json;

  @Mixin DeviceOption device = new DeviceOption();

  @Mixin BackboneOptions backbone = new BackboneOptions();

  DemoCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    AssetResolver assets = backbone.assets(assets());
    BackboneRef ref = backbone.ref();
    TrainingPlan plan = SettingOptions.plan(spec, Recipes.demo(), ref);
    Recipe recipe = plan.recipe();
    showWeights(assets, ref);
    Path npz = data();
    Path runDir = out.resolve("run");
    FineTuneRequest req =
        FineTuneRequest.of(npz, runDir)
            .withPlan(plan)
            .withAssets(assets)
            .withBackbone(ref)
            .withDevice(device.device());
    int members = recipe.ensembleMembers();
    out()
        .println(
            "fine-tuning: "
                + recipe.training().strategy().cliName()
                + ", "
                + recipe.training().inputSize()
                + " px, up to "
                + recipe.training().epochs()
                + " epochs"
                + (members > 1 ? ", ensemble of " + members + " seeds" : "")
                + " -> "
                + runDir);
    out().flush();
    FineTuneJob.Result r =
        FineTuneJob.run(req, new TrainingProgress(progress(), recipe.training().epochs()));
    TrainCommand.report(out(), r);
    reportSkipped(err(), r.skipped());
    List<Map<String, Object>> examples = gradeExamples(r, npz);
    if (json != null) {
      Map<String, Object> j = TrainCommand.resultJson("demo", r);
      j.put("data", npz.toString());
      j.put("examples", examples);
      OutputFile.writeJson(json, j, out());
    }
    out().println("done: model " + r.modelDir() + ", report " + r.report());
    return ExitCode.OK;
  }

  /** Says where the weights are (found or downloaded now). */
  private void showWeights(AssetResolver assets, BackboneRef ref) throws IOException {
    if (ref.frozenGraph() == null) {
      ResolvedAssets w = assets.resolve(ModelRecipe.bvlcGoogLeNet().assets());
      out()
          .println(
              "weights: "
                  + w.bundle().name()
                  + " ("
                  + w.source().name().toLowerCase(Locale.ROOT)
                  + ") "
                  + w.folder());
    } else {
      out().println("weights: " + ref.name() + " (" + ref.frozenGraph() + ")");
    }
  }

  /** The --data file, or RetinaMNIST found (or downloaded) through the usual lookup. */
  private Path data() throws IOException {
    if (data != null) {
      out().println("data:    " + data);
      return data;
    }
    ResolvedAssets d = assets().resolveAny(DataRecipe.retinaMnist().alternatives());
    Path npz = d.path(d.bundle().files().get(0).path());
    out()
        .println(
            "data:    "
                + d.bundle().name()
                + " ("
                + d.source().name().toLowerCase(Locale.ROOT)
                + ") "
                + npz);
    return npz;
  }

  /** Grades the first validation images with the exported model, printed and for --json. */
  private List<Map<String, Object>> gradeExamples(FineTuneJob.Result r, Path npz)
      throws IOException {
    List<Map<String, Object>> examples = new ArrayList<>();
    try (DrClassifier classifier =
        DrClassifier.load(
            r.modelDir(), DrClassifier.Options.defaults().withDevice(device.device()))) {
      Grading g = classifier.classifyData(npz, "val", false, ImageProgress.NONE);
      List<GradedImage> shown = g.graded().subList(0, Math.min(EXAMPLES, g.graded().size()));
      out().println("the exported model on the first " + shown.size() + " validation images:");
      for (GradedImage gi : shown) {
        DrResult res = gi.result();
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("id", gi.id());
        ex.put("trueGrade", gi.label());
        ex.put("predictedClass", res.predictedClass());
        ex.put("probabilities", res.probabilities());
        ex.put("referableProbability", res.referableProbability());
        ex.put("refer", res.refer());
        examples.add(ex);
        out().println(exampleLine(gi));
      }
    }
    return examples;
  }

  private static String exampleLine(GradedImage gi) {
    DrResult res = gi.result();
    String predicted =
        res.grade().map(x -> x.number() + " " + x).orElse("class " + res.predictedClass());
    return String.format(
        Locale.ROOT,
        "  val #%s: true grade %s, predicted %s (p=%.2f), referable" + " p=%.2f%s",
        gi.id(),
        gradeName(gi.label()),
        predicted,
        res.confidence(),
        res.referableProbability(),
        res.referable() ? " -> refer" : "");
  }

  private static String gradeName(int grade) {
    return grade < Grade.values().length ? grade + " " + Grade.of(grade) : Integer.toString(grade);
  }
}
