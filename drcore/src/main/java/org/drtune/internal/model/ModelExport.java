package org.drtune.internal.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Writes models in the drtune layout ({@link ModelFiles}): the SavedModel with its {@link
 * ServingSignature} and the card, or an ensemble folder, always into a fresh folder renamed into
 * place, so an older model at the same place is replaced only by a complete new one.
 */
public final class ModelExport {
  private ModelExport() {}

  /**
   * Exports the session's graph as a SavedModel (tag {@code serve}) into the new folder {@code dir}
   * with the serving signature: {@code inputNode} as {@link ServingSignature#INPUT}, {@code
   * probabilitiesNode} and {@code gradeNode} as its outputs. The caller makes the write atomic
   * ({@link #writeModel}).
   *
   * @throws IOException when TensorFlow cannot write the folder (the cause is kept)
   */
  public static void exportSavedModel(
      Graph graph,
      Session session,
      String inputNode,
      String probabilitiesNode,
      String gradeNode,
      Path dir)
      throws IOException {
    Signature sig =
        Signature.builder()
            .key(ServingSignature.KEY)
            .input(ServingSignature.INPUT, graph.outputOrThrow(inputNode))
            .output(ServingSignature.PROBABILITIES, graph.outputOrThrow(probabilitiesNode))
            .output(ServingSignature.GRADE, graph.outputOrThrow(gradeNode))
            .build();
    try {
      SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(sig).export();
    } catch (TensorFlowException e) {
      throw new IOException("cannot export the SavedModel to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a single model folder at {@code modelDir}: {@code savedModel} fills a fresh folder, the
   * card goes next to it, then the folder replaces whatever was at {@code modelDir}.
   */
  public static void writeModel(Path modelDir, AtomicFiles.FolderWriter savedModel, ModelCard card)
      throws IOException {
    AtomicFiles.replaceFolder(
        modelDir,
        dir -> {
          savedModel.write(dir);
          CardJson.write(dir.resolve(ModelFiles.MODEL_CARD), card);
        });
  }

  /**
   * Writes an ensemble folder at {@code modelDir}: a copy of every member's model folder as {@code
   * member-K/} and the ensemble card, which must pin exactly those members ({@link #member}).
   */
  public static void writeEnsemble(Path modelDir, List<Path> memberModelDirs, EnsembleCard card)
      throws IOException {
    if (memberModelDirs.size() != card.members().size()) {
      throw new IllegalArgumentException(
          memberModelDirs.size()
              + " member folders for an ensemble card with "
              + card.members().size()
              + " members");
    }
    AtomicFiles.replaceFolder(
        modelDir,
        dir -> {
          for (int m = 0; m < memberModelDirs.size(); m++) {
            AtomicFiles.copyTree(
                memberModelDirs.get(m), dir.resolve(card.members().get(m).folder()));
          }
          CardJson.write(dir.resolve(ModelFiles.ENSEMBLE_CARD), card);
        });
  }

  /**
   * The ensemble card's entry for member {@code index} (from 0) exported at {@code memberModelDir}.
   */
  public static EnsembleCard.Member member(int index, long seed, Path memberModelDir)
      throws IOException {
    return new EnsembleCard.Member(
        ModelFiles.memberFolder(index),
        seed,
        Digests.sha256(memberModelDir.resolve(ModelFiles.MODEL_CARD)));
  }
}
