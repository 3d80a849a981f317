package org.drtune.internal.model;

/**
 * Names of the head nodes drtune adds on top of a backbone, which the serving side reads from an
 * exported SavedModel beyond its {@link ServingSignature} (the class activation map needs the
 * pre-pool feature map and the head's weights). The training graph names its nodes with these
 * constants, so they are written in one place.
 */
public final class HeadNodes {
  private HeadNodes() {}

  /** Global average pooling of the cut node (a {@code Mean} over height and width). */
  public static final String FEATURES = "head/gap";

  /** Dense layer weights of the head: [depth, K] (softmax) or [depth, 1] (ordinal). */
  public static final String WEIGHTS = "head/weights";

  /** Dense layer biases of a softmax head: [K]. */
  public static final String BIASES = "head/biases";

  /** The first threshold of an ordinal head: [1]. */
  public static final String FIRST_THRESHOLD = "head/threshold0";

  /** The softplus'd gaps between an ordinal head's next thresholds: [K − 2]. */
  public static final String GAPS = "head/threshold_gaps";
}
