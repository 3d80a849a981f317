package org.drtune.eval;

/**
 * A binary decision rule "positive when score {@code >= threshold}" and what it achieves on a
 * dataset.
 *
 * <p>All three values are NaN when the point is undefined (the dataset has no positives or no
 * negatives). A threshold of {@code +Infinity} means "call nothing positive".
 *
 * @param threshold score at or above which a case is called positive
 * @param sensitivity true positives / positives (recall of the positive class)
 * @param specificity true negatives / negatives
 */
public record OperatingPoint(double threshold, double sensitivity, double specificity) {

  /** The undefined operating point: every value NaN. */
  public static final OperatingPoint UNDEFINED =
      new OperatingPoint(Double.NaN, Double.NaN, Double.NaN);

  /** Checks that the rates lie in [0, 1] (or are NaN). */
  public OperatingPoint {
    checkRate("sensitivity", sensitivity);
    checkRate("specificity", specificity);
    if (Double.isInfinite(threshold) && threshold < 0) {
      throw new IllegalArgumentException(
          "threshold must not be -Infinity: use the lowest score instead");
    }
  }

  /**
   * Whether the point is defined (the dataset had both positives and negatives).
   *
   * @return true unless the sensitivity or specificity is NaN
   */
  public boolean defined() {
    return !Double.isNaN(sensitivity) && !Double.isNaN(specificity);
  }

  private static void checkRate(String name, double value) {
    if (!Double.isNaN(value) && (value < 0 || value > 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1] or NaN, got " + value);
    }
  }
}
