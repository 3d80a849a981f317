package org.drtune.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.drtune.internal.model.AtomicFiles;

/**
 * Many photographs graded per patient ({@link DrClassifier#byPatient}): one result per patient, in
 * the order of the patients' ids, and the photographs whose names say no patient.
 *
 * @param photographs the photographs' own results, as graded
 * @param naming how the photographs named their patient and eye
 * @param patients one result per patient
 * @param unassigned ids of the graded photographs {@code naming} found no patient in
 */
public record PatientGrading(
    Grading photographs,
    PatientNaming naming,
    List<PatientResult> patients,
    List<String> unassigned) {

  /** Copies the lists. */
  public PatientGrading {
    patients = List.copyOf(patients);
    unassigned = List.copyOf(unassigned);
  }

  /**
   * The photographs of {@code g} pooled per patient as {@link DrClassifier#byPatient} does (it
   * calls this with the model's rule): each eye the mean of its gradable photographs, the patient
   * the worse eye's grade and the higher eye's referable probability, referred at {@code threshold}
   * or when an eye could not be graded. For code that has the photographs' results without the
   * model, such as Spark's patient stage.
   *
   * @param referableFrom the first referable class of the model's outputs
   * @param threshold the patient-level referral threshold; empty: the worse eye's grade decides
   * @param otherEyeWeight the other eye's weight in each photograph's probabilities (the model's
   *     {@code Screening.Patients.otherEyeWeight()}; 0: the eyes are graded apart)
   */
  public static PatientGrading pool(
      Grading g,
      PatientNaming naming,
      int referableFrom,
      java.util.OptionalDouble threshold,
      double otherEyeWeight) {
    java.util.List<org.drtune.internal.eval.PatientPooling.Photo> photos =
        new java.util.ArrayList<>(g.graded().size());
    for (GradedImage gi : g.graded()) {
      DrResult r = gi.result();
      photos.add(
          new org.drtune.internal.eval.PatientPooling.Photo(
              gi.id(),
              gi.label() < 0 ? -1 : g.labelScheme().labelOf(gi.label()),
              r.gradable() ? r.probabilityArray() : null,
              r.gradable() ? null : r.ungradable().id()));
    }
    for (SkippedImage s : g.skipped()) {
      photos.add(new org.drtune.internal.eval.PatientPooling.Photo(s.id(), -1, null, "unreadable"));
    }
    org.drtune.internal.eval.PatientPooling.Pooling pooled =
        org.drtune.internal.eval.PatientPooling.pool(
            photos, naming::identify, referableFrom, threshold, otherEyeWeight);
    return new PatientGrading(
        g,
        naming,
        pooled.patients().stream()
            .map(org.drtune.internal.eval.PatientPooling.Pooled::result)
            .toList(),
        pooled.unassigned());
  }

  /**
   * The patients as CSV: a header {@code
   * patient,photos,grade,referable_p,referable,ungradable,left_grade,left_referable_p,right_grade,right_referable_p}
   * ({@code class} instead of {@code grade} for a referable/not-referable model; {@code eye_grade,
   * eye_referable_p} instead of the two eyes' when the names do not say the eye), then one row per
   * patient: its id, how many photographs, the worse eye's class, the higher eye's referable
   * probability (6 decimals), the referral decision ({@code 1} also when an eye could not be
   * graded), which eye could not be graded and why, and each eye's class and referable probability
   * (empty for an eye not photographed or not gradable).
   */
  public String toCsv() {
    String column = photographs.labelScheme().classColumn();
    List<String> eyes = naming.namesEye() ? List.of("left", "right") : List.of("eye");
    StringBuilder csv =
        new StringBuilder("patient,photos,")
            .append(column)
            .append(",referable_p,referable,ungradable");
    for (String e : eyes) {
      csv.append(',')
          .append(e)
          .append('_')
          .append(column)
          .append(',')
          .append(e)
          .append("_referable_p");
    }
    csv.append('\n');
    for (PatientResult p : patients) {
      csv.append(Grading.csvField(p.patient())).append(',').append(p.photographs()).append(',');
      if (p.predictedClass() >= 0) {
        csv.append(p.predictedClass());
      }
      csv.append(',').append(probability(p.referableProbability()));
      csv.append(',').append(p.refer() ? 1 : 0);
      csv.append(',').append(p.gradable() ? "" : Grading.csvField(p.ungradable()));
      for (EyeResult e : eyesOf(p)) {
        csv.append(',');
        if (e != null && e.gradable()) {
          csv.append(e.predictedClass()).append(',').append(probability(e.referableProbability()));
        } else {
          csv.append(',');
        }
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** The patient's eyes in the CSV's column order (null for an eye not photographed). */
  private List<EyeResult> eyesOf(PatientResult p) {
    if (!naming.namesEye()) {
      return List.of(p.eyes().get(0));
    }
    return List.of(p.eye(Eye.LEFT).orElse(null), p.eye(Eye.RIGHT).orElse(null));
  }

  private static String probability(double p) {
    return Double.isNaN(p) ? "" : String.format(Locale.ROOT, "%.6f", p);
  }

  /** Writes {@link #toCsv()} to {@code file} atomically. */
  public void writeCsv(Path file) throws IOException {
    AtomicFiles.writeAtomically(file, toCsv());
  }

  /**
   * The patients as JSON Lines, one object per patient: {@code patient}, {@code photos}, {@code
   * grade} ({@code class}; null when no eye is gradable), {@code referable_p}, {@code referable}
   * (the decision), {@code ungradable} (null when every eye was graded), and {@code eyes}: each
   * eye's {@code eye}, {@code photographs}, {@code grade}, {@code referable_p} and {@code
   * refusals}.
   */
  public String toJsonLines() {
    String column = photographs.labelScheme().classColumn();
    StringBuilder out = new StringBuilder();
    for (PatientResult p : patients) {
      ObjectNode o = JSON.createObjectNode();
      o.put("patient", p.patient());
      o.put("photos", p.photographs());
      classOrNull(o, column, p.predictedClass());
      probabilityOrNull(o, p.referableProbability());
      o.put("referable", p.refer());
      o.put("ungradable", p.ungradable());
      var eyes = o.putArray("eyes");
      for (EyeResult e : p.eyes()) {
        ObjectNode eo = eyes.addObject();
        eo.put("eye", e.eye() == null ? null : e.eye().id());
        var ids = eo.putArray("photographs");
        e.photographs().forEach(ids::add);
        classOrNull(eo, column, e.predictedClass());
        probabilityOrNull(eo, e.referableProbability());
        var refusals = eo.putArray("refusals");
        e.refusals().forEach(refusals::add);
      }
      try {
        out.append(JSON.writeValueAsString(o)).append('\n');
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }

  /** Writes {@link #toJsonLines()} to {@code file} atomically. */
  public void writeJsonLines(Path file) throws IOException {
    AtomicFiles.writeAtomically(file, toJsonLines());
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static void classOrNull(ObjectNode o, String column, int c) {
    if (c < 0) {
      o.putNull(column);
    } else {
      o.put(column, c);
    }
  }

  private static void probabilityOrNull(ObjectNode o, double p) {
    if (Double.isNaN(p)) {
      o.putNull("referable_p");
    } else {
      o.put("referable_p", Math.round(p * 1e6) / 1e6);
    }
  }
}
