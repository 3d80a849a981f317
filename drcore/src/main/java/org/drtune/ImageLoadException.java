package org.drtune;

import java.io.IOException;

/**
 * An image could not be read or decoded: the file is missing, empty, truncated, not a JPEG/PNG, in
 * an unsupported colour space, or larger than the configured pixel limit. The message names the
 * image and the reason.
 *
 * <p>Training and batch grading leave such images out and list them with this reason ({@link
 * org.drtune.training.FineTuneJob.Result#skipped()}, {@link org.drtune.grading.Grading#skipped()})
 * unless they run strict; grading one photograph throws it.
 */
public final class ImageLoadException extends IOException {

  private final String source;
  private final String reason;

  /**
   * Creates an exception for one image.
   *
   * @param source the file name or id of the image
   * @param reason what went wrong and, where possible, what to do about it
   */
  public ImageLoadException(String source, String reason) {
    this(source, reason, null);
  }

  /**
   * Creates an exception for one image, keeping the underlying cause.
   *
   * @param source the file name or id of the image
   * @param reason what went wrong and, where possible, what to do about it
   * @param cause the underlying exception, or {@code null}
   */
  public ImageLoadException(String source, String reason, Throwable cause) {
    super("cannot load image " + source + ": " + reason, cause);
    this.source = source;
    this.reason = reason;
  }

  /**
   * Returns the file name or id of the image that failed.
   *
   * @return the image's file name or id
   */
  public String source() {
    return source;
  }

  /**
   * Returns the reason without the image name.
   *
   * @return why the image could not be loaded
   */
  public String reason() {
    return reason;
  }
}
