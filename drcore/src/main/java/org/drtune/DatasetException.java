package org.drtune;

import java.io.IOException;

/**
 * A dataset could not be opened: an unrecognised layout, a malformed {@code .npz} or CSV, a label
 * out of range, a duplicate id, a CSV row naming a missing image or a path outside the image
 * folder. The message says what was wrong, what was expected and what to do.
 */
public final class DatasetException extends IOException {

  /**
   * Creates an exception with a message.
   *
   * @param message what was wrong, what was expected and what to do
   */
  public DatasetException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what was wrong, what was expected and what to do
   * @param cause the underlying exception
   */
  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
