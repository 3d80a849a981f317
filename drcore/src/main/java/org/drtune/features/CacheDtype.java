package org.drtune.features;

/**
 * How the feature cache stores the frozen part's output (see {@link
 * org.drtune.training.FineTuneRequest#withFeatureCache}).
 */
public enum CacheDtype {
  /** 4 bytes a value, exact. */
  FLOAT32(4),
  /** 2 bytes a value (IEEE half precision): half the disk, about 3 significant digits. */
  FLOAT16(2);

  private final int bytes;

  CacheDtype(int bytes) {
    this.bytes = bytes;
  }

  /**
   * Parses {@code float32} or {@code float16}, case-insensitively.
   *
   * @throws IllegalArgumentException naming the valid ones for anything else
   */
  public static CacheDtype parse(String name) {
    for (CacheDtype d : values()) {
      if (d.name().equalsIgnoreCase(name.trim())) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown cache dtype '" + name + "'; valid: float32, float16");
  }

  /** Bytes per value. */
  public int bytes() {
    return bytes;
  }
}
