package org.drtune.training;

/**
 * The loss became NaN or infinite; training stopped and the checkpoints already written are intact.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message that says what happened and what to do. */
  public TrainingDivergedException(String message) {
    super(message);
  }
}
