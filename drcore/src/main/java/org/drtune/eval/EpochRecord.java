package org.drtune.eval;

/**
 * One epoch of training history, as the training loop reports it. A value that was not measured
 * (say, no validation set) is NaN.
 *
 * @param epoch epoch number, {@code >= 0}
 * @param trainLoss mean training loss over the epoch
 * @param trainAccuracy training accuracy over the epoch
 * @param valLoss validation loss after the epoch
 * @param valAccuracy validation accuracy after the epoch
 * @param valAuc validation mean one-vs-rest AUC after the epoch
 * @param valKappa validation quadratic weighted kappa after the epoch
 * @param learningRate learning rate used in the epoch
 * @param seconds wall time of the epoch in seconds, {@code >= 0}
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double valAuc,
    double valKappa,
    double learningRate,
    double seconds) {

  /** Checks the epoch number and the time. */
  public EpochRecord {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    if (seconds < 0) {
      throw new IllegalArgumentException(
          "seconds must be >= 0 (or NaN if not measured), got " + seconds);
    }
  }
}
