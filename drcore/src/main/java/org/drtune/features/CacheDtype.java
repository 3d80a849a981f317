package org.drtune.features;

import org.drtune.training.FineTuneRequest;

/**
 * How the feature cache stores the frozen part's output (see {@link
 * FineTuneRequest#withFeatureCache}).
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

  /** Bytes per value. */
  public int bytes() {
    return bytes;
  }
}
