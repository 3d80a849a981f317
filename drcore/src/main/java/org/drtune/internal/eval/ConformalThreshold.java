package org.drtune.internal.eval;

import java.util.Arrays;

/**
 * A referral threshold that keeps its sensitivity on new cases, not only on the sample it was
 * chosen on. Choosing the highest threshold whose sample sensitivity reaches the target is
 * optimistic: on new referable cases it catches fewer on average (the sample's lowest referable
 * scores set it). Split conformal prediction gives the distribution-free fix: with the m referable
 * scores of the sample sorted ascending, the threshold at the k-th lowest, k = floor((1 - target)
 * (m + 1)), catches a new referable case exchangeable with them with probability at least {@code
 * target}. It needs m ≥ 1 / (1 - target) - 1 referable cases (9 for 0.90); with fewer, no threshold
 * above the lowest referable score keeps the promise and that one is returned.
 */
public final class ConformalThreshold {
  private ConformalThreshold() {}

  /**
   * The threshold ("refer when the score is at least this") for {@code target} on the referable
   * cases' scores.
   *
   * @throws IllegalArgumentException when there is no referable case or the target is not in (0, 1)
   */
  public static double of(double[] referableScores, double[] otherScores, double target) {
    double t = of(referableScores, target);
    double below = Double.NEGATIVE_INFINITY; // the highest non-referable score not referred
    for (double o : otherScores) {
      if (o < t && o > below) {
        below = o;
      }
    }
    double lowest = t;
    for (double p : referableScores) {
      if (p > below && p < lowest) {
        lowest = p;
      }
    }
    return lowest;
  }

  /** As {@link #of(double[], double[], double)} without lowering it to the non-referable cases. */
  public static double of(double[] referableScores, double target) {
    if (referableScores.length == 0) {
      throw new IllegalArgumentException("no referable case to choose a threshold on");
    }
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("target must be in (0, 1), got " + target);
    }
    double[] s = referableScores.clone();
    Arrays.sort(s);
    return s[Math.max(0, rank(s.length, target) - 1)];
  }

  /** The 1-based rank k of the threshold among m sorted scores (0 when m is too small). */
  static int rank(int m, double target) {
    return (int) Math.floor((1 - target) * (m + 1) + 1e-9);
  }

  /** The fewest referable cases for which the promise holds above the lowest score. */
  public static int casesNeeded(double target) {
    return (int) Math.ceil(1 / (1 - target) - 1 - 1e-9);
  }
}
