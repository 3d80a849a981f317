package org.drtune.experiments;

/**
 * Progress of {@link Experiments#run} and {@link Experiments#ensemble}: every method has an empty
 * default, so a listener implements what it shows. Called from the thread that runs the
 * cross-validation.
 */
public interface CrossValidationListener {
  /** A listener that shows nothing. */
  CrossValidationListener NONE = new CrossValidationListener() {};

  /**
   * The images were assigned to folds.
   *
   * @param patients patients among the images when the folds are patient-level, else 0
   */
  default void foldsAssigned(int images, int patients, int folds, long foldSeed) {}

  /** {@code setting} starts (for an ensemble: is being combined). */
  default void settingStarted(CrossValidation.Setting setting) {}

  /** Fold {@code fold} (from 0) of {@code setting} trains on {@code kept} of its images. */
  default void trainingSubsampled(CrossValidation.Setting setting, int fold, int kept) {}

  /** The feature cache of {@code setting} is being computed: {@code bytes} on disk. */
  default void cachingStarted(CrossValidation.Setting setting, long bytes) {}

  /** {@code done} of {@code total} (image, rotation) records cached at {@code perSecond}. */
  default void cachingProgress(
      CrossValidation.Setting setting, long done, long total, double perSecond) {}

  /** A fold of {@code folds} was trained and evaluated. */
  default void foldFinished(
      CrossValidation.Setting setting, CrossValidation.FoldResult fold, int folds) {}

  /** Every fold of a setting (or an ensemble of settings) ran; its results file is written. */
  default void settingFinished(CrossValidation.SettingResult result) {}

  /** A TensorFlow warning for the user (such as the CPU fall-back of a device). */
  default void warning(String message) {}
}
