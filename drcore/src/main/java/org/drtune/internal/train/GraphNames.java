package org.drtune.internal.train;

/** Names of the nodes drtune adds to a backbone graph, kept in one place for the runtime code. */
public final class GraphNames {
  private GraphNames() {}

  /** Global average pooling of the cut node: the feature vector. */
  public static final String FEATURES = org.drtune.internal.model.HeadNodes.FEATURES;

  /** Keep probability of dropout (placeholder with default 1: off unless fed). */
  public static final String KEEP_PROB = "head/keep_prob";

  /** Seed pair of the stateless dropout noise (placeholder with default). */
  public static final String DROPOUT_SEED = "head/dropout_seed";

  /** Dense layer weights of the new head. */
  public static final String HEAD_WEIGHTS = org.drtune.internal.model.HeadNodes.WEIGHTS;

  /** Dense layer biases of the new head. */
  public static final String HEAD_BIASES = org.drtune.internal.model.HeadNodes.BIASES;

  /** The first threshold of an ordinal head. */
  public static final String HEAD_FIRST_THRESHOLD =
      org.drtune.internal.model.HeadNodes.FIRST_THRESHOLD;

  /** The softplus'd gaps between an ordinal head's next thresholds. */
  public static final String HEAD_GAPS = org.drtune.internal.model.HeadNodes.GAPS;

  /** Logits of the new head. */
  public static final String LOGITS = "head/logits";

  /** Softmax probabilities of the new head. */
  public static final String PROBABILITIES = "head/probabilities";

  /** Arg-max class (int32). */
  public static final String GRADE = "head/grade";

  /** Integer class labels fed at training time. */
  public static final String LABELS = "train/labels";

  /** Base learning rate fed each step. */
  public static final String LEARNING_RATE = "train/learning_rate";

  /** Weighted mean cross-entropy. */
  public static final String DATA_LOSS = "train/data_loss";

  /** L2 penalty on the trainable weights. */
  public static final String L2_LOSS = "train/l2_loss";

  /** Total loss minimised. */
  public static final String LOSS = "train/loss";

  /** Adam's beta1^t fed each step. */
  public static final String BETA1_POWER = "train/beta1_power";

  /** Adam's beta2^t fed each step. */
  public static final String BETA2_POWER = "train/beta2_power";

  /** Target that applies one update to every trainable variable. */
  public static final String TRAIN_STEP = "train/step";
}
