package org.drtune.eval;

import java.util.Objects;

/**
 * The difference {@code a - b} between two models' metrics on the same cases, with paired
 * percentile-bootstrap intervals: every resample draws the same cases (or the same patients) for
 * both models, so the interval measures the difference the models make, not the luck of the cases.
 * An interval that excludes 0 is a measurable difference at its level.
 *
 * @param cases number of cases both models predicted
 * @param clusters number of clusters (patients) resampled, or 0 when single cases were resampled
 * @param resamples number of bootstrap resamples
 * @param seed seed of the resampling
 * @param level confidence level, e.g. 0.95
 * @param referableAuc difference of the referable-DR AUC
 * @param referableAucInterval its interval
 * @param sensitivityAtTargetSpecificity difference of the best sensitivity at the target
 *     specificity
 * @param sensitivityAtTargetSpecificityInterval its interval
 * @param specificityAtTargetSensitivity difference of the best specificity at the target
 *     sensitivity
 * @param specificityAtTargetSensitivityInterval its interval
 * @param kappa difference of the quadratic weighted kappa
 * @param kappaInterval its interval
 * @param accuracy difference of the accuracy
 * @param accuracyInterval its interval
 * @param referableAucAboveShare share of resamples in which {@code a}'s referable AUC was the
 *     higher (a one-sided bootstrap "probability" that {@code a} is the better ranker; NaN when
 *     undefined)
 */
public record PairedDifference(
    int cases,
    int clusters,
    int resamples,
    long seed,
    double level,
    double referableAuc,
    ConfidenceInterval referableAucInterval,
    double sensitivityAtTargetSpecificity,
    ConfidenceInterval sensitivityAtTargetSpecificityInterval,
    double specificityAtTargetSensitivity,
    ConfidenceInterval specificityAtTargetSensitivityInterval,
    double kappa,
    ConfidenceInterval kappaInterval,
    double accuracy,
    ConfidenceInterval accuracyInterval,
    double referableAucAboveShare) {

  /** Checks the counts and that no interval is null. */
  public PairedDifference {
    if (cases < 0 || clusters < 0 || resamples < 1) {
      throw new IllegalArgumentException(
          "cases and clusters must be >= 0 and resamples >= 1, got "
              + cases
              + ", "
              + clusters
              + ", "
              + resamples);
    }
    Objects.requireNonNull(referableAucInterval, "referableAucInterval");
    Objects.requireNonNull(sensitivityAtTargetSpecificityInterval, "sensitivity interval");
    Objects.requireNonNull(specificityAtTargetSensitivityInterval, "specificity interval");
    Objects.requireNonNull(kappaInterval, "kappaInterval");
    Objects.requireNonNull(accuracyInterval, "accuracyInterval");
  }
}
