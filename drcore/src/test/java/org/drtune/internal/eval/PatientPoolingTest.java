package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.drtune.grading.Eye;
import org.drtune.grading.PatientNaming;
import org.drtune.grading.PatientResult;
import org.junit.jupiter.api.Test;

class PatientPoolingTest {
  private static float[] p(double... v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  private static final List<PatientPooling.Photo> PHOTOS =
      List.of(
          // patient 1: left eye two photographs (mean 0.5 referable), right eye one (0.2)
          new PatientPooling.Photo("1_left", 0, p(0.4, 0.2, 0.3, 0.1, 0.0), null),
          new PatientPooling.Photo("1_left", 2, p(0.2, 0.1, 0.5, 0.1, 0.1), null),
          new PatientPooling.Photo("1_right", 0, p(0.7, 0.1, 0.1, 0.1, 0.0), null),
          // patient 2: right eye refused, left eye clean
          new PatientPooling.Photo("2_left", 0, p(0.9, 0.05, 0.05, 0, 0), null),
          new PatientPooling.Photo("2_right", 1, null, "too-dark"),
          // a photograph that names no patient
          new PatientPooling.Photo("extra", 4, p(0, 0, 0, 0, 1), null));

  @Test
  void eyesAreMeansAndThePatientIsTheWorseEye() {
    PatientPooling.Pooling pooling =
        PatientPooling.pool(PHOTOS, PatientNaming.EYEPACS, 2, OptionalDouble.of(0.45));
    assertThat(pooling.unassigned()).containsExactly("extra");
    assertThat(pooling.patients()).hasSize(2);
    PatientPooling.Pooled one = pooling.patients().get(0);
    PatientResult r = one.result();
    assertThat(r.patient()).isEqualTo("1");
    assertThat(one.label()).isEqualTo(2);
    assertThat(r.eye(Eye.LEFT).orElseThrow().referableProbability()).isCloseTo(0.55, within(1e-6));
    assertThat(r.eye(Eye.LEFT).orElseThrow().probabilities().get(2)).isCloseTo(0.4, within(1e-6));
    assertThat(r.eye(Eye.RIGHT).orElseThrow().referableProbability()).isCloseTo(0.2, within(1e-6));
    assertThat(r.referableProbability()).isCloseTo(0.55, within(1e-6));
    assertThat(r.predictedClass()).isEqualTo(2); // the left eye's mean peaks at grade 2
    assertThat(r.referable()).isTrue();
    assertThat(r.gradable()).isTrue();
    assertThat(r.photographs()).isEqualTo(3);

    PatientResult two = pooling.patients().get(1).result();
    assertThat(two.gradable()).isFalse();
    assertThat(two.ungradable()).contains("right eye", "too-dark");
    assertThat(two.referable()).isFalse();
    assertThat(two.refer()).isTrue(); // sent back
    assertThat(two.predictedClass()).isZero();
  }

  @Test
  void withoutAThresholdTheWorseEyesGradeDecides() {
    PatientPooling.Pooling pooling =
        PatientPooling.pool(PHOTOS, PatientNaming.EYEPACS, 2, OptionalDouble.empty());
    assertThat(pooling.patients().get(0).result().referable()).isTrue();
    PatientPooling.Pooling strict =
        PatientPooling.pool(PHOTOS, PatientNaming.EYEPACS, 2, OptionalDouble.of(0.6));
    assertThat(strict.patients().get(0).result().referable()).isFalse();
  }

  @Test
  void theEvaluationTableCountsAnUngradablePatientAsReferredOrLeavesItOut() {
    PatientPooling.Pooling pooling =
        PatientPooling.pool(PHOTOS, PatientNaming.EYEPACS, 2, OptionalDouble.empty());
    PatientPooling.Table all = PatientPooling.table(pooling, true, 5);
    assertThat(all.labels()).containsExactly(2, 1);
    assertThat(all.probabilities()[1]).containsExactly(0, 0, 0, 0, 1);
    PatientPooling.Table gradable = PatientPooling.table(pooling, false, 5);
    assertThat(gradable.labels()).containsExactly(2);
    assertThat(gradable.probabilities()[0][2]).isCloseTo(0.4f, within(1e-6f));
  }
}
