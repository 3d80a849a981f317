package org.drtune.eval;

/**
 * A two-sided confidence interval; both bounds are NaN when it could not be estimated.
 *
 * @param lower lower bound
 * @param upper upper bound, {@code >= lower}
 */
public record ConfidenceInterval(double lower, double upper) {

  /** The interval that could not be estimated: both bounds NaN. */
  public static final ConfidenceInterval UNDEFINED = new ConfidenceInterval(Double.NaN, Double.NaN);

  /** Checks that the bounds are both NaN or ordered. */
  public ConfidenceInterval {
    if (Double.isNaN(lower) != Double.isNaN(upper)) {
      throw new IllegalArgumentException(
          "bounds must be both NaN or both numbers, got [" + lower + ", " + upper + "]");
    }
    if (lower > upper) {
      throw new IllegalArgumentException("lower bound " + lower + " is above upper bound " + upper);
    }
  }

  /**
   * Whether the interval was estimated.
   *
   * @return true unless the bounds are NaN
   */
  public boolean defined() {
    return !Double.isNaN(lower);
  }

  /**
   * Whether a value lies inside the interval, bounds included.
   *
   * @param value the value to test
   * @return true if {@code lower <= value <= upper}; false for an undefined interval
   */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
