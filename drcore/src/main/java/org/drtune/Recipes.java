package org.drtune;


/**
 * The named fine-tuning recipes: the default of {@code drtune train} (chosen by cross-validation on RetinaMNIST, see
 * docs/RESULTS.md) and the faster one of {@code drtune demo}.
 */
public final class Recipes {
  private Recipes() {}

  /** Input size of the default recipe: RetinaMNIST's 28×28 photographs gain nothing from 224 (docs/RESULTS.md). */
  public static final int INPUT_SIZE = 112;

  /**
   * The default recipe of {@code drtune train}, the best of the cross-validated settings in docs/RESULTS.md
   * ({@code e12}, table 3): the mission's frozen prefix (conv1, conv2), 112×112 input, Adam at 1e-4 with the new
   * head at 10×, decay 0.9 per epoch, L2 1e-4, dropout 0.4, random 90° rotations, up to 12 epochs with early
   * stopping (patience 3) on the validation loss. {@code drtune train} trains it {@link #ensembleMembers()} times
   * with consecutive seeds and exports the ensemble; {@code drtune predict} and {@code evaluate} add rotation
   * test-time augmentation by default.
   */
  public static TrainingConfig trainDefault() {
    return TrainingConfig.builder().strategy(Strategy.FROZEN_PREFIX).inputSize(INPUT_SIZE).epochs(12)
        .optimizer(OptimizerKind.ADAM).learningRate(1e-4).headLrMultiplier(10).lrDecay(0.9).patience(3).build();
  }

  /**
   * Models in the default ensemble of {@code drtune train} and {@code demo}: three seeds of the default recipe,
   * whose averaged probabilities were steadier and better in cross-validation than one model (docs/RESULTS.md).
   * A compile-time constant for option descriptions; code should call {@link #ensembleMembers()}.
   */
  public static final int ENSEMBLE_MEMBERS = 3;

  /** {@link #ENSEMBLE_MEMBERS}, read at run time (not inlined into callers compiled against another version). */
  public static int ensembleMembers() {
    return ENSEMBLE_MEMBERS;
  }

  /** The preprocessing of the default recipe: border crop, pad to square, resize, BGR minus the ImageNet mean. */
  public static Preprocessing trainPreprocessing() {
    return Preprocessing.defaults().withInputSize(INPUT_SIZE);
  }

  /**
   * The recipe of {@code drtune demo}: the default recipe with 4 epochs (and, like {@code train}, an ensemble of
   * {@link #ensembleMembers()} seeds), so that the whole demo (weights, data, training, evaluation, export,
   * classification) takes a few minutes on 2 CPU cores.
   */
  public static TrainingConfig demo() {
    return trainDefault().toBuilder().epochs(4).build();
  }

  /** The preprocessing of the demo. */
  public static Preprocessing demoPreprocessing() {
    return trainPreprocessing();
  }
}
