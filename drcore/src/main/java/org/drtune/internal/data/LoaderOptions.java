package org.drtune.internal.data;

import org.drtune.models.internal.RecordCopy;

/**
 * How a {@link BatchLoader} runs.
 *
 * @param batchSize images per batch; defaults to {@value #DEFAULT_BATCH_SIZE}
 * @param workers decoding threads; defaults to the number of processors
 * @param prefetchBatches batches decoded ahead of the consumer, the only batches held in memory;
 *     defaults to {@value #DEFAULT_PREFETCH_BATCHES}
 * @param strict whether an unreadable image fails the iteration instead of being skipped and
 *     reported; defaults to {@code false}
 * @param rotation how images are rotated; defaults to {@link RotationPolicy#none()}
 * @param epoch the epoch number passed to the rotation policy; defaults to 0
 */
public record LoaderOptions(
    int batchSize,
    int workers,
    int prefetchBatches,
    boolean strict,
    RotationPolicy rotation,
    int epoch) {

  /** Default batch size: 32. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Default prefetch: 4 batches. */
  public static final int DEFAULT_PREFETCH_BATCHES = 4;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a value is out of range or missing
   */
  public LoaderOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    if (prefetchBatches < 1) {
      throw new IllegalArgumentException(
          "prefetchBatches must be at least 1, got " + prefetchBatches);
    }
    if (rotation == null) {
      throw new IllegalArgumentException("rotation must not be null: use RotationPolicy.none()");
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
  }

  /**
   * Returns the defaults: batch 32, one worker per processor, 4 batches prefetched, skip unreadable
   * images, no rotation, epoch 0.
   *
   * @return the default options
   */
  public static LoaderOptions defaults() {
    return new LoaderOptions(
        DEFAULT_BATCH_SIZE,
        Runtime.getRuntime().availableProcessors(),
        DEFAULT_PREFETCH_BATCHES,
        false,
        RotationPolicy.none(),
        0);
  }

  /**
   * Returns a copy with another batch size.
   *
   * @param size images per batch
   * @return new options
   */
  public LoaderOptions withBatchSize(int size) {
    return RecordCopy.with(this, "batchSize", size);
  }

  /**
   * Returns a copy with other thread and queue sizes.
   *
   * @param threads decoding threads
   * @param prefetch batches decoded ahead
   * @return new options
   */
  public LoaderOptions withWorkers(int threads, int prefetch) {
    return RecordCopy.with(this, "workers", threads, "prefetchBatches", prefetch);
  }

  /**
   * Returns a copy that fails on the first unreadable image, or skips it.
   *
   * @param failFast whether to fail
   * @return new options
   */
  public LoaderOptions withStrict(boolean failFast) {
    return RecordCopy.with(this, "strict", failFast);
  }

  /**
   * Returns a copy with another rotation policy and epoch.
   *
   * @param policy the rotation policy
   * @param epochNumber the epoch passed to the policy
   * @return new options
   */
  public LoaderOptions withRotation(RotationPolicy policy, int epochNumber) {
    return RecordCopy.with(this, "rotation", policy, "epoch", epochNumber);
  }
}
