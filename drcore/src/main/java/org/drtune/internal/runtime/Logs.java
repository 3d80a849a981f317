package org.drtune.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's SLF4J loggers, one per area (docs/API.md, "Logging", lists them with {@code
 * org.drtune.assets} and {@code org.drtune.spark}, which the models and drspark modules name
 * themselves). Warnings are things a user should act on; DEBUG says what was loaded, chosen and
 * reused, for someone chasing a problem; nothing is logged at INFO by default runs.
 */
public final class Logs {
  /** Grading: models loaded, photographs graded ({@code DrClassifier}, ImageNet classification). */
  public static final String CLASSIFY = "org.drtune.classify";

  /** Training: members trained, the feature cache, checkpoints, feature extraction. */
  public static final String TRAIN = "org.drtune.train";

  /** The TensorFlow runtime: devices, precision, TensorFlow's own native log level. */
  public static final String RUNTIME = "org.drtune.runtime";

  private Logs() {}

  /** The {@value #CLASSIFY} logger. */
  public static Logger classify() {
    return LoggerFactory.getLogger(CLASSIFY);
  }

  /** The {@value #TRAIN} logger. */
  public static Logger train() {
    return LoggerFactory.getLogger(TRAIN);
  }

  /** The {@value #RUNTIME} logger. */
  public static Logger runtime() {
    return LoggerFactory.getLogger(RUNTIME);
  }
}
