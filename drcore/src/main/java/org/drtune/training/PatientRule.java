package org.drtune.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.drtune.eval.Evaluation;
import org.drtune.eval.Predictions;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.PatientNaming;
import org.drtune.internal.eval.EyeFusion;
import org.drtune.internal.eval.PatientPooling;
import org.drtune.model.Screening;

/**
 * The patient-level referral rule of a model, chosen on its validation patients: the other eye's
 * weight that grades the validation photographs best ({@link EyeFusion}), their fused probabilities
 * pooled per patient (an eye's the mean of its photographs', the patient's referable probability
 * the higher eye's, the label the worse eye's), and the threshold for the target sensitivity on
 * those patients.
 */
final class PatientRule {
  private PatientRule() {}

  /**
   * The rule chosen on {@code validation}, or null when its photographs do not all name a patient
   * (by {@code who}) or there are fewer than two patients.
   */
  static Screening.Patients chosenOn(
      Predictions validation,
      LabelScheme scheme,
      Function<String, Optional<PatientNaming.Photo>> who,
      int numClasses) {
    EyeFusion.Choice fusion =
        EyeFusion.choose(
            validation.ids(),
            validation.labels(),
            validation.probabilities(),
            who,
            scheme.evaluationOptions());
    List<PatientPooling.Photo> photos = new ArrayList<>();
    for (int i = 0; i < validation.ids().size(); i++) {
      photos.add(
          new PatientPooling.Photo(
              validation.ids().get(i),
              validation.labels()[i],
              validation.probabilities()[i],
              null));
    }
    int from =
        scheme == LabelScheme.REFERABLE
            ? scheme.referableMinClass()
            : LabelScheme.REFERABLE_MIN_GRADE;
    PatientPooling.Pooling pooling =
        PatientPooling.pool(photos, who, from, OptionalDouble.empty(), fusion.weight());
    if (!pooling.unassigned().isEmpty() || pooling.patients().size() < 2) {
      return null;
    }
    PatientPooling.Table t = PatientPooling.table(pooling, false, numClasses);
    Evaluation patients = Evaluation.of(t.labels(), t.probabilities(), scheme.evaluationOptions());
    return Screening.Patients.of(
        patients, t.size(), fusion.weight(), fusion.aucAlone(), fusion.aucFused());
  }

  /**
   * Who each photograph of {@code d} shows: what the data says (a label CSV's patient column), else
   * what {@code naming} reads from the id.
   */
  static Function<String, Optional<PatientNaming.Photo>> whoIn(
      org.drtune.internal.data.FundusDataset d, PatientNaming naming) {
    java.util.Map<String, PatientNaming.Photo> known = new java.util.HashMap<>();
    for (int i = 0; i < d.size(); i++) {
      int index = i;
      d.photo(i).ifPresent(p -> known.put(d.id(index), p));
    }
    return id -> known.containsKey(id) ? Optional.of(known.get(id)) : naming.identify(id);
  }
}
