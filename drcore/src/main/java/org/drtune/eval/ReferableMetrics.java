package org.drtune.eval;

import java.util.Objects;

/**
 * Referable DR as a binary problem: a case is positive when its true grade is at least {@code
 * minGrade}; its score is the summed probability of those grades.
 *
 * @param minGrade lowest grade that counts as referable
 * @param positives number of referable cases
 * @param negatives number of non-referable cases
 * @param auc ROC AUC of the referable score; NaN when positives or negatives is 0
 * @param atThreshold sensitivity and specificity at the chosen decision threshold
 * @param targetSensitivity the sensitivity that {@code atTargetSensitivity} had to reach
 * @param atTargetSensitivity best specificity among thresholds whose sensitivity is {@code >=
 *     targetSensitivity}
 * @param targetSpecificity the specificity that {@code atTargetSpecificity} had to reach
 * @param atTargetSpecificity best sensitivity among thresholds whose specificity is {@code >=
 *     targetSpecificity}
 */
public record ReferableMetrics(
    int minGrade,
    int positives,
    int negatives,
    double auc,
    OperatingPoint atThreshold,
    double targetSensitivity,
    OperatingPoint atTargetSensitivity,
    double targetSpecificity,
    OperatingPoint atTargetSpecificity) {

  /** Checks counts and that no operating point is null. */
  public ReferableMetrics {
    if (minGrade < 1) {
      throw new IllegalArgumentException("minGrade must be >= 1, got " + minGrade);
    }
    if (positives < 0 || negatives < 0) {
      throw new IllegalArgumentException(
          "positives and negatives must be >= 0, got " + positives + " and " + negatives);
    }
    Objects.requireNonNull(atThreshold, "atThreshold");
    Objects.requireNonNull(atTargetSensitivity, "atTargetSensitivity");
    Objects.requireNonNull(atTargetSpecificity, "atTargetSpecificity");
  }
}
