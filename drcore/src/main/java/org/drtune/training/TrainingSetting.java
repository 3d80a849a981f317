package org.drtune.training;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.drtune.Precision;
import org.drtune.features.CacheDtype;
import org.drtune.model.Preprocessing;

/**
 * The table of training settings a user can change, each defined once: its name, the older
 * spellings {@code crossval} keys still accept, the kind of value, where it applies, its help text,
 * how its default reads in a recipe, and how a value is checked and applied. {@code drtune train}
 * and {@code demo} make their options ({@code --lr}, {@code --[no-]augment} …), their {@code
 * --help} and its per-recipe defaults from it, and {@code drtune crossval} its setting keys ({@code
 * NAME:lr=3e-4,freeze-upto=inception_3b}), so the three cannot disagree. Layer names are checked
 * against the chosen backbone everywhere ({@link TrainingPlan#with}).
 */
public enum TrainingSetting {
  /** Output classes: 5 = the DR grades, 2 = referable or not. */
  CLASSES(
      "classes",
      "K",
      Kind.INTEGER,
      Scope.TRAIN_ONLY,
      "Output classes: 5 = DR grades 0-4, 2 = referable DR (grade >= 2).",
      r -> Integer.toString(r.training().numClasses()),
      (d, v) -> d.training.numClasses((Integer) v)),
  /** The transfer scenario. */
  STRATEGY(
      "strategy",
      "S",
      Kind.TEXT,
      Scope.BOTH,
      "Transfer strategy: linear, early-features, frozen-prefix, full.",
      r -> r.training().strategy().cliName(),
      (d, v) -> d.training.strategy(Strategy.parse((String) v))),
  /** The frozen layer groups, listed. */
  FREEZE(
      "freeze",
      "L1,L2",
      Kind.LAYERS,
      Scope.BOTH,
      "Layer groups kept frozen (frozen-prefix), e.g. conv1,conv2 (or conv1+conv2).",
      r -> layers(r.training()),
      (d, v) -> {
        @SuppressWarnings("unchecked")
        List<String> layers = (List<String>) v;
        d.backbone.checkLayers(layers);
        d.training.freeze(layers);
      },
      "freeze"),
  /** The frozen layer groups, up to one. */
  FREEZE_UPTO(
      "freeze-upto",
      "LAYER",
      Kind.TEXT,
      Scope.BOTH,
      "Freeze every layer group up to and including LAYER.",
      r -> lastFrozen(r.training()),
      (d, v) -> d.training.freeze(d.backbone.layersUpTo((String) v)),
      "freeze",
      "freezeupto"),
  /** The layer group feeding the new head. */
  CUT_LAYER(
      "cut-layer",
      "L",
      Kind.TEXT,
      Scope.BOTH,
      "Layer group feeding the new head (early-features cuts at inception_4e unless this is"
          + " given).",
      r -> r.training().cutLayer() == null ? "the last" : r.training().cutLayer(),
      (d, v) -> {
        d.backbone.checkLayers(List.of((String) v));
        d.training.cutLayer((String) v);
      },
      null,
      "cut"),
  /** Maximum epochs. */
  EPOCHS(
      "epochs",
      "N",
      Kind.INTEGER,
      Scope.BOTH,
      "Maximum epochs.",
      r -> Integer.toString(r.training().epochs()),
      (d, v) -> d.training.epochs((Integer) v)),
  /** Batch size. */
  BATCH(
      "batch",
      "N",
      Kind.INTEGER,
      Scope.BOTH,
      "Batch size.",
      r -> Integer.toString(r.training().batchSize()),
      (d, v) -> d.training.batchSize((Integer) v)),
  /** Base learning rate. */
  LR(
      "lr",
      "X",
      Kind.NUMBER,
      Scope.BOTH,
      "Base learning rate.",
      r -> number(r.training().learningRate()),
      (d, v) -> d.training.learningRate((Double) v)),
  /** Learning-rate factor per epoch. */
  LR_DECAY(
      "lr-decay",
      "X",
      Kind.NUMBER,
      Scope.BOTH,
      "Learning-rate factor per epoch (1 = none).",
      r -> number(r.training().lrDecay()),
      (d, v) -> d.training.lrDecay((Double) v),
      null,
      "decay"),
  /** The new head's learning-rate multiplier. */
  HEAD_LR_MULT(
      "head-lr-mult",
      "X",
      Kind.NUMBER,
      Scope.BOTH,
      "The new head learns at lr x this.",
      r -> number(r.training().headLrMultiplier()),
      (d, v) -> d.training.headLrMultiplier((Double) v),
      null,
      "headmult"),
  /** L2 strength. */
  L2(
      "l2",
      "X",
      Kind.NUMBER,
      Scope.BOTH,
      "L2 strength on the trainable weights.",
      r -> number(r.training().l2()),
      (d, v) -> d.training.l2((Double) v)),
  /** Dropout before the new dense layer. */
  DROPOUT(
      "dropout",
      "X",
      Kind.NUMBER,
      Scope.BOTH,
      "Dropout before the new dense layer, in [0, 1).",
      r -> number(r.training().dropout()),
      (d, v) -> d.training.dropout((Double) v)),
  /** How the head makes the class probabilities. */
  HEAD(
      "head",
      "softmax|ordinal",
      Kind.TEXT,
      Scope.BOTH,
      "How the new head makes the class probabilities: softmax over K logits, or ordinal"
          + " (cumulative logits: one score and K-1 increasing thresholds).",
      r -> r.training().head().name().toLowerCase(Locale.ROOT),
      (d, v) -> d.training.head(HeadKind.parse((String) v))),
  /** Label smoothing of the training targets. */
  LABEL_SMOOTHING(
      "label-smoothing",
      "E",
      Kind.NUMBER,
      Scope.BOTH,
      "Spread this share of each training target evenly over the classes, in [0, 1) (0: one-hot).",
      r -> number(r.training().labelSmoothing()),
      (d, v) -> d.training.labelSmoothing((Double) v)),
  /** Momentum of SGD, or beta1 of Adam. */
  MOMENTUM(
      "momentum",
      "X",
      Kind.NUMBER,
      Scope.BOTH,
      "Momentum of SGD, or beta1 of Adam, in [0, 1).",
      r -> number(r.training().momentum()),
      (d, v) -> d.training.momentum((Double) v)),
  /** The update rule. */
  OPTIMIZER(
      "optimizer",
      "momentum|adam",
      Kind.TEXT,
      Scope.BOTH,
      "Update rule.",
      r -> r.training().optimizer().name().toLowerCase(Locale.ROOT),
      (d, v) -> d.training.optimizer(OptimizerKind.parse((String) v))),
  /** Weight the loss by inverse class frequency. */
  CLASS_WEIGHTS(
      "class-weights",
      null,
      Kind.FLAG,
      Scope.BOTH,
      "Weight the loss by inverse class frequency.",
      r -> onOff(r.training().classWeighting()),
      (d, v) -> d.training.classWeighting((Boolean) v),
      null,
      "classweights"),
  /** Draw each epoch's images with equal probability per grade. */
  BALANCED_SAMPLING(
      "balanced-sampling",
      null,
      Kind.FLAG,
      Scope.BOTH,
      "Draw each epoch's images with equal probability per grade (with replacement) instead of"
          + " shuffling them all.",
      r -> onOff(r.training().balancedSampling()),
      (d, v) -> d.training.balancedSampling((Boolean) v),
      null,
      "balanced"),
  /** Random 90° rotations while training. */
  AUGMENT(
      "augment",
      null,
      Kind.NEGATABLE_FLAG,
      Scope.BOTH,
      "Random 90-degree rotations while training (--no-augment: none).",
      r -> r.training().augment() ? "rotations on" : "rotations off",
      (d, v) -> d.training.augment((Boolean) v)),
  /** Random small rotations by any angle while training. */
  JITTER_DEGREES(
      "jitter-degrees",
      "D",
      Kind.NUMBER,
      Scope.BOTH,
      "With augment, also rotate each training photograph by a random angle in [-D, D] degrees,"
          + " drawn every epoch (0-45; needs training without the feature cache).",
      r -> number(r.training().jitterDegrees()),
      (d, v) -> d.training.jitterDegrees((Double) v)),
  /** Random zoom while training. */
  JITTER_SCALE(
      "jitter-scale",
      "S",
      Kind.NUMBER,
      Scope.BOTH,
      "With augment, also zoom each training photograph by a random factor in [1-S, 1+S], drawn"
          + " every epoch (0-0.5; needs training without the feature cache).",
      r -> number(r.training().jitterScale()),
      (d, v) -> d.training.jitterScale((Double) v)),
  /** Random left-right mirrors besides the rotations, and eight-view test-time augmentation. */
  MIRRORS(
      "mirrors",
      null,
      Kind.FLAG,
      Scope.BOTH,
      "With augment, also mirror images left-right at random (eight views instead of four"
          + " rotations), and average all eight views under test-time augmentation.",
      r -> onOff(r.training().mirrors()),
      (d, v) -> d.training.mirrors((Boolean) v)),
  /** Epochs without improvement before stopping early. */
  PATIENCE(
      "patience",
      "N",
      Kind.INTEGER,
      Scope.TRAIN_ONLY,
      "Epochs without improvement before stopping early (0 = never).",
      r -> Integer.toString(r.training().patience()),
      (d, v) -> d.training.patience((Integer) v)),
  /** Side of the square network input. */
  IMAGE_SIZE(
      "image-size",
      "N",
      Kind.INTEGER,
      Scope.BOTH,
      "Side of the square network input in pixels.",
      r -> Integer.toString(r.training().inputSize()),
      (d, v) -> d.training.inputSize((Integer) v),
      null,
      "size"),
  /** Seed of initialisation, shuffling and augmentation. */
  SEED(
      "seed",
      "S",
      Kind.LONG,
      Scope.BOTH,
      "Seed of initialisation, shuffling and augmentation.",
      r -> Long.toString(r.training().seed()),
      (d, v) -> d.training.seed((Long) v)),
  /** The arithmetic of training. */
  PRECISION(
      "precision",
      "fp32|bf16",
      Kind.TEXT,
      Scope.BOTH,
      "Arithmetic of training: fp32, or bf16 (oneDNN bfloat16 mixed precision on CPUs with"
          + " AVX512-BF16 or AMX; fp32 with a warning elsewhere).",
      r -> r.training().precision().cliName(),
      (d, v) -> d.training.precision(Precision.parse((String) v))),
  /** Models trained with consecutive seeds and averaged. */
  ENSEMBLE(
      "ensemble",
      "N",
      Kind.INTEGER,
      Scope.TRAIN_ONLY,
      "Train N models with seeds S, S+1, … (each a full run in OUT/members/member-K) and export"
          + " them as one ensemble model whose probabilities are averaged (1 trains a single"
          + " model).",
      r -> Integer.toString(r.ensembleMembers()),
      (d, v) -> {
        int n = (Integer) v;
        if (n < 1) {
          throw new IllegalArgumentException("must be at least 1, got " + n);
        }
        d.ensembleMembers = n;
      }),
  /** Start from random weights instead of ImageNet's. */
  RANDOM_INIT(
      "random-init",
      null,
      Kind.FLAG,
      Scope.BOTH,
      "Start from random weights instead of ImageNet (the no-transfer baseline).",
      r -> r.training().pretrained() ? "ImageNet weights" : "random",
      (d, v) -> d.training.pretrained(!(Boolean) v),
      null,
      "random"),
  /** Subtract the local average colour. */
  LOCAL_COLOUR_SUBTRACTION(
      "local-colour-subtraction",
      null,
      Kind.FLAG,
      Scope.BOTH,
      "Subtract the local average colour (Ben Graham's preprocessing).",
      r -> onOff(r.preprocessing().localColourSubtraction()),
      (d, v) -> d.preprocessing = d.preprocessing.withLocalColourSubtraction((Boolean) v),
      null,
      "lcs"),
  /** Crop the black border around the fundus. */
  CROP_BORDER(
      "crop-border",
      null,
      Kind.NEGATABLE_FLAG,
      Scope.BOTH,
      "Crop the black border around the fundus (--no-crop-border: keep it).",
      r -> r.preprocessing().cropBorder() ? "crop" : "no crop",
      (d, v) -> d.preprocessing = d.preprocessing.withCropBorder((Boolean) v),
      null,
      "crop"),
  /** Equalize each colour channel's histogram after the resize. */
  EQUALIZE(
      "equalize",
      null,
      Kind.NEGATABLE_FLAG,
      Scope.BOTH,
      "Equalize each colour channel's histogram after the resize (the normalisation some public"
          + " EyePACS copies were published with).",
      r -> onOff(r.preprocessing().equalize()),
      (d, v) -> d.preprocessing = d.preprocessing.withEqualize((Boolean) v)),
  /** Train from cached features of the frozen part. */
  CACHE_FEATURES(
      "cache-features",
      null,
      Kind.NEGATABLE_FLAG,
      Scope.BOTH,
      "Train from cached features of the frozen part, computed once per image and rotation (by"
          + " default for linear, early-features and a frozen prefix that reaches inception_3b; in"
          + " crossval for linear and early-features only).",
      r ->
          onOff(
              FineTuneRequest.cachesByDefault(
                  r.training(), BackboneRef.bvlcGoogLeNet().layerNames())),
      (d, v) -> d.cacheFeatures = (Boolean) v,
      null,
      "cache"),
  /** Storage of cached features. */
  CACHE_DTYPE(
      "cache-dtype",
      "float32|float16",
      Kind.TEXT,
      Scope.BOTH,
      "Storage of cached features: float16 halves the disk (by default for a frozen prefix;"
          + " float32 for linear and early-features, and in crossval).",
      r -> FineTuneRequest.defaultCacheDtype(r.training()).name().toLowerCase(Locale.ROOT),
      (d, v) -> d.cacheDtype = CacheDtype.parse((String) v),
      null,
      "cachedtype"),
  /** Cross-validation only: about N training images per fold. */
  TRAIN_IMAGES(
      "train-images",
      "N",
      Kind.INTEGER,
      Scope.CROSSVAL_ONLY,
      "About N training images per fold, whole patients stratified by grade (a learning curve).",
      r -> "all",
      (d, v) -> {
        int n = (Integer) v;
        if (n < 1) {
          throw new IllegalArgumentException(
              "train=N needs N >= 1 training images per fold, got " + n);
        }
        d.trainImages = n;
      },
      null,
      "train");

  /** Where a setting applies. */
  private enum Scope {
    TRAIN_ONLY,
    CROSSVAL_ONLY,
    BOTH
  }

  /** How a value is written. */
  private enum Kind {
    INTEGER,
    LONG,
    NUMBER,
    TEXT,
    LAYERS,
    FLAG,
    NEGATABLE_FLAG
  }

  private final String key;
  private final String paramLabel;
  private final Kind kind;
  private final Scope scope;
  private final String description;
  private final Function<Recipe, String> defaultIn;
  private final BiConsumer<Draft, Object> apply;
  private final String group;
  private final List<String> aliases;

  TrainingSetting(
      String key,
      String paramLabel,
      Kind kind,
      Scope scope,
      String description,
      Function<Recipe, String> defaultIn,
      BiConsumer<Draft, Object> apply) {
    this(key, paramLabel, kind, scope, description, defaultIn, apply, null);
  }

  TrainingSetting(
      String key,
      String paramLabel,
      Kind kind,
      Scope scope,
      String description,
      Function<Recipe, String> defaultIn,
      BiConsumer<Draft, Object> apply,
      String group,
      String... aliases) {
    this.key = key;
    this.paramLabel = paramLabel;
    this.kind = kind;
    this.scope = scope;
    this.description = description;
    this.defaultIn = defaultIn;
    this.apply = apply;
    this.group = group;
    this.aliases = List.of(aliases);
  }

  /** The name: the command-line option is {@code --KEY}, the crossval setting key {@code KEY}. */
  public String key() {
    return key;
  }

  /** The command-line option: {@code --KEY}. */
  public String option() {
    return "--" + key;
  }

  /** Older spellings a crossval spec may still use for {@link #key()} (e.g. {@code size}). */
  public List<String> aliases() {
    return aliases;
  }

  /** What the value is called in help ({@code X}, {@code N} …); null for an on/off flag. */
  public String paramLabel() {
    return paramLabel;
  }

  /** Whether this is an on/off flag: {@code --KEY} alone turns it on, {@code KEY=false} off. */
  public boolean isFlag() {
    return kind == Kind.FLAG || kind == Kind.NEGATABLE_FLAG;
  }

  /** Whether the command line also has {@code --no-KEY} (flags that some recipe turns on). */
  public boolean isNegatable() {
    return kind == Kind.NEGATABLE_FLAG;
  }

  /** The help text. */
  public String description() {
    return description;
  }

  /** Whether {@code drtune train}, {@code demo} and a {@link FineTuneRequest} take it. */
  public boolean forTraining() {
    return scope != Scope.CROSSVAL_ONLY;
  }

  /** Whether a {@code drtune crossval} setting takes it. */
  public boolean forCrossValidation() {
    return scope != Scope.TRAIN_ONLY;
  }

  /**
   * The settings that set the same thing as this one in another way ({@code freeze} and {@code
   * freeze-upto}): at most one of them may be given.
   */
  public Set<TrainingSetting> alternatives() {
    Set<TrainingSetting> same = EnumSet.noneOf(TrainingSetting.class);
    for (TrainingSetting s : values()) {
      if (s != this && group != null && group.equals(s.group)) {
        same.add(s);
      }
    }
    return same;
  }

  /** How this setting reads in {@code recipe} (what it runs when the setting is not given). */
  public String defaultIn(Recipe recipe) {
    return defaultIn.apply(recipe);
  }

  /** The setting named {@code key} or one of its {@link #aliases()}. */
  public static Optional<TrainingSetting> forKey(String key) {
    return Arrays.stream(values())
        .filter(s -> s.key.equals(key) || s.aliases.contains(key))
        .findFirst();
  }

  /** Applies a value written as text; see {@link TrainingPlan#with}. */
  TrainingPlan apply(TrainingPlan plan, String text, BackboneRef backbone) {
    Draft d = new Draft(plan, backbone);
    apply.accept(d, parse(text));
    return d.plan();
  }

  private Object parse(String text) {
    String v = text.trim();
    try {
      return switch (kind) {
        case INTEGER -> Integer.parseInt(v);
        case LONG -> Long.parseLong(v);
        case NUMBER -> Double.parseDouble(v);
        case LAYERS -> List.of(v.split("[,+]"));
        case FLAG, NEGATABLE_FLAG -> flag(v);
        case TEXT -> v;
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not " + (kind == Kind.NUMBER ? "a number" : "a whole number"));
    }
  }

  private static boolean flag(String v) {
    if (v.isEmpty() || v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("'" + v + "' is not true or false");
  }

  /** A plan being changed by one setting, checked as a whole when done. */
  private static final class Draft {
    final TrainingPlan base;
    final BackboneRef backbone;
    final TrainingConfig.Builder training;
    Preprocessing preprocessing;
    int ensembleMembers;
    Boolean cacheFeatures;
    CacheDtype cacheDtype;
    int trainImages;

    Draft(TrainingPlan plan, BackboneRef backbone) {
      this.base = plan;
      this.backbone = backbone == null ? BackboneRef.bvlcGoogLeNet() : backbone;
      Recipe r = plan.recipe();
      training = r.training().toBuilder();
      preprocessing = r.preprocessing();
      ensembleMembers = r.ensembleMembers();
      cacheFeatures = plan.cacheFeatures();
      cacheDtype = plan.cacheDtype();
      trainImages = plan.trainImages();
    }

    TrainingPlan plan() {
      Recipe r =
          base.recipe()
              .withTraining(training.build())
              .withPreprocessing(preprocessing)
              .withEnsembleMembers(ensembleMembers);
      return new TrainingPlan(r, cacheFeatures, cacheDtype, trainImages);
    }
  }

  private static String layers(TrainingConfig t) {
    List<String> f = t.freeze().isEmpty() ? TrainingConfig.DEFAULT_FREEZE : t.freeze();
    return f.size() <= 2 ? String.join(",", f) : f.get(0) + " to " + f.get(f.size() - 1);
  }

  private static String lastFrozen(TrainingConfig t) {
    List<String> f = t.freeze().isEmpty() ? TrainingConfig.DEFAULT_FREEZE : t.freeze();
    return f.get(f.size() - 1);
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static String number(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
