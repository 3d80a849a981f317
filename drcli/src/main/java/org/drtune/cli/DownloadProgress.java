package org.drtune.cli;

import java.time.Duration;
import org.drtune.models.DownloadListener;

/**
 * Shows an {@link org.drtune.models.AssetResolver}'s downloads on a {@link ProgressReporter}: one
 * bar (or line series) per bundle in megabytes, and a line for every try that failed and is tried
 * again.
 */
final class DownloadProgress implements DownloadListener {
  private static final double MB = 1e6;

  private final ProgressReporter progress;
  private ProgressReporter.Task task;
  private String bundle;

  DownloadProgress(ProgressReporter progress) {
    this.progress = progress;
  }

  @Override
  public synchronized void progress(Progress p) {
    if (task == null || !p.bundle().equals(bundle)) {
      if (task != null) {
        task.finish(null);
      }
      bundle = p.bundle();
      task = progress.startScaled("downloading " + p.bundle(), p.bundleBytesTotal(), "MB", MB);
    }
    task.update(p.bundleBytesDone(), p.file());
    if (p.bundleBytesDone() >= p.bundleBytesTotal()) {
      task.finish(null);
      task = null;
      bundle = null;
    }
  }

  @Override
  public synchronized void retrying(
      String file, int attempt, int attempts, Duration wait, String reason) {
    progress.line(
        "download of "
            + file
            + " failed ("
            + reason
            + "); try "
            + attempt
            + " of "
            + attempts
            + " in "
            + ProgressReporter.duration(wait.toMillis() / 1000.0));
  }
}
