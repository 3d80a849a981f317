package org.drtune.eval;

import org.drtune.models.internal.RecordCopy;

/**
 * How {@link Evaluation#of(int[], float[][], EvaluationOptions)} computes its metrics. Immutable;
 * start from {@link #defaults()} and change one value at a time with the {@code withX} copies:
 *
 * <pre>{@code
 * EvaluationOptions options = EvaluationOptions.defaults().withDecisionThreshold(0.3).withBootstrapResamples(2000);
 * }</pre>
 *
 * @param referableMinGrade lowest grade that counts as referable DR; defaults to {@value
 *     #DEFAULT_REFERABLE_MIN_GRADE}
 * @param decisionThreshold referable score at or above which a case is referred; defaults to
 *     {@value #DEFAULT_DECISION_THRESHOLD}
 * @param targetSensitivity the operating point "best specificity with sensitivity at least this" is
 *     reported; defaults to {@value #DEFAULT_TARGET_SENSITIVITY}
 * @param targetSpecificity the operating point "best sensitivity with specificity at least this" is
 *     reported; defaults to {@value #DEFAULT_TARGET_SPECIFICITY}
 * @param bootstrapResamples number of bootstrap resamples, 0 to skip the intervals; defaults to
 *     {@value #DEFAULT_BOOTSTRAP_RESAMPLES}
 * @param bootstrapSeed seed of the resampling; defaults to {@value #DEFAULT_BOOTSTRAP_SEED}
 * @param confidenceLevel level of the bootstrap intervals; defaults to {@value
 *     #DEFAULT_CONFIDENCE_LEVEL}
 */
public record EvaluationOptions(
    int referableMinGrade,
    double decisionThreshold,
    double targetSensitivity,
    double targetSpecificity,
    int bootstrapResamples,
    long bootstrapSeed,
    double confidenceLevel) {

  /** Referable DR is moderate non-proliferative DR or worse: grade 2 and above. */
  public static final int DEFAULT_REFERABLE_MIN_GRADE = 2;

  /** Refer when the referable probability is at least one half. */
  public static final double DEFAULT_DECISION_THRESHOLD = 0.5;

  /** Screening programmes commonly require 90% sensitivity. */
  public static final double DEFAULT_TARGET_SENSITIVITY = 0.90;

  /** The matching high-specificity operating point. */
  public static final double DEFAULT_TARGET_SPECIFICITY = 0.90;

  /** Resamples of the percentile bootstrap. */
  public static final int DEFAULT_BOOTSTRAP_RESAMPLES = 1000;

  /** Fixed seed so that reports are reproducible. */
  public static final long DEFAULT_BOOTSTRAP_SEED = 20240601L;

  /** 95% intervals. */
  public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;

  /** Validates every value and says what range was expected. */
  public EvaluationOptions {
    if (referableMinGrade < 1) {
      throw new IllegalArgumentException(
          "referableMinGrade must be >= 1 (grade 0 is no DR), got " + referableMinGrade);
    }
    if (!(decisionThreshold >= 0 && decisionThreshold <= 1)) {
      throw new IllegalArgumentException(
          "decisionThreshold must be a probability in [0, 1], got " + decisionThreshold);
    }
    if (!(targetSensitivity > 0 && targetSensitivity <= 1)) {
      throw new IllegalArgumentException(
          "targetSensitivity must be in (0, 1], got " + targetSensitivity);
    }
    if (!(targetSpecificity > 0 && targetSpecificity <= 1)) {
      throw new IllegalArgumentException(
          "targetSpecificity must be in (0, 1], got " + targetSpecificity);
    }
    if (bootstrapResamples < 0) {
      throw new IllegalArgumentException(
          "bootstrapResamples must be >= 0 (0 skips the intervals), got " + bootstrapResamples);
    }
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException(
          "confidenceLevel must be in (0, 1), e.g. 0.95, got " + confidenceLevel);
    }
  }

  /**
   * The default options: referable from grade 2, threshold 0.5, 90% targets, 1000 resamples, 95%
   * intervals.
   *
   * @return the default options
   */
  public static EvaluationOptions defaults() {
    return new EvaluationOptions(
        DEFAULT_REFERABLE_MIN_GRADE,
        DEFAULT_DECISION_THRESHOLD,
        DEFAULT_TARGET_SENSITIVITY,
        DEFAULT_TARGET_SPECIFICITY,
        DEFAULT_BOOTSTRAP_RESAMPLES,
        DEFAULT_BOOTSTRAP_SEED,
        DEFAULT_CONFIDENCE_LEVEL);
  }

  /**
   * A copy with another lowest referable grade.
   *
   * @param grade the lowest grade that counts as referable, {@code >= 1}
   * @return the changed copy
   */
  public EvaluationOptions withReferableMinGrade(int grade) {
    return RecordCopy.with(this, "referableMinGrade", grade);
  }

  /**
   * A copy with another decision threshold.
   *
   * @param threshold referable score at or above which a case is referred, in [0, 1]
   * @return the changed copy
   */
  public EvaluationOptions withDecisionThreshold(double threshold) {
    return RecordCopy.with(this, "decisionThreshold", threshold);
  }

  /**
   * A copy with another target sensitivity.
   *
   * @param sensitivity minimum sensitivity of the high-sensitivity operating point, in (0, 1]
   * @return the changed copy
   */
  public EvaluationOptions withTargetSensitivity(double sensitivity) {
    return RecordCopy.with(this, "targetSensitivity", sensitivity);
  }

  /**
   * A copy with another target specificity.
   *
   * @param specificity minimum specificity of the high-specificity operating point, in (0, 1]
   * @return the changed copy
   */
  public EvaluationOptions withTargetSpecificity(double specificity) {
    return RecordCopy.with(this, "targetSpecificity", specificity);
  }

  /**
   * A copy with another number of bootstrap resamples.
   *
   * @param resamples number of resamples, 0 to skip the intervals
   * @return the changed copy
   */
  public EvaluationOptions withBootstrapResamples(int resamples) {
    return RecordCopy.with(this, "bootstrapResamples", resamples);
  }

  /**
   * A copy with another bootstrap seed.
   *
   * @param seed seed of the resampling
   * @return the changed copy
   */
  public EvaluationOptions withBootstrapSeed(long seed) {
    return RecordCopy.with(this, "bootstrapSeed", seed);
  }

  /**
   * A copy with another confidence level.
   *
   * @param level confidence level of the intervals, in (0, 1)
   * @return the changed copy
   */
  public EvaluationOptions withConfidenceLevel(double level) {
    return RecordCopy.with(this, "confidenceLevel", level);
  }
}
