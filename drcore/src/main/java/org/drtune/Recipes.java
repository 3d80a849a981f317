package org.drtune;

import org.drtune.data.Preprocessing;
import org.drtune.train.Strategy;
import org.drtune.train.TrainingConfig;

/**
 * The named fine-tuning recipes: the default of {@code drtune train} (chosen by cross-validation on RetinaMNIST, see
 * docs/RESULTS.md) and the faster one of {@code drtune demo}.
 */
public final class Recipes {
  private Recipes() {}

  /** The default recipe of {@code drtune train}. */
  public static TrainingConfig trainDefault() {
    return TrainingConfig.builder().strategy(Strategy.FROZEN_PREFIX).build();
  }

  /** The preprocessing of the default recipe. */
  public static Preprocessing trainPreprocessing() {
    return Preprocessing.defaults();
  }

  /** The recipe of {@code drtune demo}: the mission's recipe on a budget that finishes in minutes on a CPU. */
  public static TrainingConfig demo() {
    return TrainingConfig.builder().strategy(Strategy.FROZEN_PREFIX).inputSize(112).epochs(2).build();
  }

  /** The preprocessing of the demo. */
  public static Preprocessing demoPreprocessing() {
    return Preprocessing.defaults().withInputSize(112);
  }
}
