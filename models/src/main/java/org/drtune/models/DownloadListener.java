package org.drtune.models;

/**
 * Receives download progress from {@link AssetResolver}: after each chunk of about a megabyte and
 * when a file is complete. Called on the downloading thread; keep it quick.
 *
 * <pre>{@code
 * AssetResolver resolver = AssetResolver.defaults().withListener(p ->
 *     System.err.printf("%s %d/%d bytes%n", p.file(), p.bundleBytesDone(), p.bundleBytesTotal()));
 * }</pre>
 */
@FunctionalInterface
public interface DownloadListener {

  /** A listener that ignores progress. */
  DownloadListener NONE = p -> {};

  /**
   * Reports progress.
   *
   * @param progress bytes done so far for the current file and for all files this run downloads
   */
  void progress(Progress progress);

  /**
   * A try of {@code file} failed with {@code reason}; try {@code attempt} of {@code attempts}
   * starts after {@code wait}, resuming the partial file.
   */
  default void retrying(
      String file, int attempt, int attempts, java.time.Duration wait, String reason) {}

  /**
   * A progress report.
   *
   * @param bundle name of the bundle being downloaded
   * @param file relative path of the file being downloaded
   * @param fileBytesDone bytes of this file received so far
   * @param fileBytesTotal expected size of this file
   * @param bundleBytesDone bytes received so far over every file this run downloads
   * @param bundleBytesTotal expected bytes over every file this run downloads (files already
   *     present excluded)
   */
  record Progress(
      String bundle,
      String file,
      long fileBytesDone,
      long fileBytesTotal,
      long bundleBytesDone,
      long bundleBytesTotal) {}
}
