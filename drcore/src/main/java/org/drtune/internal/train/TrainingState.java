package org.drtune.internal.train;

import java.util.List;
import org.drtune.eval.EpochRecord;

/**
 * What a checkpoint needs besides the variables to continue a run exactly: the epochs done, the
 * global step (which seeds dropout and Adam's bias correction), the best epoch so far and the
 * history.
 *
 * @param epochsDone number of complete epochs
 * @param globalStep number of training steps applied
 * @param bestEpoch 0-based epoch with the best validation score so far, -1 before the first
 * @param bestScore that score
 * @param epochsWithoutImprovement epochs since the best one
 * @param history one record per complete epoch
 * @param configFingerprint the training configuration the run was started with (a resume must match
 *     it)
 */
public record TrainingState(
    int epochsDone,
    long globalStep,
    int bestEpoch,
    double bestScore,
    int epochsWithoutImprovement,
    List<EpochRecord> history,
    String configFingerprint) {

  /** Copies the history. */
  public TrainingState {
    history = List.copyOf(history);
  }
}
