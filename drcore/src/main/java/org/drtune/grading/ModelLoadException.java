package org.drtune.grading;

import java.io.IOException;

/**
 * A model folder is missing, incomplete, or does not match its model card. The message says what to
 * do.
 */
public final class ModelLoadException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public ModelLoadException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
