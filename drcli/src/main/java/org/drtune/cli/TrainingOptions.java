package org.drtune.cli;

import java.util.List;
import java.util.Map;
import org.drtune.model.Preprocessing;
import org.drtune.training.BackboneRef;
import org.drtune.training.OptimizerKind;
import org.drtune.training.Recipe;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options that change one setting of a recipe, shared by {@code train} and {@code demo};
 * without any of them the recipe runs as it is.
 */
final class TrainingOptions {
  /** Option names of the TrainingConfig fields, to name the option in a validation error. */
  private static final Map<String, String> OPTION_OF_FIELD =
      Map.ofEntries(
          Map.entry("numClasses", "--classes"),
          Map.entry("inputSize", "--image-size"),
          Map.entry("dropout", "--dropout"),
          Map.entry("l2", "--l2"),
          Map.entry("learningRate", "--lr"),
          Map.entry("headLrMultiplier", "--head-lr-mult"),
          Map.entry("lrDecay", "--lr-decay"),
          Map.entry("epochs", "--epochs"),
          Map.entry("batchSize", "--batch"),
          Map.entry("patience", "--patience"));

  @Option(
      names = "--classes",
      paramLabel = "K",
      description = "Output classes: 5 = DR grades 0-4, 2 = referable DR (grade >= 2).")
  Integer classes;

  @Option(
      names = "--strategy",
      paramLabel = "S",
      converter = StrategyConverter.class,
      description = "Transfer strategy: linear, early-features, frozen-prefix, full.")
  Strategy strategy;

  @ArgGroup(exclusive = true)
  Freeze freeze;

  /** Either an explicit list of frozen layers or all layers up to one. */
  static final class Freeze {
    @Option(
        names = "--freeze",
        paramLabel = "L1,L2",
        split = ",",
        description = "Layer groups kept frozen (frozen-prefix), e.g. conv1,conv2.")
    List<String> layers;

    @Option(
        names = "--freeze-upto",
        paramLabel = "LAYER",
        description = "Freeze every layer group up to and including LAYER.")
    String upTo;
  }

  @Option(
      names = "--cut-layer",
      paramLabel = "L",
      description =
          "Layer group feeding the new head (early-features cuts at inception_4e unless this is"
              + " given).")
  String cutLayer;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs.")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "N", description = "Batch size.")
  Integer batch;

  @Option(names = "--lr", paramLabel = "X", description = "Base learning rate.")
  Double lr;

  @Option(
      names = "--lr-decay",
      paramLabel = "X",
      description = "Learning-rate factor per epoch (1 = none).")
  Double lrDecay;

  @Option(
      names = "--head-lr-mult",
      paramLabel = "X",
      description = "The new head learns at lr x this.")
  Double headLrMult;

  @Option(names = "--l2", paramLabel = "X", description = "L2 strength on the trainable weights.")
  Double l2;

  @Option(
      names = "--dropout",
      paramLabel = "X",
      description = "Dropout before the new dense layer, in [0, 1).")
  Double dropout;

  @Option(
      names = "--optimizer",
      paramLabel = "momentum|adam",
      converter = OptimizerConverter.class,
      description = "Update rule.")
  OptimizerKind optimizer;

  @Option(names = "--class-weights", description = "Weight the loss by inverse class frequency.")
  boolean classWeights;

  @Option(
      names = "--balanced-sampling",
      description =
          "Draw each epoch's images with equal probability per grade"
              + " (with replacement) instead of shuffling them all.")
  boolean balancedSampling;

  @Option(names = "--no-augment", description = "No random 90-degree rotations while training.")
  boolean noAugment;

  @Option(
      names = "--patience",
      paramLabel = "N",
      description = "Epochs without improvement before stopping" + " early (0 = never).")
  Integer patience;

  @Option(
      names = "--image-size",
      paramLabel = "N",
      description = "Side of the square network input in pixels.")
  Integer imageSize;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of initialisation, shuffling and augmentation.")
  Long seed;

  @Option(
      names = "--precision",
      paramLabel = "fp32|bf16",
      converter = PrecisionConverter.class,
      description =
          "Arithmetic of training: fp32, or bf16 (oneDNN bfloat16 mixed precision on CPUs with"
              + " AVX512-BF16 or AMX; fp32 with a warning elsewhere).")
  org.drtune.Precision precision;

  @Option(
      names = "--ensemble",
      paramLabel = "N",
      description = {
        "Train N models with seeds S, S+1, … (each a full run in OUT/members/member-K) and export"
            + " them as one ensemble model whose probabilities are averaged (1 trains a single"
            + " model)."
      })
  Integer ensemble;

  @Option(
      names = "--random-init",
      description =
          "Start from random weights instead of ImageNet (the no-transfer" + " baseline).")
  boolean randomInit;

  @Option(
      names = "--local-colour-subtraction",
      description = "Subtract the local average colour (Ben Graham's" + " preprocessing).")
  boolean localColourSubtraction;

  @Option(
      names = "--no-crop-border",
      description = "Do not crop the black border around the fundus.")
  boolean noCropBorder;

  @Option(
      names = "--equalize",
      description =
          "Equalize each colour channel's histogram after the resize (the normalisation some public"
              + " EyePACS copies were published with).")
  boolean equalize;

  /**
   * {@code base} with the options given applied.
   *
   * @param backbone whose layer names {@code --freeze}, {@code --freeze-upto} and {@code
   *     --cut-layer} must use
   * @param usage turns a message into a usage error naming the option
   */
  Recipe apply(
      Recipe base,
      BackboneRef backbone,
      java.util.function.Function<String, RuntimeException> usage) {
    TrainingConfig.Builder b = base.training().toBuilder();
    if (classes != null) {
      b.numClasses(classes);
    }
    if (strategy != null) {
      b.strategy(strategy);
    }
    if (freeze != null) {
      try {
        if (freeze.layers != null) {
          backbone.checkLayers(freeze.layers);
          b.freeze(freeze.layers);
        } else {
          b.freeze(backbone.layersUpTo(freeze.upTo));
        }
      } catch (IllegalArgumentException e) {
        throw usage.apply(
            (freeze.layers != null ? "--freeze: " : "--freeze-upto: ") + e.getMessage());
      }
    }
    if (cutLayer != null) {
      try {
        backbone.checkLayers(List.of(cutLayer));
      } catch (IllegalArgumentException e) {
        throw usage.apply("--cut-layer: " + e.getMessage());
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
    if (precision != null) {
      b.precision(precision);
    }
    TrainingConfig cfg;
    try {
      cfg = b.build();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      String field = m.contains(" ") ? m.substring(0, m.indexOf(' ')) : m;
      String option = OPTION_OF_FIELD.get(field);
      throw usage.apply((option == null ? "" : option + ": ") + m);
    }
    Preprocessing p = base.preprocessing();
    if (localColourSubtraction) {
      p = p.withLocalColourSubtraction(true);
    }
    if (noCropBorder) {
      p = p.withCropBorder(false);
    }
    if (equalize) {
      p = p.withEqualize(true);
    }
    if (ensemble != null && ensemble < 1) {
      throw usage.apply("--ensemble must be at least 1, got " + ensemble);
    }
    Recipe r = base.withTraining(cfg).withPreprocessing(p);
    return ensemble == null ? r : r.withEnsembleMembers(ensemble);
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

  /** Parses a precision name. */
  static final class PrecisionConverter
      implements CommandLine.ITypeConverter<org.drtune.Precision> {
    @Override
    public org.drtune.Precision convert(String value) {
      try {
        return org.drtune.Precision.parse(value);
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
