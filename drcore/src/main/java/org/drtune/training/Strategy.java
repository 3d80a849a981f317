package org.drtune.training;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The four transfer-learning scenarios (small/large data × similar/different domain) as presets of
 * what is cut, what is frozen and what is trained.
 */
public enum Strategy {
  /**
   * Small data, similar domain: a linear classifier on the pooled CNN features; the whole backbone
   * is frozen.
   */
  LINEAR("linear"),
  /**
   * Small data, different domain: a classifier on earlier-layer features (cut at e.g.
   * inception_4e), frozen.
   */
  EARLY_FEATURES("early-features"),
  /** Large data, different domain: fine-tune every layer of the backbone and the head. */
  FULL("full"),
  /**
   * Large data, similar domain (the default): fine-tune with a frozen prefix of early layers
   * (conv1, conv2).
   */
  FROZEN_PREFIX("frozen-prefix");

  private final String cliName;

  Strategy(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in model cards, e.g. {@code frozen-prefix}. */
  public String cliName() {
    return cliName;
  }

  /** Whether every backbone variable is frozen (only the new head trains). */
  public boolean headOnly() {
    return this == LINEAR || this == EARLY_FEATURES;
  }

  /**
   * Parses a command-line name ({@code linear}, {@code early-features}, {@code frozen-prefix},
   * {@code full}).
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Strategy parse(String name) {
    for (Strategy s : values()) {
      if (s.cliName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown strategy '"
            + name
            + "'; valid strategies: "
            + Arrays.stream(values()).map(Strategy::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
