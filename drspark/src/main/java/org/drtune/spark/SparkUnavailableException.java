package org.drtune.spark;

/**
 * Apache Spark is not on the class path of a command that needs it; the message says what to do.
 */
public class SparkUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message and the class that could not be found. */
  public SparkUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
