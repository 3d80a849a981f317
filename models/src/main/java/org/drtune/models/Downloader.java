package org.drtune.models;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Downloads files into place over HTTP(S): one process at a time per file (a lock file next to it),
 * tries again with back-off after a broken or stalled transfer or a server error, resuming the
 * partial file, and verifies every file before it gets its final name ({@link DownloadAttempt}
 * makes each try). Holds the HTTP client and the watchdog thread that detects stalls: close it when
 * the run is over.
 */
final class Downloader implements AutoCloseable {

  private final HttpClient client;
  private final ScheduledExecutorService watchdog;
  private final Duration stallTimeout;
  private final int attempts;
  private final Duration backoff;

  /**
   * A downloader that waits {@code connectTimeout} for a connection and {@code stallTimeout} for
   * each byte, and makes {@code attempts} tries per file, waiting {@code backoff} before the second
   * and twice as long before every further one.
   */
  Downloader(Duration connectTimeout, Duration stallTimeout, int attempts, Duration backoff) {
    this.stallTimeout = stallTimeout;
    this.attempts = attempts;
    this.backoff = backoff;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drtune-download-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Downloads {@code file} from {@code url} to {@code target}, verified, unless another process put
   * it there meanwhile.
   *
   * @throws AssetException when the server holds a different file, every try failed, or the cache
   *     folder cannot be written; the message says what to do
   */
  void download(AssetFile file, URI url, Path target, BundleProgress progress)
      throws AssetException {
    String fix = fix(file, target);
    PartialFile part = new PartialFile(target);
    Path lock = target.resolveSibling(target.getFileName() + ".lock");
    createCacheFolder(target.getParent(), "write into the cache folder " + target.getParent());
    // one process downloads a file at a time; the others wait and then find it in place
    try (FileChannel lockChannel =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = lockChannel.lock()) {
      if (!Files.exists(target)) {
        tryUntilDone(file, url, part, progress, fix);
      }
    } catch (AssetException e) {
      throw e;
    } catch (IOException e) {
      throw new AssetException(
          AssetException.Reason.IO_ERROR,
          "cannot download " + file.path() + " into " + target.getParent() + ": " + e + fix,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssetException(
          AssetException.Reason.DOWNLOAD_FAILED,
          "could not download " + file.path() + " from " + url + ": interrupted" + fix,
          e);
    } finally {
      try {
        Files.deleteIfExists(lock);
      } catch (IOException e) {
        // a leftover lock file is harmless: the next download locks it again
      }
    }
  }

  /** Stops the watchdog thread. */
  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  /**
   * Makes up to {@code attempts} tries, waiting longer before each; a failed try's bytes no longer
   * count as progress.
   */
  private void tryUntilDone(
      AssetFile file, URI url, PartialFile part, BundleProgress progress, String fix)
      throws AssetException, IOException, InterruptedException {
    long before = progress.done();
    for (int attempt = 1; ; attempt++) {
      try (StallWatch stall = new StallWatch(watchdog, stallTimeout)) {
        new DownloadAttempt(client, stall, file, url, part, progress, fix).run();
        return;
      } catch (DownloadAttempt.Retryable e) {
        if (attempt >= attempts) {
          throw failed(file, url, part, fix, e);
        }
        progress.rewind(before);
        Duration wait = backoff.multipliedBy(1L << Math.min(20, attempt - 1));
        progress.retrying(file, attempt + 1, attempts, wait, e.getMessage());
        Thread.sleep(wait.toMillis());
      }
    }
  }

  private AssetException failed(
      AssetFile file, URI url, PartialFile part, String fix, DownloadAttempt.Retryable last) {
    return new AssetException(
        AssetException.Reason.DOWNLOAD_FAILED,
        "could not download "
            + file.path()
            + " from "
            + url
            + ": "
            + last.getMessage()
            + " ("
            + attempts
            + (attempts == 1 ? " try" : " tries")
            + (part.exists()
                ? "; the partial download " + part.path() + " is kept and the next run resumes it)"
                : ")")
            + fix,
        last.getCause());
  }

  /**
   * Creates {@code folder}, in the cache, with its parents; when that fails, the message is {@code
   * "cannot <task>: <error>"} and says to set {@value AssetResolver#HOME_ENV}.
   */
  static void createCacheFolder(Path folder, String task) throws AssetException {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new AssetException(
          AssetException.Reason.IO_ERROR,
          "cannot " + task + ": " + e + "; set " + AssetResolver.HOME_ENV + " to a writable folder",
          e);
    }
  }

  /** The end of every error message about {@code file}: how to get it without this download. */
  private static String fix(AssetFile file, Path target) {
    return "; download it yourself to "
        + target
        + " (or into a folder DIR at "
        + file.path()
        + " and pass --weights DIR), or set "
        + AssetResolver.HOME_ENV
        + " to a cache that holds it";
  }
}
