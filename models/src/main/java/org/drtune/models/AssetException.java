package org.drtune.models;

import java.io.IOException;

/**
 * An asset could not be provided: a file is missing, has the wrong size or checksum, or could not
 * be downloaded.
 *
 * <p>Checked, and an {@link IOException}, because every cause is a recoverable file or network
 * problem the user can fix; the message names the file, what was expected, what was found and what
 * to do. {@link #reason()} lets a caller (the CLI) map the failure to an exit code without parsing
 * the message.
 */
public final class AssetException extends IOException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /**
     * A file is not present where it must be (an explicit folder, or nowhere at all and no download
     * base).
     */
    MISSING,
    /** A file is present but its size differs from the recipe's. */
    SIZE_MISMATCH,
    /** A file is present with the right size but its sha256 or md5 differs from the recipe's. */
    CHECKSUM_MISMATCH,
    /** The download failed: no network, an HTTP error status, a timeout or a stalled transfer. */
    DOWNLOAD_FAILED,
    /** A local file could not be read or written. */
    IO_ERROR
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason what went wrong
   * @param message what was wrong, what was expected and what to do
   * @param cause the underlying exception, or null
   */
  public AssetException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates the exception without a cause.
   *
   * @param reason what went wrong
   * @param message what was wrong, what was expected and what to do
   */
  public AssetException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }
}
