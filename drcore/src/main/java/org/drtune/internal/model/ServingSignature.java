package org.drtune.internal.model;

/**
 * The serving signature every exported drtune SavedModel carries (tag {@code serve}): a batch of
 * preprocessed NHWC float images in, class probabilities and the arg-max class out.
 */
public final class ServingSignature {
  private ServingSignature() {}

  /** Key of the signature. */
  public static final String KEY = "serving_default";

  /** Input: preprocessed images, float32 [N, S, S, 3]. */
  public static final String INPUT = "images";

  /** Output: class probabilities, float32 [N, K]. */
  public static final String PROBABILITIES = "probabilities";

  /** Output: arg-max class, int32 [N]. */
  public static final String GRADE = "grade";
}
