package org.drtune.models;

import java.time.Duration;

/**
 * The bytes one download run has received over the files of a bundle, and the reports of them to a
 * {@link DownloadListener}. Used on the downloading thread only.
 */
final class BundleProgress {

  private final DownloadListener listener;
  private final String bundle;
  private final long total;
  private long done;

  /**
   * Progress of downloading {@code total} bytes of {@code bundle}, reported to {@code listener}.
   */
  BundleProgress(DownloadListener listener, String bundle, long total) {
    this.listener = listener;
    this.bundle = bundle;
    this.total = total;
  }

  /** Bytes received so far over the bundle. */
  long done() {
    return done;
  }

  /** Counts {@code bytes} more received. */
  void add(long bytes) {
    done += bytes;
  }

  /** Goes back to {@code bytes} received, a value of {@link #done()} before a failed try. */
  void rewind(long bytes) {
    done = bytes;
  }

  /** Reports that {@code fileBytesDone} bytes of {@code file} are in. */
  void report(AssetFile file, long fileBytesDone) {
    listener.progress(
        new DownloadListener.Progress(
            bundle, file.path(), fileBytesDone, file.bytes(), done, total));
  }

  /** Reports that try {@code attempt} of {@code attempts} starts after {@code wait}. */
  void retrying(AssetFile file, int attempt, int attempts, Duration wait, String reason) {
    listener.retrying(file.path(), attempt, attempts, wait, reason);
  }
}
