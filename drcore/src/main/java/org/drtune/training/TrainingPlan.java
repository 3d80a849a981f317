package org.drtune.training;

import java.util.Objects;
import org.drtune.features.CacheDtype;

/**
 * What a run will train: a recipe with the {@link TrainingSetting}s the user gave applied to it,
 * the choice of training from the feature cache, and, for cross-validation, how many training
 * images a fold keeps. {@code drtune train} and {@code drtune demo} build one from their options,
 * {@code drtune crossval} from each {@code --setting}, both through {@link #with}; a {@link
 * FineTuneRequest} takes one with {@link FineTuneRequest#withPlan}.
 *
 * <pre>{@code
 * TrainingPlan plan =
 *     TrainingPlan.of(Recipes.photographs())
 *         .with(TrainingSetting.LR, "1e-4", BackboneRef.bvlcGoogLeNet())
 *         .with(TrainingSetting.FREEZE_UPTO, "inception_4a", BackboneRef.bvlcGoogLeNet());
 * }</pre>
 *
 * @param recipe the recipe, with every setting given applied (named as its base until then)
 * @param cacheFeatures train from cached features of the frozen part: null means the run's rule
 *     (see {@link FineTuneRequest#cacheFeatures()})
 * @param cacheDtype storage of cached features; null means the run's rule
 * @param trainImages cross-validation only: about this many training images per fold (a learning
 *     curve); 0 means all
 */
public record TrainingPlan(
    Recipe recipe, Boolean cacheFeatures, CacheDtype cacheDtype, int trainImages) {

  /** Checks the parts. */
  public TrainingPlan {
    Objects.requireNonNull(recipe, "recipe");
    if (trainImages < 0) {
      throw new IllegalArgumentException(
          "trainImages must be >= 0 (0: every training image), got " + trainImages);
    }
  }

  /** {@code base} as it is: no setting changed, the feature cache by the run's rule. */
  public static TrainingPlan of(Recipe base) {
    return new TrainingPlan(base, null, null, 0);
  }

  /**
   * This plan with {@code setting} set to {@code value}, written as on the command line or in a
   * cross-validation spec ({@code 3e-4}, {@code true}, {@code conv1,conv2} or {@code conv1+conv2}
   * …), with the layer names checked against {@code backbone}'s.
   *
   * @throws IllegalArgumentException when the value is not one the setting takes (the message says
   *     why, without the setting's name, which the caller knows how to write)
   */
  public TrainingPlan with(TrainingSetting setting, String value, BackboneRef backbone) {
    return setting.apply(this, value, backbone);
  }
}
