package org.drtune.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.grading.LabelScheme;
import org.drtune.internal.model.FeatureReference;
import org.drtune.internal.model.Versions;
import org.drtune.model.ModelCard;
import org.drtune.model.Preprocessing;
import org.drtune.model.Screening;

/**
 * Builds a {@link ModelCard} from typed parts, each set by the step of a fine-tune that knows it:
 * the backbone once imported, the classes and recipe once chosen, the network once built, the
 * history once trained, the validation once evaluated. {@link #build()} names the first part that
 * is missing. The card's free-form {@code data} section is written from a typed {@link
 * DataSection}, in the key order cards have always had.
 */
final class ModelCardBuilder {
  private String backbone;
  private String backboneChecksum;
  private LabelScheme labelScheme;
  private List<String> classes;
  private String recipe;
  private Preprocessing preprocessing;
  private Network network;
  private TrainingConfig training;
  private DataSection data;
  private List<EpochRecord> history;
  private int bestEpoch;
  private Evaluation validation;
  private Screening screening;

  /**
   * What the fine-tuning graph is: strategy, cut and frozen layers, and the sha256 of every frozen
   * and trained variable.
   *
   * @param strategy the transfer strategy's command-line name ({@code linear}, {@code
   *     early-features}, {@code full}, {@code frozen-prefix})
   * @param cutNode the backbone node the head is attached to
   * @param frozenLayers the layer groups kept frozen, in network order (empty when every layer
   *     trains)
   * @param frozenVariables variable name → sha256 of its float32 little-endian bytes, for every
   *     frozen variable (equal to the imported weights')
   * @param trainableVariables variable name → sha256 of its float32 little-endian bytes at export,
   *     for every trained variable (the head's included)
   */
  public record Network(
      String strategy,
      String cutNode,
      List<String> frozenLayers,
      Map<String, String> frozenVariables,
      Map<String, String> trainableVariables) {}

  /**
   * The feature reference file next to the SavedModel, as the card describes it.
   *
   * @param node the node whose pooled values it holds
   * @param photographs how many training photographs it holds
   * @param k which nearest reference photograph a new picture's distance is measured to (at most
   *     {@code photographs - 1})
   * @param limit the calibrated distance (a quantile of the reference photographs' leave-one-out
   *     distances) beyond which a picture that fills the frame is not taken for a fundus
   *     photograph; positive
   * @param sha256 the file's checksum (verified when the model loads)
   */
  public record ReferenceEntry(String node, int photographs, int k, double limit, String sha256) {}

  /**
   * The card's {@code data} section: what the model was trained on and how.
   *
   * @param path the data as given (no machine path is made up)
   * @param trainImages photographs of the training set (after those the quality check left out,
   *     when asked; an unreadable one is counted here and in {@code skippedImages})
   * @param validationImages photographs of the validation set, on which the epoch was selected and
   *     the threshold chosen (counted as {@code trainImages} is)
   * @param trainClassCounts the training photographs per class, in class order
   * @param validationClassCounts the validation photographs per class, in class order
   * @param skippedImages photographs that could not be read and were left out (0 with {@code
   *     strict})
   * @param ungradableSkipped photographs the quality check left out, or null when it was not asked
   * @param device {@code cpu} or the GPU used
   * @param precision the precision the network ran in
   * @param featureCache the cache's storage ({@code float16}, {@code float32}) or {@code off}
   * @param classWeights the loss weights per class, or null without class weighting
   * @param featureReference the feature reference, or null when the model has none
   * @param seconds wall time of each phase, in order
   */
  public record DataSection(
      String path,
      int trainImages,
      int validationImages,
      List<Integer> trainClassCounts,
      List<Integer> validationClassCounts,
      int skippedImages,
      Integer ungradableSkipped,
      String device,
      String precision,
      String featureCache,
      List<Double> classWeights,
      ReferenceEntry featureReference,
      Map<String, Double> seconds) {

    /** This section with other phase times (the export's is known only after the export). */
    public DataSection withSeconds(Map<String, Double> s) {
      return org.drtune.models.internal.RecordCopy.with(this, "seconds", s);
    }

    /** The section as the card writes it. */
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", path);
      m.put("trainImages", trainImages);
      m.put("validationImages", validationImages);
      m.put("trainClassCounts", trainClassCounts);
      m.put("validationClassCounts", validationClassCounts);
      m.put("skippedImages", skippedImages);
      m.put("ungradableSkipped", ungradableSkipped == null ? "not checked" : ungradableSkipped);
      m.put("device", device);
      m.put("precision", precision);
      m.put("featureCache", featureCache);
      if (classWeights != null) {
        m.put("classWeights", new ArrayList<>(classWeights));
      }
      if (featureReference != null) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("file", FeatureReference.FILE);
        ref.put("node", featureReference.node());
        ref.put("photographs", featureReference.photographs());
        ref.put("k", featureReference.k());
        ref.put("limit", featureReference.limit());
        ref.put("sha256", featureReference.sha256());
        m.put(FeatureReference.CARD_KEY, ref);
      }
      m.put("seconds", new LinkedHashMap<>(seconds));
      return m;
    }
  }

  /** The backbone's name and the sha256 over its weight files' checksums. */
  public ModelCardBuilder backbone(String name, String checksum) {
    this.backbone = name;
    this.backboneChecksum = checksum;
    return this;
  }

  /** The label scheme, and the class names it gives {@code numClasses} outputs. */
  public ModelCardBuilder classes(LabelScheme scheme, int numClasses) {
    this.labelScheme = scheme;
    this.classes = scheme.classNames(numClasses);
    return this;
  }

  /** The recipe trained and why. */
  public ModelCardBuilder recipe(String name, String reason) {
    this.recipe = name + ": " + reason;
    return this;
  }

  /** The preprocessing inference repeats. */
  public ModelCardBuilder preprocessing(Preprocessing p) {
    this.preprocessing = p;
    return this;
  }

  /** The fine-tuning graph. */
  public ModelCardBuilder network(Network n) {
    this.network = n;
    return this;
  }

  /** The hyper-parameters (seed included). */
  public ModelCardBuilder training(TrainingConfig cfg) {
    this.training = cfg;
    return this;
  }

  /** The data section. */
  public ModelCardBuilder data(DataSection d) {
    this.data = d;
    return this;
  }

  /** One record per epoch, and the epoch whose weights are exported. */
  public ModelCardBuilder history(List<EpochRecord> records, int best) {
    this.history = records;
    this.bestEpoch = best;
    return this;
  }

  /** The exported model's validation metrics and the screening rule chosen on them. */
  public ModelCardBuilder validation(Evaluation v, Screening s) {
    this.validation = v;
    this.screening = s;
    return this;
  }

  /**
   * The card, created now, with the versions of this build.
   *
   * @throws IllegalStateException naming the first part not set
   */
  public ModelCard build() {
    require(backbone, "backbone");
    require(labelScheme, "classes");
    require(recipe, "recipe");
    require(preprocessing, "preprocessing");
    require(network, "network");
    require(training, "training");
    require(data, "data");
    require(history, "history");
    require(validation, "validation");
    return new ModelCard(
        ModelCard.FORMAT_VERSION,
        Instant.now().toString(),
        backbone,
        backboneChecksum,
        classes,
        labelScheme,
        recipe,
        preprocessing,
        network.strategy(),
        network.cutNode(),
        network.frozenLayers(),
        network.frozenVariables(),
        network.trainableVariables(),
        training,
        data.toMap(),
        history,
        bestEpoch,
        validation,
        screening,
        Versions.current());
  }

  private static void require(Object part, String name) {
    if (part == null) {
      throw new IllegalStateException("the model card's " + name + " was not set");
    }
  }

  /** {@code card} with the data section {@code d} (the same card otherwise). */
  public static ModelCard withData(ModelCard card, DataSection d) {
    Objects.requireNonNull(d, "d");
    return org.drtune.models.internal.RecordCopy.with(card, "data", d.toMap());
  }
}
