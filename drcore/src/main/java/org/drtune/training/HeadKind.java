package org.drtune.training;

/** How the new head turns the pooled features into the K class probabilities. */
public enum HeadKind {
  /** A dense layer of K logits and a softmax (the grades as unordered classes). */
  SOFTMAX,
  /**
   * Cumulative logits (the grades as an ordered scale): one score per photograph and K − 1
   * increasing thresholds, {@code P(grade ≥ k) = sigmoid(score − threshold(k))}; the class
   * probabilities are the differences. The referable probability is then a monotone function of the
   * one score.
   */
  ORDINAL;

  /** Parses {@code softmax} or {@code ordinal}, case-insensitively. */
  public static HeadKind parse(String s) {
    for (HeadKind k : values()) {
      if (k.name().equalsIgnoreCase(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown head '" + s + "'; valid: softmax, ordinal");
  }
}
