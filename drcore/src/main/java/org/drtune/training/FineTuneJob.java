package org.drtune.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.drtune.eval.Evaluation;
import org.drtune.eval.Predictions;
import org.drtune.features.FeatureProvider;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.SkippedImage;
import org.drtune.internal.data.DatasetSplits;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;

/**
 * A whole fine-tune, from data on disk to an exported model: open the data, choose the recipe, find
 * and verify the backbone, build the fine-tuning graph, train with checkpoints and early stopping,
 * evaluate the best epoch on the validation split, export the SavedModel with its model card
 * (atomically, replacing an older model only once the new one is complete), and write the report.
 * Progress goes to the {@link TrainingListener}; warnings (such as the CPU fall-back of {@code
 * --device auto}) to the SLF4J logger {@code org.drtune}. With an ensemble recipe it trains every
 * member in its own run folder and exports them as one ensemble folder that {@link DrClassifier}
 * loads like a single model.
 */
public final class FineTuneJob {
  private FineTuneJob() {}

  /**
   * What a fine-tune produced.
   *
   * @param modelDir the exported model (SavedModel and model card, or an ensemble folder); load it
   *     with {@link DrClassifier#load}
   * @param recipe the recipe that was trained
   * @param card the model card (of the first member, for an ensemble)
   * @param ensembleCard the ensemble card, or null for a single model
   * @param validation metrics of the exported model on the validation split
   * @param report the HTML report
   * @param skipped images that could not be read and were left out
   * @param validationPredictions the exported model's probabilities on the validation split (for an
   *     ensemble: the mean of its members')
   * @param memberCards the model card of every member of an ensemble; just {@code card} for a
   *     single model
   * @param ungradable the training and validation photographs the quality check refused and that
   *     were left out, with the reason; empty unless the request asked for it ({@link
   *     FineTuneRequest#skipUngradable()}), or when none was refused
   */
  public record Result(
      Path modelDir,
      Recipe recipe,
      ModelCard card,
      EnsembleCard ensembleCard,
      Evaluation validation,
      Path report,
      List<SkippedImage> skipped,
      Predictions validationPredictions,
      List<ModelCard> memberCards,
      List<SkippedImage> ungradable) {
    /** Copies the lists. */
    public Result {
      skipped = List.copyOf(skipped);
      ungradable = ungradable == null ? List.of() : List.copyOf(ungradable);
      memberCards = memberCards == null ? List.of(card) : List.copyOf(memberCards);
    }

    /** Number of models in the exported model: 1, or the ensemble's size. */
    public int members() {
      return memberCards.size();
    }
  }

  /**
   * Runs the fine-tune the request describes: the recipe {@link Recipes#forData} picks for its
   * data, with the parts the request sets in their place; an ensemble when the recipe has more than
   * one member. The data is opened and checked before anything is announced to {@code listener}.
   *
   * @throws IOException when the data or weights cannot be read or the outputs cannot be written
   * @throws TrainingDivergedException when the loss becomes NaN (checkpoints stay intact)
   */
  public static Result run(FineTuneRequest req, TrainingListener listener) throws IOException {
    return run(req, listener, null);
  }

  /**
   * As {@link #run(FineTuneRequest, TrainingListener)}, with the frozen features computed by {@code
   * features} (for example on a Spark cluster) instead of this JVM; the head and every trainable
   * layer still train here, from the run's feature cache. Null computes them here.
   *
   * @throws IllegalArgumentException when {@code features} is given but the request does not train
   *     from the feature cache, or its photographs are not files (an {@code .npz})
   */
  public static Result run(FineTuneRequest req, TrainingListener listener, FeatureProvider features)
      throws IOException {
    Recipe recipe = req.recipe(Recipes.forData(req.data()));
    if (features != null && !req.usesFeatureCache(recipe.training())) {
      throw new IllegalArgumentException(
          "a feature provider computes the feature cache, but this run trains without one: turn it"
              + " on (FineTuneRequest.withFeatureCache(true, ...), --cache-features) or use a"
              + " head-only strategy or a frozen prefix");
    }
    long start = System.nanoTime();
    DatasetSplits splits = openData(req, recipe.training());
    double dataSeconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    listener.recipeChosen(recipe);
    MemberRun.BackboneSource backbones = importOnce(req);
    MemberRun.Plan plan =
        new MemberRun.Plan(
            req, recipe, recipe.training(), cacheDir(req.runDir()), listener, features);
    if (recipe.ensembleMembers() > 1) {
      return EnsembleRun.run(plan, splits, dataSeconds, backbones);
    }
    Result r = MemberRun.run(plan, splits, dataSeconds, backbones);
    AtomicFiles.deleteRecursively(cacheDir(req.runDir()));
    return r;
  }

  /**
   * The training and validation splits of the request's data, read for the classes {@code cfg}
   * trains.
   *
   * @throws IllegalArgumentException when the validation split is empty (model selection needs it)
   */
  private static DatasetSplits openData(FineTuneRequest req, TrainingConfig cfg)
      throws IOException {
    LabelScheme scheme = LabelScheme.forClasses(cfg.numClasses());
    DatasetSplits splits =
        Datasets.open(
            req.data(), req.dataOptions().withNumClasses(scheme.dataClasses(cfg.numClasses())));
    if (splits.validation().size() == 0) {
      throw new IllegalArgumentException(
          "the validation split of "
              + req.data()
              + " is empty: model selection"
              + " needs validation images");
    }
    return splits;
  }

  /** The backbone, imported (and verified) once, when the first member asks for it. */
  private static MemberRun.BackboneSource importOnce(FineTuneRequest req) {
    Backbone[] imported = {null};
    return () -> {
      if (imported[0] == null) {
        imported[0] = Backbone.load(req.backbone(), req.assets());
      }
      return imported[0];
    };
  }

  /**
   * The feature cache of a run (shared by an ensemble's members), removed once the model is
   * exported: it is rebuilt in minutes and takes gigabytes.
   */
  private static Path cacheDir(Path runDir) {
    return runDir.resolve("feature-cache");
  }
}
