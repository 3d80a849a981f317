package org.drtune;

import java.nio.file.Path;

/**
 * The named fine-tuning recipes, chosen by cross-validation (docs/RESULTS.md), and the choice among
 * them for a dataset. {@code drtune train} and {@link FineTuneJob#run} without explicit settings
 * both run {@link #forData(Path)}.
 */
public final class Recipes {
  private Recipes() {}

  /**
   * Models in the default ensembles: three seeds, steadier and better in cross-validation than one
   * model.
   */
  public static final int ENSEMBLE_MEMBERS = 3;

  /**
   * The thumbnail recipe, the best of the cross-validated settings on RetinaMNIST's 28×28
   * photographs (docs/RESULTS.md, table 3, {@code e12}): the frozen prefix (conv1, conv2), 112×112
   * input, Adam at 1e-4 with the new head at 10×, decay 0.9 per epoch, L2 1e-4, dropout 0.4, random
   * 90° rotations, up to 12 epochs with early stopping (patience 3) on the validation loss, an
   * ensemble of {@value #ENSEMBLE_MEMBERS} seeds; border crop, pad to square, BGR minus the
   * ImageNet mean.
   */
  public static Recipe thumbnails() {
    TrainingConfig t =
        TrainingConfig.builder()
            .strategy(Strategy.FROZEN_PREFIX)
            .inputSize(112)
            .epochs(12)
            .optimizer(OptimizerKind.ADAM)
            .learningRate(1e-4)
            .headLrMultiplier(10)
            .lrDecay(0.9)
            .patience(3)
            .build();
    return new Recipe(
        "thumbnails",
        "the cross-validated recipe of RetinaMNIST's 28-px photographs "
            + "(docs/RESULTS.md, table 3)",
        t,
        Preprocessing.defaults(),
        ENSEMBLE_MEMBERS);
  }

  /**
   * The recipe for {@code data}: today {@link #thumbnails()} for every dataset.
   *
   * @param data the training data (a MedMNIST {@code .npz}, grade folders or a label CSV)
   */
  public static Recipe forData(Path data) {
    return thumbnails();
  }

  /**
   * The recipe of {@code drtune demo}: {@link #thumbnails()} with 4 epochs per member, so that the
   * whole demo (weights, data, training, evaluation, export, classification) takes a few minutes on
   * 2 CPU cores.
   */
  public static Recipe demo() {
    Recipe r = thumbnails();
    return r.withTraining(r.training().toBuilder().epochs(4).build())
        .named("demo", "the thumbnail recipe with 4 epochs per member, to finish in minutes");
  }
}
