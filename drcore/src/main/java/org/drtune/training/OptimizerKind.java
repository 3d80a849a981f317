package org.drtune.training;

/** The update rule applied to the trainable variables. */
public enum OptimizerKind {
  /** SGD with momentum (the default for fine-tuning). */
  MOMENTUM,
  /** Adam. */
  ADAM;

  /** Parses {@code momentum} or {@code adam}, case-insensitively. */
  public static OptimizerKind parse(String s) {
    for (OptimizerKind k : values()) {
      if (k.name().equalsIgnoreCase(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown optimizer '" + s + "'; valid: momentum, adam");
  }
}
