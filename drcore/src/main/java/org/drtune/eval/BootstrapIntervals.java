package org.drtune.eval;

import java.util.Objects;

/**
 * Percentile-bootstrap confidence intervals of the headline metrics, with what is needed to
 * reproduce them.
 *
 * @param resamples number of bootstrap resamples drawn (0 when the bootstrap was skipped)
 * @param seed seed of the {@link java.util.Random} that drew the resamples
 * @param level confidence level, e.g. 0.95
 * @param accuracy interval of the accuracy
 * @param meanAuc interval of the mean one-vs-rest AUC
 * @param kappa interval of the quadratic weighted kappa
 * @param referableAuc interval of the referable-DR AUC (undefined in cards written before it was
 *     recorded)
 * @param specificityAtTargetSensitivity interval of the best specificity at the target sensitivity
 * @param sensitivityAtTargetSpecificity interval of the best sensitivity at the target specificity
 * @param clusters number of clusters (patients) resampled, or 0 when single cases were resampled
 */
public record BootstrapIntervals(
    int resamples,
    long seed,
    double level,
    ConfidenceInterval accuracy,
    ConfidenceInterval meanAuc,
    ConfidenceInterval kappa,
    ConfidenceInterval referableAuc,
    ConfidenceInterval specificityAtTargetSensitivity,
    ConfidenceInterval sensitivityAtTargetSpecificity,
    int clusters) {

  /** Checks the counts and that no interval is null. */
  public BootstrapIntervals {
    if (resamples < 0) {
      throw new IllegalArgumentException("resamples must be >= 0, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), e.g. 0.95, got " + level);
    }
    Objects.requireNonNull(accuracy, "accuracy");
    Objects.requireNonNull(meanAuc, "meanAuc");
    Objects.requireNonNull(kappa, "kappa");
    referableAuc = referableAuc == null ? ConfidenceInterval.UNDEFINED : referableAuc;
    specificityAtTargetSensitivity =
        specificityAtTargetSensitivity == null
            ? ConfidenceInterval.UNDEFINED
            : specificityAtTargetSensitivity;
    sensitivityAtTargetSpecificity =
        sensitivityAtTargetSpecificity == null
            ? ConfidenceInterval.UNDEFINED
            : sensitivityAtTargetSpecificity;
    if (clusters < 0) {
      throw new IllegalArgumentException("clusters must be >= 0, got " + clusters);
    }
  }

  /**
   * The intervals of a skipped bootstrap: zero resamples, every interval undefined.
   *
   * @param seed the seed that would have been used
   * @param level the confidence level that would have been used
   * @return intervals with NaN bounds
   */
  public static BootstrapIntervals skipped(long seed, double level) {
    return new BootstrapIntervals(
        0,
        seed,
        level,
        ConfidenceInterval.UNDEFINED,
        ConfidenceInterval.UNDEFINED,
        ConfidenceInterval.UNDEFINED,
        ConfidenceInterval.UNDEFINED,
        ConfidenceInterval.UNDEFINED,
        ConfidenceInterval.UNDEFINED,
        0);
  }
}
