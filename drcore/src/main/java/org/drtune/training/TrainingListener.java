package org.drtune.training;

import org.drtune.eval.EpochRecord;

/**
 * Receives progress of a training run (for progress bars and logs). Every method has an empty
 * default.
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** The run trains {@code recipe} (said once, before anything else). */
  default void recipeChosen(Recipe recipe) {}

  /** Training of epoch {@code epoch} (0-based) starts with {@code batches} batches. */
  default void epochStarted(int epoch, int batches) {}

  /** Batch {@code batch} (0-based) of the epoch is done with this loss. */
  default void stepDone(int epoch, int batch, int batches, double loss) {}

  /** Validation of the epoch starts over {@code examples} examples. */
  default void validationStarted(int epoch, int examples) {}

  /** The epoch is finished and recorded. */
  default void epochDone(EpochRecord record, boolean improved) {}

  /**
   * {@code count} training and validation photographs were left out: the quality check refused
   * them.
   */
  default void ungradableSkipped(int count) {}

  /** Building the feature cache of a split ({@code bytes} on disk) starts. */
  default void cachingStarted(String split, long bytes) {}

  /** Feature-cache progress: {@code done} of {@code total} (image, rotation) pairs. */
  default void cachingProgress(String split, long done, long total) {}

  /**
   * Member {@code member} of {@code members} (from 1) of an ensemble starts training with {@code
   * seed}.
   */
  default void memberStarted(int member, int members, long seed) {}

  /** Training resumed from a checkpoint after {@code epochsDone} complete epochs. */
  default void resumed(int epochsDone, long globalStep) {}

  /** Training stops early: no improvement of the validation metric for {@code patience} epochs. */
  default void stoppedEarly(int epoch, int bestEpoch) {}
}
