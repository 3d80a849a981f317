package org.drtune.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drtune.FineTuneJob;
import org.drtune.FineTuneRequest;
import org.drtune.Recipes;
import org.drtune.internal.data.LoaderOptions;
import org.drtune.Preprocessing;
import org.drtune.internal.graph.BackboneProfile;
import org.drtune.models.AssetResolver;
import org.drtune.OptimizerKind;
import org.drtune.Strategy;
import org.drtune.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drtune train}: fine-tunes the GoogLeNet on a dataset. Without options beyond {@code --data} and
 * {@code --out} it runs {@link Recipes#trainDefault()} with {@link Recipes#trainPreprocessing()} as an ensemble of
 * {@link Recipes#ensembleMembers()} seeds; each option overrides one field of that recipe.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Fine-tunes the ImageNet GoogLeNet to grade diabetic retinopathy and exports the model.",
        "Without options beyond --data and --out it runs the default recipe; each option changes one setting.",
        "Writes RUN_DIR/model (SavedModel + model card), RUN_DIR/model-card.json, RUN_DIR/report.html with its"
            + " plots, and RUN_DIR/checkpoints (for --resume); with --ensemble N > 1 (the default is "
            + Recipes.ENSEMBLE_MEMBERS + ") each member's run is in RUN_DIR/members/member-K and RUN_DIR/model is"
            + " the ensemble (ensemble.json + member-K/)."})
final class TrainCommand extends BaseCommand {
  /** Option names of the TrainingConfig fields, to name the option in a validation error. */
  private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(Map.entry("numClasses", "--classes"),
      Map.entry("inputSize", "--image-size"), Map.entry("dropout", "--dropout"), Map.entry("l2", "--l2"),
      Map.entry("learningRate", "--lr"), Map.entry("headLrMultiplier", "--head-lr-mult"),
      Map.entry("lrDecay", "--lr-decay"), Map.entry("epochs", "--epochs"), Map.entry("batchSize", "--batch"),
      Map.entry("patience", "--patience"));

  @Option(names = "--data", paramLabel = "PATH", required = true, description = "Training data: a MedMNIST .npz"
      + " (train split trains, val selects), a folder of grade folders 0..4, or an EyePACS/APTOS label CSV.")
  Path data;

  @Option(names = "--out", paramLabel = "RUN_DIR", required = true, description = "Output folder of the run.")
  Path out;

  @Option(names = "--classes", paramLabel = "K",
      description = "Output classes: 5 = DR grades 0-4 (default), 2 = referable DR (grade >= 2).")
  Integer classes;

  @Option(names = "--strategy", paramLabel = "S", converter = StrategyConverter.class,
      description = "Transfer strategy: linear, early-features, frozen-prefix (default), full.")
  Strategy strategy;

  @ArgGroup(exclusive = true)
  Freeze freeze;

  /** Either an explicit list of frozen layers or all layers up to one. */
  static final class Freeze {
    @Option(names = "--freeze", paramLabel = "L1,L2", split = ",",
        description = "Layer groups kept frozen (frozen-prefix), e.g. conv1,conv2 (the default).")
    List<String> layers;

    @Option(names = "--freeze-upto", paramLabel = "LAYER",
        description = "Freeze every layer group up to and including LAYER.")
    String upTo;
  }

  @Option(names = "--cut-layer", paramLabel = "L",
      description = "Layer group feeding the new head (default: the last, or inception_4e for early-features).")
  String cutLayer;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs.")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "N", description = "Batch size.")
  Integer batch;

  @Option(names = "--lr", paramLabel = "X", description = "Base learning rate.")
  Double lr;

  @Option(names = "--lr-decay", paramLabel = "X", description = "Learning-rate factor per epoch (1 = none).")
  Double lrDecay;

  @Option(names = "--head-lr-mult", paramLabel = "X", description = "The new head learns at lr x this.")
  Double headLrMult;

  @Option(names = "--l2", paramLabel = "X", description = "L2 strength on the trainable weights.")
  Double l2;

  @Option(names = "--dropout", paramLabel = "X", description = "Dropout before the new dense layer, in [0, 1).")
  Double dropout;

  @Option(names = "--optimizer", paramLabel = "momentum|adam", converter = OptimizerConverter.class,
      description = "Update rule (default: momentum).")
  OptimizerKind optimizer;

  @Option(names = "--class-weights", description = "Weight the loss by inverse class frequency.")
  boolean classWeights;

  @Option(names = "--balanced-sampling", description = "Draw each epoch's images with equal probability per grade"
      + " (with replacement) instead of shuffling them all.")
  boolean balancedSampling;

  @Option(names = "--no-augment", description = "No random 90-degree rotations while training.")
  boolean noAugment;

  @Option(names = "--patience", paramLabel = "N", description = "Epochs without improvement before stopping"
      + " early (0 = never).")
  Integer patience;

  @Option(names = "--image-size", paramLabel = "N", description = "Side of the square network input in pixels.")
  Integer imageSize;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of initialisation, shuffling and augmentation.")
  Long seed;

  @Option(names = "--ensemble", paramLabel = "N",
      description = {"Train N models with seeds S, S+1, … (each a full run in OUT/members/member-K) and export"
          + " them as one ensemble model whose probabilities are averaged (default: " + Recipes.ENSEMBLE_MEMBERS
          + "; 1 trains a single model in a third of the time)."})
  Integer ensemble;

  @Option(names = "--random-init", description = "Start from random weights instead of ImageNet (the no-transfer"
      + " baseline).")
  boolean randomInit;

  @Option(names = "--resume", description = "Continue from the latest checkpoint in RUN_DIR/checkpoints.")
  boolean resume;

  @Option(names = "--workers", paramLabel = "N", description = "Image decoding threads (default: one per CPU).")
  Integer workers;

  @Option(names = "--strict", description = "Fail on the first unreadable image instead of skipping it.")
  boolean strict;

  @picocli.CommandLine.Mixin
  DeviceOption device = new DeviceOption();

  @Option(names = "--weights", paramLabel = "DIR", description = "Folder holding the BVLC GoogLeNet files.")
  Path weights;

  @Option(names = "--cache-features", negatable = true, description = "Train from cached frozen-prefix features"
      + " (computed once per image and rotation). Default: on for linear and early-features, off otherwise.")
  Boolean cacheFeatures;

  @Option(names = "--cache-dtype", paramLabel = "float32|float16", description = "Storage of cached features"
      + " (default: float32; float16 halves the disk).")
  org.drtune.internal.train.FeatureCache.Dtype cacheDtype;

  @Option(names = "--local-colour-subtraction", description = "Subtract the local average colour (Ben Graham's"
      + " preprocessing).")
  boolean localColourSubtraction;

  @Option(names = "--no-crop-border", description = "Do not crop the black border around the fundus.")
  boolean noCropBorder;

  TrainCommand(CliContext ctx) {
    super(ctx);
  }

  /** The recipe: {@link Recipes#trainDefault()} with the options given on the command line applied. */
  TrainingConfig trainingConfig() {
    BackboneProfile profile = ctx.backbone() != null ? ctx.backbone().profile() : BackboneProfile.bvlcGoogLeNet();
    TrainingConfig.Builder b = Recipes.trainDefault().toBuilder();
    if (classes != null) {
      b.numClasses(classes);
    }
    if (strategy != null) {
      b.strategy(strategy);
    }
    if (freeze != null) {
      try {
        if (freeze.layers != null) {
          freeze.layers.forEach(profile::layer);
          b.freeze(freeze.layers);
        } else {
          b.freeze(profile.layersUpTo(freeze.upTo));
        }
      } catch (IllegalArgumentException e) {
        throw usage((freeze.layers != null ? "--freeze: " : "--freeze-upto: ") + e.getMessage());
      }
    }
    if (cutLayer != null) {
      try {
        profile.layer(cutLayer);
      } catch (IllegalArgumentException e) {
        throw usage("--cut-layer: " + e.getMessage());
      }
      b.cutLayer(cutLayer);
    }
    if (epochs != null) {
      b.epochs(epochs);
    }
    if (batch != null) {
      b.batchSize(batch);
    }
    if (lr != null) {
      b.learningRate(lr);
    }
    if (lrDecay != null) {
      b.lrDecay(lrDecay);
    }
    if (headLrMult != null) {
      b.headLrMultiplier(headLrMult);
    }
    if (l2 != null) {
      b.l2(l2);
    }
    if (dropout != null) {
      b.dropout(dropout);
    }
    if (optimizer != null) {
      b.optimizer(optimizer);
    }
    if (classWeights) {
      b.classWeighting(true);
    }
    if (balancedSampling) {
      b.balancedSampling(true);
    }
    if (noAugment) {
      b.augment(false);
    }
    if (patience != null) {
      b.patience(patience);
    }
    if (imageSize != null) {
      b.inputSize(imageSize);
    }
    if (seed != null) {
      b.seed(seed);
    }
    if (randomInit) {
      b.pretrained(false);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      String field = m.contains(" ") ? m.substring(0, m.indexOf(' ')) : m;
      String option = OPTION_OF_FIELD.get(field);
      throw usage((option == null ? "" : option + ": ") + m);
    }
  }

  /** The preprocessing: {@link Recipes#trainPreprocessing()} with the options given applied. */
  Preprocessing preprocessing() {
    Preprocessing p = Recipes.trainPreprocessing();
    if (localColourSubtraction) {
      p = p.withLocalColourSubtraction(true);
    }
    if (noCropBorder) {
      p = p.withCropBorder(false);
    }
    return p;
  }

  @Override
  ExitCode run() throws Exception {
    TrainingConfig cfg = trainingConfig();
    LoaderOptions loader = LoaderOptions.defaults().withStrict(strict);
    if (workers != null) {
      if (workers < 1) {
        throw usage("--workers must be at least 1, got " + workers);
      }
      loader = loader.withWorkers(workers, loader.prefetchBatches());
    }
    AssetResolver assets = weights == null ? ctx.assets() : ctx.assets().withExplicitFolder(weights);
    FineTuneRequest req = FineTuneRequest.of(data, out).withTraining(cfg).withPreprocessing(preprocessing())
        .withLoader(loader).withAssets(assets).withResume(resume).withDevice(device.device())
        .withFeatureCache(cacheFeatures, cacheDtype);
    ProgressReporter progress = progress();
    progress.line("fine-tuning " + data + " -> " + out + ": " + cfg.strategy().cliName() + ", " + cfg.numClasses()
        + " classes, " + cfg.inputSize() + " px, up to " + cfg.epochs() + " epochs of batch " + cfg.batchSize());
    int members = ensemble == null ? Recipes.ensembleMembers() : ensemble;
    if (members < 1) {
      throw usage("--ensemble must be at least 1, got " + members);
    }
    FineTuneJob.Result r = FineTuneJob.runEnsemble(req, members, ctx.backbone(),
        new TrainingProgress(progress, err(), cfg.epochs()));
    report(out(), r);
    Scoring.reportSkipped(err(), r.skipped().stream().map(s -> s.reason()).toList());
    return ExitCode.OK;
  }

  /** Prints where the model, card and report went, the validation metrics and the skipped-image count. */
  static void report(java.io.PrintWriter out, FineTuneJob.Result r) {
    int n = r.memberCards().size();
    out.println("model:      " + r.modelDir() + (n > 1 ? " (ensemble of " + n + " models)" : ""));
    out.println("model card: " + r.modelDir().resolve(n > 1 ? org.drtune.EnsembleCard.FILE_NAME
        : org.drtune.ModelCard.FILE_NAME));
    out.println("report:     " + r.report());
    if (n > 1) {
      out.println("validation metrics of the exported ensemble (mean of " + n + " models' probabilities; best epochs "
          + r.memberCards().stream().map(c -> Integer.toString(c.bestEpoch() + 1))
              .collect(java.util.stream.Collectors.joining(", ")) + "):");
    } else {
      out.println("validation metrics of the exported model (best epoch " + (r.card().bestEpoch() + 1) + "):");
    }
    out.print(r.validation().toText());
    out.println("skipped images: " + r.skipped().size());
  }

  /** Parses a strategy, listing the valid ones when it is unknown. */
  static final class StrategyConverter implements CommandLine.ITypeConverter<Strategy> {
    @Override
    public Strategy convert(String value) {
      try {
        return Strategy.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses an optimizer name. */
  static final class OptimizerConverter implements CommandLine.ITypeConverter<OptimizerKind> {
    @Override
    public OptimizerKind convert(String value) {
      try {
        return OptimizerKind.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
