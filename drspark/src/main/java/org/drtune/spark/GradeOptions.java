package org.drtune.spark;

import java.io.Serializable;
import java.util.Objects;
import org.drtune.models.internal.RecordCopy;

/**
 * How {@link DrSpark#grade} grades: which exported model, how it reaches the executors, and the
 * {@link org.drtune.grading.DrClassifier.Options} every executor's classifier uses.
 *
 * @param model the exported model or ensemble folder ({@code RUN_DIR/model}) on the driver, or,
 *     with {@code shipModel} false, a folder every executor sees at this path (a shared file
 *     system)
 * @param shipModel copy the model to every executor with {@code SparkContext.addFile} (each copy is
 *     verified against the model card's checksums when it is loaded)
 * @param batchSize photographs per TensorFlow batch inside a partition
 * @param testTimeAugmentation average over the four 90-degree rotations (as {@code drtune predict})
 * @param qualityCheck refuse photographs that are not gradable retinas (as {@code drtune predict})
 * @param referableThreshold refer at or above this referable probability; null for the model's
 */
public record GradeOptions(
    String model,
    boolean shipModel,
    int batchSize,
    boolean testTimeAugmentation,
    boolean qualityCheck,
    Double referableThreshold)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks the values. */
  public GradeOptions {
    Objects.requireNonNull(model, "model: the exported model folder is required");
    if (batchSize < 1 || batchSize > 4096) {
      throw new IllegalArgumentException("batchSize must be between 1 and 4096, got " + batchSize);
    }
    if (referableThreshold != null && !(referableThreshold >= 0 && referableThreshold <= 1)) {
      throw new IllegalArgumentException(
          "referableThreshold must be a probability between 0 and 1, got " + referableThreshold);
    }
  }

  /**
   * What {@code drtune predict} does with {@code model}: shipped, batch 32, TTA and quality check
   * on.
   */
  public static GradeOptions of(String model) {
    return new GradeOptions(model, true, 32, true, true, null);
  }

  /** With the model read in place from a folder every executor sees (no copy). */
  public GradeOptions withSharedModel() {
    return RecordCopy.with(this, "shipModel", false);
  }

  /** With another batch size. */
  public GradeOptions withBatchSize(int n) {
    return RecordCopy.with(this, "batchSize", n);
  }

  /** With rotation test-time augmentation on or off. */
  public GradeOptions withTestTimeAugmentation(boolean on) {
    return RecordCopy.with(this, "testTimeAugmentation", on);
  }

  /** With the quality check on or off. */
  public GradeOptions withQualityCheck(boolean on) {
    return RecordCopy.with(this, "qualityCheck", on);
  }

  /** With another referral threshold (null: the model's). */
  public GradeOptions withReferableThreshold(Double t) {
    return RecordCopy.with(this, "referableThreshold", t);
  }

  /** The classifier options of every executor. */
  org.drtune.grading.DrClassifier.Options classifierOptions() {
    return org.drtune.grading.DrClassifier.Options.defaults()
        .withBatchSize(batchSize)
        .withTestTimeAugmentation(testTimeAugmentation)
        .withQualityCheck(qualityCheck)
        .withReferableThreshold(referableThreshold);
  }
}
