package org.drtune.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.drtune.DrClassifier;
import org.drtune.DrResult;
import org.drtune.FineTuneJob;
import org.drtune.FineTuneRequest;
import org.drtune.Grade;
import org.drtune.Recipes;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.Preprocessing;
import org.drtune.models.AssetResolver;
import org.drtune.models.DataRecipe;
import org.drtune.models.ModelRecipe;
import org.drtune.models.ResolvedAssets;
import org.drtune.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drtune demo}: the whole job on defaults that work out of the box: find the GoogLeNet weights and
 * RetinaMNIST, fine-tune with {@link Recipes#demo()}, evaluate on the validation split, export, and grade a few
 * validation images with the exported model.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the whole job on RetinaMNIST with defaults that work out of the box (minutes on a CPU).",
        "Finds the GoogLeNet weights and the data (cache, mirror or download), fine-tunes with the demo recipe on"
            + " the train split with the val split for model selection, evaluates on val, exports the model and"
            + " grades a few val images with it."})
final class DemoCommand extends BaseCommand {
  /** Validation images graded with the exported model at the end. */
  static final int EXAMPLES = 5;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "drtune-demo",
      description = "Output folder (default: ./${DEFAULT-VALUE}).")
  Path out;

  @picocli.CommandLine.Mixin
  DeviceOption device = new DeviceOption();

  @Option(names = "--weights", paramLabel = "DIR", description = "Folder holding the BVLC GoogLeNet files"
      + " (default: the usual lookup).")
  Path weights;

  @Option(names = "--data", paramLabel = "NPZ", description = "RetinaMNIST-style .npz with train and val splits"
      + " (default: found through the usual lookup).")
  Path data;

  @Option(names = "--ensemble", paramLabel = "N",
      description = "Models averaged in the exported ensemble, as in train (default: "
          + Recipes.ENSEMBLE_MEMBERS + ").")
  Integer ensemble;

  DemoCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    AssetResolver assets = weights == null ? ctx.assets() : ctx.assets().withExplicitFolder(weights);
    if (ctx.backbone() == null) {
      ResolvedAssets w = assets.resolve(ModelRecipe.bvlcGoogLeNet().assets());
      out().println("weights: " + w.bundle().name() + " (" + w.source().name().toLowerCase(Locale.ROOT) + ") "
          + w.folder());
    } else {
      out().println("weights: " + ctx.backbone().name());
    }
    Path npz = data;
    if (npz == null) {
      ResolvedAssets d = ctx.assets().resolveAny(DataRecipe.retinaMnist().alternatives());
      npz = d.path(d.bundle().files().get(0).path());
      out().println("data:    " + d.bundle().name() + " (" + d.source().name().toLowerCase(Locale.ROOT) + ") "
          + npz);
    } else {
      out().println("data:    " + npz);
    }
    TrainingConfig cfg = ctx.demoTraining() != null ? ctx.demoTraining() : Recipes.demo();
    Preprocessing prep = ctx.demoPreprocessing() != null ? ctx.demoPreprocessing() : Recipes.demoPreprocessing();
    Path runDir = out.resolve("run");
    FineTuneRequest req = FineTuneRequest.of(npz, runDir).withTraining(cfg).withPreprocessing(prep)
        .withAssets(assets).withDevice(device.device());
    int members = ensemble == null ? Recipes.ensembleMembers() : ensemble;
    if (members < 1) {
      throw usage("--ensemble must be at least 1, got " + members);
    }
    ProgressReporter progress = progress();
    out().println("fine-tuning: " + cfg.strategy().cliName() + ", " + cfg.inputSize() + " px, up to "
        + cfg.epochs() + " epochs" + (members > 1 ? ", ensemble of " + members + " seeds" : "") + " -> " + runDir);
    out().flush();
    FineTuneJob.Result r = FineTuneJob.runEnsemble(req, members, ctx.backbone(),
        new TrainingProgress(progress, err(), cfg.epochs()));
    TrainCommand.report(out(), r);
    Scoring.reportSkipped(err(), r.skipped().stream().map(s -> s.reason()).toList());

    FundusDataset val = MedMnistNpz.read(npz, Math.max(5, cfg.numClasses())).split("val");
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 0; i < Math.min(EXAMPLES, val.size()); i++) {
      images.add(val.load(i));
    }
    out().println("the exported model on the first " + images.size() + " validation images:");
    try (DrClassifier classifier = DrClassifier.load(r.modelDir(), DrClassifier.Options.defaults()
        .withDevice(device.device()).withWarnings(m -> err().println(m)))) {
      List<DrResult> results = classifier.classifyAll(images);
      for (int i = 0; i < results.size(); i++) {
        DrResult res = results.get(i);
        String predicted = res.grade().map(g -> g.number() + " " + g).orElse("class " + res.predictedClass());
        out().println(String.format(Locale.ROOT, "  val #%d: true grade %s, predicted %s (p=%.2f), referable"
            + " p=%.2f%s", i, gradeName(val.label(i)), predicted, res.confidence(), res.referableProbability(),
            res.referable() ? " -> refer" : ""));
      }
    }
    out().println("done: model " + r.modelDir() + ", report " + r.report());
    return ExitCode.OK;
  }

  private static String gradeName(int grade) {
    return grade < Grade.values().length ? grade + " " + Grade.of(grade) : Integer.toString(grade);
  }
}
