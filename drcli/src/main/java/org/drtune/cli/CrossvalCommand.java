package org.drtune.cli;

import java.nio.file.Path;
import java.util.List;
import org.drtune.experiments.CrossValidation;
import org.drtune.experiments.Experiments;
import org.drtune.graph.Backbone;
import org.drtune.models.AssetResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drtune crossval}: stratified k-fold cross-validation of training settings on a MedMNIST .npz. */
@Command(name = "crossval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cross-validates fine-tuning settings on the train+val images of a MedMNIST .npz: stratified"
        + " k folds, a fresh model per fold trained for a fixed number of epochs, the last epoch evaluated on the"
        + " held-out fold (with and without rotation TTA). Writes OUT/table.md (one row per setting, mean ± std)"
        + " and OUT/NAME.json.",
        "A setting is NAME:key=value,... with keys strategy, size, epochs, batch, lr, decay, headmult, l2, dropout,"
            + " momentum, optimizer, classweights, augment, random, freeze (L1+L2), cut, seed, lcs, crop, cache."})
final class CrossvalCommand extends BaseCommand {
  @Option(names = "--data", paramLabel = "NPZ", required = true, description = "MedMNIST .npz with train and val.")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "crossval",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "Folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--fold-seed", paramLabel = "S", defaultValue = "2024",
      description = "Seed of the fold assignment (default: ${DEFAULT-VALUE}).")
  long foldSeed;

  @Option(names = "--setting", paramLabel = "SPEC", required = true, arity = "1..*",
      description = "Setting(s) to cross-validate, e.g. linear112:strategy=linear,size=112,epochs=30,lr=0.01")
  List<String> settings;

  @Option(names = "--weights", paramLabel = "DIR", description = "Folder holding the BVLC GoogLeNet files.")
  Path weights;

  CrossvalCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  ExitCode run() throws Exception {
    if (folds < 2) {
      throw usage("--folds must be at least 2, got " + folds);
    }
    for (String s : settings) {
      try {
        Experiments.parse(s);
      } catch (IllegalArgumentException e) {
        throw usage("--setting " + s + ": " + e.getMessage());
      }
    }
    AssetResolver assets = weights == null ? ctx.assets() : ctx.assets().withExplicitFolder(weights);
    Backbone backbone = ctx.backbone() != null ? ctx.backbone() : Backbone.bvlcGoogLeNet(assets);
    List<CrossValidation.SettingResult> results = Experiments.run(data, out, folds, foldSeed, settings, backbone,
        line -> err().println(line));
    out().println(Experiments.TABLE_HEADER);
    results.forEach(r -> out().println(Experiments.row(r)));
    out().println("table: " + out.resolve("table.md"));
    return ExitCode.OK;
  }
}
