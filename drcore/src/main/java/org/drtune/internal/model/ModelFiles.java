package org.drtune.internal.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk layout of drtune models, in one place.
 *
 * <pre>
 * RUN_DIR/
 *   model/                     a single model: SavedModel + model-card.json
 *     saved_model.pb, variables/, model-card.json,
 *     feature-reference.bin    the training photographs' features (FeatureReference; pinned by
 *                              sha256 in the card; absent in models written before it existed)
 *   model/                     or an ensemble: ensemble.json pinning each member's card by sha256
 *     ensemble.json, member-1/ (a single model folder), member-2/, ...
 *   model-card.json | ensemble.json   a copy of the model's card, for reading without opening model/
 *   members/member-K/          an ensemble member's own run folder (checkpoints, model, report)
 * </pre>
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** Folder of the exported model inside a run folder. */
  public static final String MODEL_DIR = "model";

  /** Folder of an ensemble's member runs inside its run folder. */
  public static final String MEMBERS_DIR = "members";

  /** File name of a single model's card. */
  public static final String MODEL_CARD = "model-card.json";

  /** File name of an ensemble's card. */
  public static final String ENSEMBLE_CARD = "ensemble.json";

  /** The SavedModel's graph file. */
  public static final String SAVED_MODEL = "saved_model.pb";

  /**
   * Folder of member {@code index} (from 0) of an ensemble: {@code member-1}, {@code member-2}, ...
   */
  public static String memberFolder(int index) {
    return "member-" + (index + 1);
  }

  /**
   * The model folder for {@code dir}: its {@code model/} folder when {@code dir} is a run folder
   * (no SavedModel of its own but a {@code model/} folder; its card files are copies), else {@code
   * dir}.
   */
  public static Path modelFolder(Path dir) {
    if (!Files.exists(dir.resolve(SAVED_MODEL)) && Files.isDirectory(dir.resolve(MODEL_DIR))) {
      return dir.resolve(MODEL_DIR);
    }
    return dir;
  }

  /** Whether the model folder holds an ensemble. */
  public static boolean isEnsemble(Path modelDir) {
    return Files.isRegularFile(modelDir.resolve(ENSEMBLE_CARD));
  }
}
