package org.drtune.internal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drtune.grading.ModelLoadException;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;

/**
 * Loads model folders in the drtune layout and verifies them before anything is classified: the
 * card is readable, the SavedModel has the {@link ServingSignature}, its class count matches the
 * card, and every variable the card lists has the card's sha256; an ensemble's members are the ones
 * its card pins and agree on classes, label scheme and preprocessing. Every failure is a {@link
 * ModelLoadException} that names the folder and says what to do.
 */
public final class ModelLoader {
  private ModelLoader() {}

  /**
   * One loaded and verified SavedModel. Close it to free the native model.
   *
   * @param bundle the SavedModel
   * @param card its model card
   * @param inputName the serving input tensor's name
   * @param probabilitiesName the serving probabilities tensor's name
   * @param featuresName the node whose spatially pooled values the {@link FeatureReference} holds
   *     (the end of the frozen prefix), or null when the model has none
   * @param reference the feature reference of its training photographs (verified against the card's
   *     sha256), or null for models written before there was one
   */
  public record Loaded(
      SavedModelBundle bundle,
      ModelCard card,
      String inputName,
      String probabilitiesName,
      String featuresName,
      FeatureReference reference)
      implements AutoCloseable {
    @Override
    public void close() {
      bundle.close();
    }
  }

  /**
   * A loaded model folder: one member, or every member of an ensemble.
   *
   * @param folder the model folder
   * @param members the loaded members, in the ensemble card's order
   * @param ensembleCard the ensemble card, or null for a single model
   */
  public record LoadedFolder(Path folder, List<Loaded> members, EnsembleCard ensembleCard) {}

  /**
   * Loads {@code modelDir} (a model folder, an ensemble folder, or a run folder holding {@code
   * model/}).
   *
   * @throws ModelLoadException when the folder is missing, incomplete or fails a check
   */
  public static LoadedFolder load(
      Path modelDir, java.util.function.Function<ModelCard, ConfigProto> config)
      throws ModelLoadException {
    Path dir = ModelFiles.modelFolder(modelDir);
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(
          "model folder "
              + modelDir
              + " does not exist: pass the model/ folder written by"
              + " drtune train");
    }
    if (ModelFiles.isEnsemble(dir)) {
      EnsembleCard ens = readEnsembleCard(dir);
      return new LoadedFolder(dir, loadEnsemble(dir, ens, config), ens);
    }
    return new LoadedFolder(dir, List.of(loadMember(dir, config)), null);
  }

  /** Reads and checks an ensemble folder's card. */
  public static EnsembleCard readEnsembleCard(Path dir) throws ModelLoadException {
    try {
      return EnsembleCard.read(dir.resolve(ModelFiles.ENSEMBLE_CARD));
    } catch (IOException e) {
      throw new ModelLoadException(
          "cannot read the ensemble card of " + dir + ": " + e.getMessage(), e);
    }
  }

  private static List<Loaded> loadEnsemble(
      Path dir, EnsembleCard ens, java.util.function.Function<ModelCard, ConfigProto> config)
      throws ModelLoadException {
    List<Loaded> loaded = new ArrayList<>();
    try {
      for (EnsembleCard.Member m : ens.members()) {
        Path md = dir.resolve(m.folder());
        checkPinnedCard(dir, m, md.resolve(ModelFiles.MODEL_CARD));
        Loaded member = loadMember(md, config);
        loaded.add(member);
        checkSharedWithFirst(dir, ens, m, loaded.get(0).card(), member.card());
      }
      if (!ens.classes().isEmpty() && !ens.classes().equals(loaded.get(0).card().classes())) {
        throw new ModelLoadException(
            "the ensemble card of "
                + dir
                + " names classes "
                + ens.classes()
                + " but its"
                + " members have "
                + loaded.get(0).card().classes()
                + ": export the ensemble again");
      }
      return loaded;
    } catch (ModelLoadException | RuntimeException e) {
      loaded.forEach(Loaded::close);
      throw e;
    }
  }

  /** Checks that member {@code m} of the ensemble in {@code dir} has the card its ensemble pins. */
  private static void checkPinnedCard(Path dir, EnsembleCard.Member m, Path cardFile)
      throws ModelLoadException {
    if (!Files.isRegularFile(cardFile)) {
      throw new ModelLoadException(
          "ensemble member "
              + m.folder()
              + " of "
              + dir
              + " is missing: the folder is"
              + " incomplete; export the ensemble again with drtune train --ensemble");
    }
    String sha;
    try {
      sha = Digests.sha256(cardFile);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + cardFile + ": " + e.getMessage(), e);
    }
    if (!sha.equals(m.modelCardSha256())) {
      throw new ModelLoadException(
          "the model card of ensemble member "
              + m.folder()
              + " in "
              + dir
              + " is not"
              + " the one the ensemble card pins (sha256 "
              + sha
              + ", expected "
              + m.modelCardSha256()
              + "): the"
              + " member was replaced or altered; export the ensemble again");
    }
  }

  /**
   * Checks that member {@code m} (card {@code c}) has the classes, label scheme and preprocessing
   * of the first member (card {@code first}).
   */
  private static void checkSharedWithFirst(
      Path dir, EnsembleCard ens, EnsembleCard.Member m, ModelCard first, ModelCard c)
      throws ModelLoadException {
    if (!c.classes().equals(first.classes())
        || !Objects.equals(c.labelScheme(), first.labelScheme())
        || !c.preprocessing().equals(first.preprocessing())) {
      throw new ModelLoadException(
          "ensemble member "
              + m.folder()
              + " of "
              + dir
              + " has other classes, label"
              + " scheme or preprocessing than "
              + ens.members().get(0).folder()
              + ": members must share them");
    }
  }

  /** Loads and verifies one model folder (SavedModel + model card). */
  public static Loaded loadMember(
      Path dir, java.util.function.Function<ModelCard, ConfigProto> config)
      throws ModelLoadException {
    if (!Files.isRegularFile(dir.resolve(ModelFiles.SAVED_MODEL))) {
      throw new ModelLoadException(
          dir
              + " holds no "
              + ModelFiles.SAVED_MODEL
              + ": it is not a drtune model folder,"
              + " or the export was interrupted; export it again with drtune train");
    }
    ModelCard card;
    try {
      card = ModelCard.read(dir.resolve(ModelFiles.MODEL_CARD));
    } catch (IOException e) {
      throw new ModelLoadException(
          "cannot read the model card of " + dir + ": " + e.getMessage(), e);
    }
    SavedModelBundle bundle = loadBundle(dir, card, config);
    try {
      return verified(bundle, card, dir);
    } catch (ModelLoadException e) {
      bundle.close();
      throw e;
    } catch (RuntimeException e) {
      bundle.close();
      throw new ModelLoadException(
          "the SavedModel in "
              + dir
              + " has no drtune serving signature ("
              + e.getMessage()
              + "): it was not exported by drtune",
          e);
    }
  }

  private static SavedModelBundle loadBundle(
      Path dir, ModelCard card, java.util.function.Function<ModelCard, ConfigProto> config)
      throws ModelLoadException {
    try {
      return SavedModelBundle.loader(dir.toString())
          .withTags(SavedModelBundle.DEFAULT_TAG)
          .withConfigProto(config.apply(card))
          .load();
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "cannot load the SavedModel in "
              + dir
              + " ("
              + e.getMessage()
              + "): the folder is damaged; export the model again",
          e);
    }
  }

  /**
   * The checks on a loaded SavedModel, in order: the serving signature, the class count, the
   * variables' sha256, the feature reference and its node. A runtime exception means the signature
   * is not drtune's; the caller closes {@code bundle} on any failure.
   */
  private static Loaded verified(SavedModelBundle bundle, ModelCard card, Path dir)
      throws ModelLoadException {
    SignatureDef sig = bundle.metaGraphDef().getSignatureDefOrThrow(ServingSignature.KEY);
    String in = sig.getInputsOrThrow(ServingSignature.INPUT).getName();
    String probs = sig.getOutputsOrThrow(ServingSignature.PROBABILITIES).getName();
    long k = bundle.graph().outputOrThrow(probs).shape().get(1);
    if (k != card.numClasses()) {
      throw new ModelLoadException(
          "the model card of "
              + dir
              + " names "
              + card.numClasses()
              + " classes but the"
              + " SavedModel outputs "
              + k
              + ": the card belongs to another model; export the model again");
    }
    verifyVariables(bundle, card, dir);
    FeatureReference reference = readReference(dir, card);
    String features = reference == null ? null : featuresNode(bundle, card, dir);
    return new Loaded(bundle, card, in, probs, features, reference);
  }

  /** The node the card's feature reference was taken at, checked to be in the SavedModel. */
  private static String featuresNode(SavedModelBundle bundle, ModelCard card, Path dir)
      throws ModelLoadException {
    Object node = referenceEntry(card).get("node");
    if (!(node instanceof String n) || n.isBlank()) {
      throw new ModelLoadException(
          "the model card of "
              + dir
              + " lists a feature reference without the node it was taken at: the card was"
              + " written by a development build or edited; export the model again");
    }
    if (bundle.graph().operation(n) == null) {
      throw new ModelLoadException(
          "the model card of "
              + dir
              + " lists a feature reference at node "
              + n
              + " but the SavedModel has no such node: the card belongs to another model;"
              + " export the model again");
    }
    return n;
  }

  /**
   * Checks every variable listed by the card (frozen and trained) against the SavedModel's restored
   * values, so that a card copied from another model, altered weights, or a model whose {@code
   * variables/} could not be restored (TensorFlow loads a SavedModel without {@code
   * variables.index} and leaves its variables uninitialised) fail here rather than at the first
   * classification or, worse, with silently wrong preprocessing.
   */
  private static void verifyVariables(SavedModelBundle bundle, ModelCard card, Path dir)
      throws ModelLoadException {
    Map<String, String> expected = new LinkedHashMap<>();
    if (card.frozenVariables() != null) {
      expected.putAll(card.frozenVariables());
    }
    if (card.trainableVariables() != null) {
      expected.putAll(card.trainableVariables());
    }
    for (String name : expected.keySet()) {
      if (bundle.graph().operation(name) == null) {
        throw new ModelLoadException(
            "the model card of "
                + dir
                + " lists variable "
                + name
                + ", which the SavedModel"
                + " does not have: the card belongs to another model; export the model again");
      }
    }
    Map<String, float[]> values;
    try {
      values = VariableValues.read(bundle.session(), expected.keySet());
    } catch (RuntimeException ex) {
      throw new ModelLoadException(
          "cannot read the variables of the SavedModel in "
              + dir
              + " ("
              + ex.getMessage()
              + "): its variables/ folder is missing or damaged; export the model again",
          ex);
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String actual = Digests.sha256(values.get(e.getKey()));
      if (!actual.equals(e.getValue())) {
        throw new ModelLoadException(
            "variable "
                + e.getKey()
                + " of the SavedModel in "
                + dir
                + " does not match its"
                + " model card (sha256 "
                + actual
                + ", the card says "
                + e.getValue()
                + "): the card belongs to another"
                + " model or the weights were altered; export the model again");
      }
    }
  }

  private static Map<?, ?> referenceEntry(ModelCard card) {
    Object entry = card.data() == null ? null : card.data().get(FeatureReference.CARD_KEY);
    return entry instanceof Map<?, ?> m ? m : null;
  }

  /**
   * The feature reference the card lists in its {@code data}, checked against its sha256; null when
   * the card lists none (a model written before there was one).
   */
  static FeatureReference readReference(Path dir, ModelCard card) throws ModelLoadException {
    Map<?, ?> ref = referenceEntry(card);
    if (ref == null) {
      return null;
    }
    Path file = dir.resolve(String.valueOf(ref.get("file")));
    if (!file.normalize().startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
      throw new ModelLoadException(
          "the model card of "
              + dir
              + " lists the feature reference "
              + ref.get("file")
              + " but the folder has no such file: copy the whole model folder, or export it"
              + " again");
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      String sha = Digests.sha256(bytes);
      if (!sha.equals(ref.get("sha256"))) {
        throw new ModelLoadException(
            file
                + " has sha256 "
                + sha
                + " but the model card says "
                + ref.get("sha256")
                + ": the file was altered or belongs to another model; export the model again");
      }
      return FeatureReference.fromBytes(bytes, file.toString());
    } catch (IOException e) {
      throw new ModelLoadException(
          "cannot read the feature reference of " + dir + ": " + e.getMessage(), e);
    }
  }
}
