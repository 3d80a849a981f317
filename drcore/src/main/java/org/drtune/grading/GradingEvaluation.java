package org.drtune.grading;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.drtune.DatasetException;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.internal.eval.EyeFusion;
import org.drtune.internal.eval.PatientPooling;

/**
 * The metrics of a model on a graded split, as {@code drtune evaluate} reports them: over the
 * gradable photographs, and over all of them with the screening convention that a photograph the
 * quality check refuses is referred.
 */
final class GradingEvaluation {
  private GradingEvaluation() {}

  /**
   * Evaluates {@code g}, a labelled split graded by a model with {@code numClasses} outputs.
   *
   * @param threshold the referral threshold in force (empty: the predicted grade decides)
   * @throws DatasetException when the split holds no readable photograph
   */
  static DataEvaluation of(
      Grading g,
      Patients patients,
      Path data,
      Path model,
      int members,
      boolean testTimeAugmentation,
      int numClasses,
      OptionalDouble threshold)
      throws DatasetException {
    String splitName = g.source().substring(0, g.source().indexOf(' '));
    if (g.graded().isEmpty()) {
      throw new DatasetException(
          g.skipped().isEmpty()
              ? "the " + splitName + " split of " + data + " holds no images"
              : "none of the "
                  + g.skipped().size()
                  + " images of the "
                  + splitName
                  + " split of "
                  + data
                  + " could be read");
    }
    LabelScheme scheme = g.labelScheme();
    EvaluationOptions eo = scheme.evaluationOptions();
    if (threshold.isPresent() && threshold.getAsDouble() <= 1) {
      eo = eo.withDecisionThreshold(threshold.getAsDouble());
    }
    Tables t = tables(g, scheme, numClasses);
    Evaluation graded = null;
    Evaluation fused = null;
    if (!t.gradable().isEmpty()) {
      int[] labels = t.gradable().stream().mapToInt(i -> t.labels()[i]).toArray();
      float[][] probs =
          t.gradable().stream().map(i -> t.probabilities()[i]).toArray(float[][]::new);
      graded = Evaluation.of(labels, probs, eo);
      if (patients.otherEyeWeight() > 0) {
        List<String> ids = t.gradable().stream().map(i -> g.graded().get(i).id()).toList();
        PatientNaming naming = patients.naming();
        fused =
            Evaluation.of(
                labels,
                EyeFusion.fuse(ids, probs, naming::identify, patients.otherEyeWeight()),
                eo);
      }
    }
    Evaluation all =
        t.rejected().isEmpty() ? graded : Evaluation.of(t.labels(), t.probabilities(), eo);
    return new DataEvaluation(
        model.toString(),
        data.toString(),
        splitName,
        g.note(),
        members,
        testTimeAugmentation,
        g.skipped().size(),
        g.skipped(),
        graded,
        g.graded().size(),
        t.rejected().size(),
        Arrays.stream(t.rejectedByGrade()).boxed().toList(),
        t.rejected(),
        all,
        patients(patients, fused, scheme, numClasses));
  }

  /**
   * How the photographs are pooled per patient.
   *
   * @param pooling the graded photographs pooled per patient
   * @param naming how their ids name patients and eyes
   * @param threshold the patient-level referral threshold (empty: the worse eye's grade decides)
   * @param otherEyeWeight the other eye's weight in each photograph's probabilities
   */
  record Patients(
      PatientPooling.Pooling pooling,
      PatientNaming naming,
      OptionalDouble threshold,
      double otherEyeWeight) {}

  /**
   * The patient-level metrics of {@code pooling}, or null when no photograph named a patient or no
   * patient has a known grade.
   */
  private static DataEvaluation.PatientLevel patients(
      Patients p, Evaluation fusedPhotographs, LabelScheme scheme, int numClasses) {
    PatientPooling.Pooling pooling = p.pooling();
    OptionalDouble threshold = p.threshold();
    PatientPooling.Table all = PatientPooling.table(pooling, true, numClasses);
    if (all.size() == 0) {
      return null;
    }
    EvaluationOptions eo = scheme.evaluationOptions();
    if (threshold.isPresent() && threshold.getAsDouble() <= 1) {
      eo = eo.withDecisionThreshold(threshold.getAsDouble());
    }
    PatientPooling.Table gradable = PatientPooling.table(pooling, false, numClasses);
    return new DataEvaluation.PatientLevel(
        p.naming().regex(),
        all.size(),
        all.size() - gradable.size(),
        gradable.size() == 0
            ? null
            : Evaluation.of(gradable.labels(), gradable.probabilities(), eo),
        Evaluation.of(all.labels(), all.probabilities(), eo),
        pooling.unassigned().size(),
        p.otherEyeWeight(),
        fusedPhotographs);
  }

  /**
   * Every graded photograph's label and probabilities, a refused one counted as referred (all its
   * probability on the last class), and which were gradable and which refused.
   */
  private record Tables(
      int[] labels,
      float[][] probabilities,
      List<Integer> gradable,
      List<DataEvaluation.Rejected> rejected,
      int[] rejectedByGrade) {}

  private static Tables tables(Grading g, LabelScheme scheme, int k) {
    int n = g.graded().size();
    int[] labels = new int[n];
    float[][] probs = new float[n][];
    List<Integer> gradable = new ArrayList<>();
    int[] rejectedByGrade = new int[scheme.dataClasses(k)];
    List<DataEvaluation.Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      GradedImage gi = g.graded().get(i);
      labels[i] = scheme.labelOf(gi.label());
      if (gi.result().gradable()) {
        gradable.add(i);
        probs[i] = gi.result().probabilityArray();
      } else {
        // the screening convention: a photograph that cannot be graded is referred
        probs[i] = new float[k];
        probs[i][k - 1] = 1;
        rejectedByGrade[Math.min(rejectedByGrade.length - 1, Math.max(0, gi.label()))]++;
        rejected.add(new DataEvaluation.Rejected(gi.id(), gi.label(), gi.result().ungradable()));
      }
    }
    return new Tables(labels, probs, gradable, rejected, rejectedByGrade);
  }
}
