package org.drtune.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drtune.Precision;
import org.drtune.models.internal.RecordCopy;

/**
 * Hyper-parameters of a fine-tune. Immutable; build one with {@link #builder()} (every option has a
 * default) or copy and change one with {@link #toBuilder()}.
 *
 * @param numClasses number of output classes K ≥ 2. Defaults to {@value #DEFAULT_NUM_CLASSES} (DR
 *     grades 0–4).
 * @param strategy which transfer scenario. Defaults to {@link Strategy#FROZEN_PREFIX}.
 * @param freeze layer groups kept frozen for {@link Strategy#FROZEN_PREFIX}; empty means the
 *     default: the backbone's first two layer groups ({@link #DEFAULT_FREEZE}, conv1 and conv2, for
 *     the BVLC GoogLeNet). Ignored by the other strategies (all or nothing frozen).
 * @param cutLayer the layer group whose output feeds the head; null means the last layer
 *     (inception_5b), or {@value #DEFAULT_EARLY_CUT} for {@link Strategy#EARLY_FEATURES}
 * @param inputSize side of the square input. Defaults to {@value #DEFAULT_INPUT_SIZE}; any size ≥
 *     32 works because the head uses global average pooling
 * @param dropout drop probability before the new dense layer at training time. Defaults to {@value
 *     #DEFAULT_DROPOUT}
 * @param l2 L2 regularisation strength on the trainable weights (biases excluded). Defaults to
 *     {@value #DEFAULT_L2}
 * @param learningRate base learning rate of the backbone. Defaults to {@value
 *     #DEFAULT_LEARNING_RATE}
 * @param headLrMultiplier the new head learns at {@code learningRate × headLrMultiplier}. Defaults
 *     to {@value #DEFAULT_HEAD_LR_MULTIPLIER}
 * @param lrDecay multiplicative learning-rate decay per epoch (1 = none). Defaults to {@value
 *     #DEFAULT_LR_DECAY}
 * @param momentum momentum of SGD, or beta1 of Adam. Defaults to {@value #DEFAULT_MOMENTUM}
 * @param optimizer update rule. Defaults to {@link OptimizerKind#MOMENTUM}
 * @param classWeighting weight the loss by inverse class frequency of the training labels. Defaults
 *     to false
 * @param balancedSampling draw each epoch's examples with equal probability per class (with
 *     replacement, as many as the training set has) instead of a shuffle of all. Defaults to false
 * @param augment random rotation by 0/90/180/270° per image per epoch. Defaults to true
 * @param epochs maximum number of epochs. Defaults to {@value #DEFAULT_EPOCHS}
 * @param batchSize examples per step. Defaults to {@value #DEFAULT_BATCH_SIZE}
 * @param patience epochs without improvement of the validation metric before stopping early (0 =
 *     never stop early). Defaults to {@value #DEFAULT_PATIENCE}
 * @param seed seed of initialisation, shuffling, augmentation and dropout. Defaults to {@value
 *     #DEFAULT_SEED}
 * @param pretrained start from the ImageNet weights (true) or from random initialisation (the
 *     no-transfer baseline). Defaults to true
 * @param precision the arithmetic of training ({@link Precision}); null in cards written before it
 *     was recorded means {@code FP32}. Defaults to {@code FP32}
 * @param labelSmoothing share ε of each training target spread evenly over the K classes (the
 *     target of grade g is {@code 1 - ε + ε/K} for g and {@code ε/K} for the others); in [0, 1).
 *     Defaults to 0 (one-hot targets; 0 in cards written before it was recorded)
 * @param head how the head makes the class probabilities ({@link HeadKind}); null in cards written
 *     before it was recorded means {@code SOFTMAX}. Defaults to {@code SOFTMAX}
 * @param mirrors with {@code augment}, also mirror images left-right at random (the eight
 *     symmetries of the square instead of the four rotations; a mirror turns a left eye into a
 *     right one), and grade with all eight views under test-time augmentation. Defaults to false
 *     (false in cards written before it was recorded)
 * @param jitterDegrees with {@code augment}, also rotate each training photograph by a random angle
 *     in [−D, D] degrees (any angle, bilinear; before the 90° rotation), drawn anew every epoch, in
 *     [0, 45]. A feature cache cannot hold such views: train without it. Defaults to 0 (none)
 * @param jitterScale with {@code augment}, also zoom each training photograph by a random factor in
 *     [1 − S, 1 + S] about its centre, drawn anew every epoch, in [0, 0.5]. Defaults to 0 (none)
 */
public record TrainingConfig(
    int numClasses,
    Strategy strategy,
    List<String> freeze,
    String cutLayer,
    int inputSize,
    double dropout,
    double l2,
    double learningRate,
    double headLrMultiplier,
    double lrDecay,
    double momentum,
    OptimizerKind optimizer,
    boolean classWeighting,
    boolean balancedSampling,
    boolean augment,
    int epochs,
    int batchSize,
    int patience,
    long seed,
    boolean pretrained,
    Precision precision,
    double labelSmoothing,
    HeadKind head,
    boolean mirrors,
    double jitterDegrees,
    double jitterScale) {

  /** Default number of classes: the five DR grades. */
  public static final int DEFAULT_NUM_CLASSES = 5;

  /** Default frozen prefix of the BVLC GoogLeNet: its first two layer groups. */
  public static final List<String> DEFAULT_FREEZE = List.of("conv1", "conv2");

  /** Default cut layer of {@link Strategy#EARLY_FEATURES}. */
  public static final String DEFAULT_EARLY_CUT = "inception_4e";

  /** Default input size. */
  public static final int DEFAULT_INPUT_SIZE = 224;

  /** Default dropout. */
  public static final double DEFAULT_DROPOUT = 0.4;

  /** Default L2 strength. */
  public static final double DEFAULT_L2 = 1e-4;

  /** Default learning rate (small: the backbone is already trained). */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  /** Default head learning-rate multiplier. */
  public static final double DEFAULT_HEAD_LR_MULTIPLIER = 10;

  /** Default per-epoch learning-rate decay (small). */
  public static final double DEFAULT_LR_DECAY = 0.95;

  /** Default momentum. */
  public static final double DEFAULT_MOMENTUM = 0.9;

  /** Default maximum epochs. */
  public static final int DEFAULT_EPOCHS = 10;

  /** Default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Default early-stopping patience. */
  public static final int DEFAULT_PATIENCE = 3;

  /** Default seed. */
  public static final long DEFAULT_SEED = 42;

  /** Validates every field and says which one is wrong. */
  public TrainingConfig {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(optimizer, "optimizer");
    precision = precision == null ? Precision.FP32 : precision;
    head = head == null ? HeadKind.SOFTMAX : head;
    freeze = List.copyOf(freeze == null ? List.of() : freeze);
    check(numClasses >= 2, "numClasses must be at least 2, got " + numClasses);
    check(
        inputSize >= 32 && inputSize <= 2048,
        "inputSize must be between 32 and 2048, got " + inputSize);
    check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    check(l2 >= 0 && Double.isFinite(l2), "l2 must be >= 0, got " + l2);
    check(
        learningRate > 0 && learningRate < 10,
        "learningRate must be in (0, 10), got " + learningRate);
    check(
        headLrMultiplier > 0 && Double.isFinite(headLrMultiplier),
        "headLrMultiplier must be > 0, got " + headLrMultiplier);
    check(lrDecay > 0 && lrDecay <= 1, "lrDecay must be in (0, 1], got " + lrDecay);
    check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
    check(epochs >= 1, "epochs must be at least 1, got " + epochs);
    check(
        batchSize >= 1 && batchSize <= 4096,
        "batchSize must be between 1 and 4096, got " + batchSize);
    check(patience >= 0, "patience must be >= 0, got " + patience);
    check(
        labelSmoothing >= 0 && labelSmoothing < 1,
        "labelSmoothing must be in [0, 1), got " + labelSmoothing);
    check(
        jitterDegrees >= 0 && jitterDegrees <= 45,
        "jitterDegrees must be in [0, 45], got " + jitterDegrees);
    check(
        jitterScale >= 0 && jitterScale <= 0.5,
        "jitterScale must be in [0, 0.5], got " + jitterScale);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The defaults: every component's named default, listed here once. */
  public static TrainingConfig defaults() {
    return new TrainingConfig(
        DEFAULT_NUM_CLASSES,
        Strategy.FROZEN_PREFIX,
        List.of(),
        null,
        DEFAULT_INPUT_SIZE,
        DEFAULT_DROPOUT,
        DEFAULT_L2,
        DEFAULT_LEARNING_RATE,
        DEFAULT_HEAD_LR_MULTIPLIER,
        DEFAULT_LR_DECAY,
        DEFAULT_MOMENTUM,
        OptimizerKind.MOMENTUM,
        false,
        false,
        true,
        DEFAULT_EPOCHS,
        DEFAULT_BATCH_SIZE,
        DEFAULT_PATIENCE,
        DEFAULT_SEED,
        true,
        Precision.FP32,
        0,
        HeadKind.SOFTMAX,
        false,
        0,
        0);
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Learning rate of an epoch (0-based) after decay. */
  public double learningRateAt(int epoch) {
    return learningRate * Math.pow(lrDecay, epoch);
  }

  /** Builds a {@link TrainingConfig}; every setter is optional. */
  public static final class Builder {

    private final TrainingConfig base;
    private final Map<String, Object> changes = new LinkedHashMap<>();

    private Builder(TrainingConfig base) {
      this.base = base;
    }

    private Builder set(String component, Object value) {
      changes.put(component, value);
      return this;
    }

    /** See {@link TrainingConfig#numClasses()}. */
    public Builder numClasses(int v) {
      return set("numClasses", v);
    }

    /** See {@link TrainingConfig#strategy()}. */
    public Builder strategy(Strategy v) {
      return set("strategy", v);
    }

    /** See {@link TrainingConfig#freeze()}. */
    public Builder freeze(List<String> v) {
      return set("freeze", v);
    }

    /** See {@link TrainingConfig#cutLayer()}. */
    public Builder cutLayer(String v) {
      return set("cutLayer", v);
    }

    /** See {@link TrainingConfig#inputSize()}. */
    public Builder inputSize(int v) {
      return set("inputSize", v);
    }

    /** See {@link TrainingConfig#dropout()}. */
    public Builder dropout(double v) {
      return set("dropout", v);
    }

    /** See {@link TrainingConfig#l2()}. */
    public Builder l2(double v) {
      return set("l2", v);
    }

    /** See {@link TrainingConfig#learningRate()}. */
    public Builder learningRate(double v) {
      return set("learningRate", v);
    }

    /** See {@link TrainingConfig#headLrMultiplier()}. */
    public Builder headLrMultiplier(double v) {
      return set("headLrMultiplier", v);
    }

    /** See {@link TrainingConfig#lrDecay()}. */
    public Builder lrDecay(double v) {
      return set("lrDecay", v);
    }

    /** See {@link TrainingConfig#momentum()}. */
    public Builder momentum(double v) {
      return set("momentum", v);
    }

    /** See {@link TrainingConfig#optimizer()}. */
    public Builder optimizer(OptimizerKind v) {
      return set("optimizer", v);
    }

    /** See {@link TrainingConfig#classWeighting()}. */
    public Builder classWeighting(boolean v) {
      return set("classWeighting", v);
    }

    /** See {@link TrainingConfig#balancedSampling()}. */
    public Builder balancedSampling(boolean v) {
      return set("balancedSampling", v);
    }

    /** See {@link TrainingConfig#augment()}. */
    public Builder augment(boolean v) {
      return set("augment", v);
    }

    /** See {@link TrainingConfig#epochs()}. */
    public Builder epochs(int v) {
      return set("epochs", v);
    }

    /** See {@link TrainingConfig#batchSize()}. */
    public Builder batchSize(int v) {
      return set("batchSize", v);
    }

    /** See {@link TrainingConfig#patience()}. */
    public Builder patience(int v) {
      return set("patience", v);
    }

    /** See {@link TrainingConfig#seed()}. */
    public Builder seed(long v) {
      return set("seed", v);
    }

    /** See {@link TrainingConfig#pretrained()}. */
    public Builder pretrained(boolean v) {
      return set("pretrained", v);
    }

    /** See {@link TrainingConfig#precision()}. */
    public Builder precision(Precision v) {
      return set("precision", v);
    }

    /** See {@link TrainingConfig#labelSmoothing()}. */
    public Builder labelSmoothing(double v) {
      return set("labelSmoothing", v);
    }

    /** See {@link TrainingConfig#head()}. */
    public Builder head(HeadKind v) {
      return set("head", v);
    }

    /** See {@link TrainingConfig#mirrors()}. */
    public Builder mirrors(boolean v) {
      return set("mirrors", v);
    }

    /** See {@link TrainingConfig#jitterDegrees()}. */
    public Builder jitterDegrees(double v) {
      return set("jitterDegrees", v);
    }

    /** See {@link TrainingConfig#jitterScale()}. */
    public Builder jitterScale(double v) {
      return set("jitterScale", v);
    }

    /** The configuration; fails with a message naming the first invalid field. */
    public TrainingConfig build() {
      return RecordCopy.with(base, changes);
    }
  }
}
