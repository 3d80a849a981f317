package org.drtune.training;

import java.util.Objects;
import org.drtune.model.Preprocessing;
import org.drtune.models.internal.RecordCopy;

/**
 * A named fine-tuning recipe: the hyper-parameters, the preprocessing and the ensemble size that go
 * together, and why they were chosen. {@link Recipes} names the cross-validated ones; {@link
 * FineTuneRequest} runs the one {@link Recipes#forData} picks unless the caller sets its parts.
 *
 * @param name short name, recorded in the model card (e.g. {@code thumbnails})
 * @param reason why this recipe, in one sentence (printed by {@code drtune train}, recorded in the
 *     card)
 * @param training the hyper-parameters
 * @param preprocessing the preprocessing (its input size equals {@code training.inputSize()})
 * @param ensembleMembers how many models with consecutive seeds are trained and averaged (1 = a
 *     single model)
 */
public record Recipe(
    String name,
    String reason,
    TrainingConfig training,
    Preprocessing preprocessing,
    int ensembleMembers) {

  /** Checks the parts and aligns the preprocessing's input size with the training's. */
  public Recipe {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(training, "training");
    preprocessing =
        Objects.requireNonNull(preprocessing, "preprocessing").withInputSize(training.inputSize());
    if (ensembleMembers < 1) {
      throw new IllegalArgumentException(
          "ensembleMembers must be at least 1, got " + ensembleMembers);
    }
  }

  /** This recipe with other hyper-parameters. */
  public Recipe withTraining(TrainingConfig t) {
    return RecordCopy.with(this, "training", t);
  }

  /** This recipe with other preprocessing. */
  public Recipe withPreprocessing(Preprocessing p) {
    return RecordCopy.with(this, "preprocessing", p);
  }

  /** This recipe with another ensemble size. */
  public Recipe withEnsembleMembers(int members) {
    return RecordCopy.with(this, "ensembleMembers", members);
  }

  /** This recipe under another name and reason (e.g. after the caller changed parts of it). */
  public Recipe named(String newName, String newReason) {
    return RecordCopy.with(this, "name", newName, "reason", newReason);
  }
}
