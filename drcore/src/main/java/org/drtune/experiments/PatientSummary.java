package org.drtune.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.PairedDifference;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.PatientNaming;
import org.drtune.internal.eval.EyeFusion;
import org.drtune.internal.eval.PatientPooling;

/**
 * A cross-validated setting seen as a screening programme sees it: per patient, and with each
 * photograph's probabilities mixed with the other eye's as {@code DrClassifier.byPatient} does
 * ({@link org.drtune.model.Screening.Patients}). The other eye's weight of each fold is chosen on
 * the other folds' held-out photographs (never on the fold it is applied to), so the fused metrics
 * are what a model choosing its weight on validation data would show on new patients.
 *
 * @param name the setting
 * @param testTimeAugmentation whether the rotation-averaged probabilities were used
 * @param photographs held-out photographs
 * @param patients patients among them with a known grade
 * @param foldWeights each fold's other-eye weight, chosen on the other folds
 * @param photographsAlone the photographs graded alone (the pooled evaluation of {@link
 *     Experiments#summarize})
 * @param photographsFused the photographs with the other eye fused in
 * @param photographsGain {@code fused - alone}, paired bootstrap over patients
 * @param patientsAlone per patient (the worse eye's grade, the higher eye's referable probability),
 *     the eyes graded apart
 * @param patientsFused per patient with the eyes fused
 * @param patientsGain {@code fused - alone} per patient, paired bootstrap
 */
public record PatientSummary(
    String name,
    boolean testTimeAugmentation,
    int photographs,
    int patients,
    java.util.Map<Integer, Double> foldWeights,
    Evaluation photographsAlone,
    Evaluation photographsFused,
    PairedDifference photographsGain,
    Evaluation patientsAlone,
    Evaluation patientsFused,
    PairedDifference patientsGain) {

  /** Copies the weights. */
  public PatientSummary {
    foldWeights = java.util.Map.copyOf(foldWeights);
  }

  /**
   * Summarises {@code out/NAME.json} per patient.
   *
   * @param naming how the held-out ids name their patient and eye
   * @return empty when some held-out id names no patient and eye under {@code naming}
   * @throws IllegalArgumentException when the file is missing or holds no predictions
   */
  public static Optional<PatientSummary> of(
      Path out, String name, boolean tta, PatientNaming naming) throws IOException {
    HeldOut h = HeldOut.load(out, name, tta);
    Function<String, Optional<PatientNaming.Photo>> who = naming::identify;
    for (String id : h.ids()) {
      if (id == null || who.apply(id).map(PatientNaming.Photo::eye).isEmpty()) {
        return Optional.empty();
      }
    }
    int[] labels = h.labelArray();
    float[][] alone = h.probabilities().toArray(float[][]::new);
    int k = alone[0].length;
    EvaluationOptions eo = Experiments.options(k);
    java.util.Map<Integer, Double> weights = new TreeMap<>();
    float[][] fused = fuseByFold(h, labels, alone, who, eo, weights);
    String[] clusters = h.patients();
    PatientPooling.Table pa = patientTable(h.ids(), labels, alone, who, k);
    PatientPooling.Table pf = patientTable(h.ids(), labels, fused, who, k);
    return Optional.of(
        new PatientSummary(
            name,
            tta,
            labels.length,
            pa.size(),
            weights,
            Evaluation.of(labels, alone, eo, clusters),
            Evaluation.of(labels, fused, eo, clusters),
            Experiments.paired(labels, fused, alone, clusters),
            Evaluation.of(pa.labels(), pa.probabilities(), eo),
            Evaluation.of(pf.labels(), pf.probabilities(), eo),
            Experiments.paired(pa.labels(), pf.probabilities(), pa.probabilities(), null)));
  }

  /** Each fold's photographs fused at the weight chosen on the other folds. */
  private static float[][] fuseByFold(
      HeldOut h,
      int[] labels,
      float[][] probs,
      Function<String, Optional<PatientNaming.Photo>> who,
      EvaluationOptions eo,
      java.util.Map<Integer, Double> weights) {
    float[][] fused = new float[probs.length][];
    for (int fold : new java.util.TreeSet<>(h.folds())) {
      List<Integer> in = new ArrayList<>();
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < probs.length; i++) {
        (h.folds().get(i) == fold ? in : others).add(i);
      }
      double w =
          others.isEmpty()
              ? 0
              : EyeFusion.choose(
                      pick(h.ids(), others),
                      others.stream().mapToInt(i -> labels[i]).toArray(),
                      others.stream().map(i -> probs[i]).toArray(float[][]::new),
                      who,
                      eo)
                  .weight();
      weights.put(fold, w);
      float[][] f =
          EyeFusion.fuse(
              pick(h.ids(), in), in.stream().map(i -> probs[i]).toArray(float[][]::new), who, w);
      for (int j = 0; j < in.size(); j++) {
        fused[in.get(j)] = f[j];
      }
    }
    return fused;
  }

  private static List<String> pick(List<String> ids, List<Integer> rows) {
    return rows.stream().map(ids::get).toList();
  }

  /** The photographs pooled per patient (already fused, so pooled with weight 0). */
  private static PatientPooling.Table patientTable(
      List<String> ids,
      int[] labels,
      float[][] probs,
      Function<String, Optional<PatientNaming.Photo>> who,
      int k) {
    List<PatientPooling.Photo> photos = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      photos.add(new PatientPooling.Photo(ids.get(i), labels[i], probs[i], null));
    }
    int from = k == 2 ? 1 : LabelScheme.REFERABLE_MIN_GRADE;
    return PatientPooling.table(
        PatientPooling.pool(photos, who, from, OptionalDouble.empty(), 0), false, k);
  }
}
