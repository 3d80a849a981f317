package org.drtune.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtune.internal.data.TrainValidationSplit;

/**
 * Every held-out prediction of a cross-validation result file, pooled over its folds.
 *
 * @param keys each row's {@code fold:index}, unique over the folds
 * @param folds each row's fold
 * @param labels each row's true class
 * @param probabilities each row's class probabilities (rotation-averaged with {@code tta})
 * @param ids each row's image id (null entries when the data had none)
 * @param patientOf each row's patient (null entries when the id names none)
 * @param epochSeconds the wall time of every training epoch of every fold, summed, in seconds
 * @param epochs the training epochs run, summed over the folds
 */
record HeldOut(
    List<String> keys,
    List<Integer> folds,
    List<Integer> labels,
    List<float[]> probabilities,
    List<String> ids,
    List<String> patientOf,
    double epochSeconds,
    int epochs) {

  /**
   * Loads {@code out/NAME.json}.
   *
   * @param tta the rotation-averaged probabilities instead of one pass
   * @throws IllegalArgumentException when the file is missing or holds no predictions
   */
  static HeldOut load(Path out, String name, boolean tta) throws IOException {
    Path file = Experiments.resultFile(out, name, "'" + name + "'");
    JsonNode rec = Experiments.JSON.readTree(file.toFile());
    HeldOut h =
        new HeldOut(
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            0,
            0);
    double epochSeconds = 0;
    int epochs = 0;
    for (JsonNode fold : rec.path("result").path("folds")) {
      JsonNode p = fold.path("predictions");
      if (p.isMissingNode() || p.isNull()) {
        throw new IllegalArgumentException(
            "'" + name + "': " + file + " has no held-out probabilities");
      }
      h.add(Experiments.JSON.treeToValue(p, CrossValidation.FoldPredictions.class), tta);
      for (JsonNode e : fold.path("history")) {
        epochSeconds += e.path("seconds").asDouble();
        epochs++;
      }
    }
    if (h.labels.isEmpty()) {
      throw new IllegalArgumentException("'" + name + "': " + file + " holds no folds");
    }
    return new HeldOut(
        h.keys, h.folds, h.labels, h.probabilities, h.ids, h.patientOf, epochSeconds, epochs);
  }

  private void add(CrossValidation.FoldPredictions fp, boolean tta) {
    float[][] rows = tta ? fp.tta() : fp.plain();
    for (int i = 0; i < fp.heldOut().length; i++) {
      keys.add(fp.fold() + ":" + fp.heldOut()[i]);
      folds.add(fp.fold());
      labels.add(fp.labels()[i]);
      probabilities.add(rows[i]);
      String id = fp.ids() != null ? fp.ids().get(i) : null;
      ids.add(id);
      patientOf.add(
          fp.patients() != null
              ? fp.patients().get(i)
              : id == null ? null : TrainValidationSplit.patientOf(id).orElse(null));
    }
  }

  /** The patients as an array, or null when some image names none. */
  String[] patients() {
    return Experiments.allNamed(patientOf);
  }

  /** The labels as an array. */
  int[] labelArray() {
    return labels.stream().mapToInt(Integer::intValue).toArray();
  }
}
