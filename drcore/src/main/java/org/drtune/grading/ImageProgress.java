package org.drtune.grading;

/** Receives progress of grading many photographs (for progress bars). */
@FunctionalInterface
public interface ImageProgress {
  /** Ignores progress. */
  ImageProgress NONE = (done, total, skipped) -> {};

  /**
   * {@code done} of {@code total} photographs handled so far, {@code skipped} of them unreadable:
   * once with {@code done} 0 before the first batch (so that a rate can be measured from the
   * start), then after every batch.
   */
  void update(int done, int total, int skipped);
}
