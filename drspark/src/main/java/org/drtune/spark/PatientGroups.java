package org.drtune.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.drtune.grading.DrResult;
import org.drtune.grading.Eye;
import org.drtune.grading.EyeResult;
import org.drtune.grading.GradedImage;
import org.drtune.grading.Grading;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.PatientGrading;
import org.drtune.grading.PatientNaming;
import org.drtune.grading.PatientResult;
import org.drtune.grading.SkippedImage;
import org.drtune.grading.UngradableReason;

/**
 * The patient stage of {@link DrSpark#gradePatients}: the graded rows of one patient pooled as
 * {@link PatientGrading#pool} pools them, into one output row.
 */
final class PatientGroups implements FlatMapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The key of rows whose path names no patient (they are left out). */
  static final String NO_PATIENT = "\u0000";

  private final LabelScheme scheme;
  private final int numClasses;
  private final PatientNaming naming;
  private final int referableFrom;
  private final double threshold;
  private final double otherEyeWeight;
  private final int classField;

  /**
   * @param threshold the patient threshold, or NaN when the worse eye's grade decides
   * @param otherEyeWeight the other eye's weight in each photograph's probabilities
   */
  PatientGroups(
      LabelScheme scheme,
      int numClasses,
      PatientNaming naming,
      int referableFrom,
      double threshold,
      double otherEyeWeight) {
    this.scheme = scheme;
    this.numClasses = numClasses;
    this.naming = naming;
    this.referableFrom = referableFrom;
    this.threshold = threshold;
    this.otherEyeWeight = otherEyeWeight;
    this.classField = 1;
  }

  @Override
  public Iterator<Row> call(String patient, Iterator<Row> rows) {
    if (NO_PATIENT.equals(patient)) {
      return List.<Row>of().iterator();
    }
    List<GradedImage> graded = new ArrayList<>();
    List<SkippedImage> skipped = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      String path = r.getString(0);
      String error = r.getString(r.length() - 1);
      if (error != null) {
        skipped.add(new SkippedImage(path, error));
      } else {
        graded.add(new GradedImage(path, -1, result(r)));
      }
    }
    PatientGrading pooled =
        PatientGrading.pool(
            new Grading("spark", null, scheme, graded, skipped),
            naming,
            referableFrom,
            Double.isNaN(threshold) ? OptionalDouble.empty() : OptionalDouble.of(threshold),
            otherEyeWeight);
    List<Row> out = new ArrayList<>();
    for (PatientResult p : pooled.patients()) {
      out.add(row(p));
    }
    return out.iterator();
  }

  /** A graded row as the classifier's result. */
  private DrResult result(Row r) {
    List<Double> probs = new ArrayList<>(numClasses);
    for (int c = 0; c < numClasses; c++) {
      probs.add(r.getDouble(classField + 1 + c));
    }
    int best = 0;
    for (int c = 1; c < numClasses; c++) {
      if (probs.get(c) > probs.get(best)) {
        best = c;
      }
    }
    String ungradable = r.getString(classField + numClasses + 3);
    return new DrResult(
        best,
        probs,
        r.getDouble(classField + numClasses + 1),
        r.getBoolean(classField + numClasses + 2),
        null,
        ungradable == null ? null : UngradableReason.of(ungradable));
  }

  private Row row(PatientResult p) {
    List<Object> v = new ArrayList<>();
    v.add(p.patient());
    v.add(p.photographs());
    v.add(p.predictedClass() < 0 ? null : p.predictedClass());
    v.add(Double.isNaN(p.referableProbability()) ? null : p.referableProbability());
    v.add(p.refer());
    v.add(p.ungradable());
    List<EyeResult> eyes =
        naming.namesEye()
            ? java.util.Arrays.asList(p.eye(Eye.LEFT).orElse(null), p.eye(Eye.RIGHT).orElse(null))
            : List.of(p.eyes().get(0));
    for (EyeResult e : eyes) {
      boolean graded = e != null && e.gradable();
      v.add(graded ? e.predictedClass() : null);
      v.add(graded ? e.referableProbability() : null);
    }
    return RowFactory.create(v.toArray());
  }
}
