package org.drtune.grading;

import java.util.Locale;

/** Which eye a photograph shows. */
public enum Eye {
  /** The left eye (OS). */
  LEFT,
  /** The right eye (OD). */
  RIGHT;

  /**
   * Parses {@code left}, {@code right}, {@code l}, {@code r}, {@code os} (left) or {@code od}
   * (right), case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted forms for anything else
   */
  public static Eye parse(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "left", "l", "os" -> LEFT;
      case "right", "r", "od" -> RIGHT;
      default ->
          throw new IllegalArgumentException(
              "unknown eye '" + s + "': expected left, right, l, r, os or od");
    };
  }

  /** {@code left} or {@code right}, as CSV columns and ids write it. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
