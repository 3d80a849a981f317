package org.drtune.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drtune.Precision;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.QualityMeasures;
import org.drtune.internal.model.CardJson;
import org.drtune.internal.model.ModelFiles;
import org.drtune.training.TrainingConfig;

/**
 * Everything needed to use and to trust a fine-tuned model, written as {@code model-card.json} next
 * to the SavedModel: the backbone and its checksum, the classes, the exact preprocessing (inference
 * repeats it), the strategy and frozen layers with per-variable checksums, the hyper-parameters and
 * seed, the per-epoch history, the final validation metrics and the library versions.
 *
 * @param formatVersion version of this card's format ({@value #FORMAT_VERSION})
 * @param createdAt ISO-8601 time the model was exported
 * @param backbone name of the pretrained backbone
 * @param backboneChecksum sha256 over the backbone's weight-file checksums
 * @param classes class names in output order
 * @param labelScheme what the outputs mean: {@code grades} (output k = DR grade k) or {@code
 *     referable} (0 = grade 0–1, 1 = grade ≥ 2)
 * @param recipe the recipe trained and why ({@code name: reason}); null in cards written before it
 *     was recorded
 * @param preprocessing the preprocessing applied to every image, in training and at inference
 * @param strategy transfer strategy
 * @param cutNode backbone node the head is attached to
 * @param frozenLayers layer groups kept frozen
 * @param frozenVariables sha256 of each frozen variable's float32 LE bytes (equal to the imported
 *     weights')
 * @param trainableVariables sha256 of each trained variable at export
 * @param training the hyper-parameters (including the seed)
 * @param data description of the training data (path, format, sizes, class counts) and, under
 *     {@code featureReference}, the feature reference file next to the SavedModel ({@code file},
 *     {@code photographs}, {@code k}, {@code limit}, {@code sha256}; verified when the model loads;
 *     see {@link QualityMeasures#featureDistance()})
 * @param history one record per epoch
 * @param bestEpoch the epoch whose weights were exported
 * @param validation metrics of the exported model on the validation split
 * @param screening the referral threshold and quality limits; null in cards written before they
 *     were recorded (then the predicted grade decides and the default quality limits apply)
 * @param versions drtune, TensorFlow Java and native TensorFlow versions
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
    int formatVersion,
    String createdAt,
    String backbone,
    String backboneChecksum,
    List<String> classes,
    LabelScheme labelScheme,
    String recipe,
    Preprocessing preprocessing,
    String strategy,
    String cutNode,
    List<String> frozenLayers,
    Map<String, String> frozenVariables,
    Map<String, String> trainableVariables,
    TrainingConfig training,
    Map<String, Object> data,
    List<EpochRecord> history,
    int bestEpoch,
    Evaluation validation,
    Screening screening,
    Map<String, String> versions) {

  /** Current format version. */
  public static final int FORMAT_VERSION = 1;

  /** File name of the card. */
  public static final String FILE_NAME = ModelFiles.MODEL_CARD;

  /** Checks the card is usable. */
  public ModelCard {
    if (classes == null || classes.size() < 2) {
      throw new IllegalArgumentException("a model card needs at least two classes");
    }
    if (preprocessing == null) {
      throw new IllegalArgumentException("a model card needs its preprocessing");
    }
    classes = List.copyOf(classes);
    labelScheme = labelScheme == null ? LabelScheme.forClasses(classes.size()) : labelScheme;
  }

  /** The precision the model was trained in (fp32 for cards without training settings). */
  public Precision precision() {
    return training == null ? Precision.FP32 : training.precision();
  }

  /**
   * Whether the model learnt from mirrored photographs too ({@code mirrors}): test-time
   * augmentation then averages all eight views, not the four rotations. False for cards without
   * training settings.
   */
  public boolean learntFromMirrors() {
    return training != null && training.mirrors();
  }

  /** Number of classes. */
  public int numClasses() {
    return classes.size();
  }

  /** The card as JSON. */
  public String toJson() {
    return CardJson.toJson(this);
  }

  /** Writes the card to {@code file} atomically. */
  public void write(Path file) throws IOException {
    CardJson.write(file, this);
  }

  /**
   * Reads a card.
   *
   * @throws IOException when the file is missing or is not a model card (the message says which)
   */
  public static ModelCard read(Path file) throws IOException {
    return CardJson.read(
        file, ModelCard.class, "model card", ModelCard::formatVersion, FORMAT_VERSION);
  }
}
