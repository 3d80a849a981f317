package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.drtune.internal.eval.GradedCases.EPS;
import static org.drtune.internal.eval.GradedCases.REF_LABELS;
import static org.drtune.internal.eval.GradedCases.REF_PROBS;

import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.OperatingPoint;
import org.drtune.eval.ReferableMetrics;
import org.junit.jupiter.api.Test;

/** {@link OperatingPoints}: referable scores and labels, operating points, the bundle. */
class OperatingPointsTest {

  @Test
  void referableScoresSumHighGrades() {
    assertThat(OperatingPoints.referableScores(REF_PROBS, 2))
        .containsExactly(new double[] {0.1, 0.3, 0.7, 0.3, 1.0, 0.6}, within(1e-6));
    assertThat(OperatingPoints.referableLabels(REF_LABELS, 2))
        .containsExactly(false, false, true, true, true, false);
  }

  @Test
  void referableMetricsMatchHandComputation() {
    ReferableMetrics referable =
        OperatingPoints.referable(REF_LABELS, REF_PROBS, EvaluationOptions.defaults());
    assertThat(referable.positives()).isEqualTo(3);
    assertThat(referable.negatives()).isEqualTo(3);
    // 0.7 beats 0.1, 0.3, 0.6 (3); 0.3 beats 0.1, ties 0.3 (1.5); 1.0 beats all (3): 7.5/9.
    assertThat(referable.auc()).isCloseTo(7.5 / 9, within(EPS));
    // Threshold 0.5 refers 0.7, 1.0 (true) and 0.6 (false): sensitivity 2/3, specificity 2/3.
    assertThat(referable.atThreshold().sensitivity()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(referable.atThreshold().specificity()).isCloseTo(2.0 / 3, within(EPS));
    // Thresholds high to low: 1.0 (1/3, 1), 0.7 (2/3, 1), 0.6 (2/3, 2/3), 0.3 (1, 1/3), 0.1 (1, 0).
    // Sensitivity >= 0.9 first holds at 0.3, with the best specificity there, 1/3.
    OperatingPoint sensitive = referable.atTargetSensitivity();
    assertThat(sensitive.threshold()).isCloseTo(0.3, within(1e-6));
    assertThat(sensitive.sensitivity()).isEqualTo(1.0);
    assertThat(sensitive.specificity()).isCloseTo(1.0 / 3, within(EPS));
    // Specificity >= 0.9 holds down to 0.7, where sensitivity is best, 2/3.
    OperatingPoint specific = referable.atTargetSpecificity();
    assertThat(specific.threshold()).isCloseTo(0.7, within(1e-6));
    assertThat(specific.sensitivity()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(specific.specificity()).isEqualTo(1.0);
  }

  @Test
  void operatingPointAtSpecificityMayReferNobody() {
    // The highest score is a negative: only "refer nobody" (+Infinity) reaches specificity 1.
    OperatingPoint point =
        OperatingPoints.operatingPointAtSpecificity(
            new boolean[] {true, false}, new double[] {0.4, 0.9}, 1.0);
    assertThat(point).isEqualTo(new OperatingPoint(Double.POSITIVE_INFINITY, 0, 1));
  }

  @Test
  void operatingPointTieOnGainPrefersTheOtherRate() {
    // Thresholds: 0.9 -> (sens 1/2, spec 1), 0.8 -> (1, 1), 0.2 -> (1, 1/2).
    // Specificity >= 0.5: best sensitivity 1 at 0.8 and 0.2; the tie goes to the better
    // specificity, 0.8.
    OperatingPoint point =
        OperatingPoints.operatingPointAtSpecificity(
            new boolean[] {true, true, false, false}, new double[] {0.9, 0.8, 0.2, 0.1}, 0.5);
    assertThat(point).isEqualTo(new OperatingPoint(0.8, 1, 1));
  }

  @Test
  void referableIsUndefinedWithoutReferableCases() {
    int[] labels = {0, 1, 1, 0, 1, 0};
    ReferableMetrics referable =
        OperatingPoints.referable(labels, REF_PROBS, EvaluationOptions.defaults());
    assertThat(referable.positives()).isZero();
    assertThat(referable.auc()).isNaN();
    assertThat(referable.atThreshold().sensitivity()).isNaN();
    // Scores 0.1, 0.3, 0.7, 0.3, 1.0, 0.6: three are below 0.5.
    assertThat(referable.atThreshold().specificity()).isEqualTo(0.5);
    assertThat(referable.atTargetSensitivity()).isEqualTo(OperatingPoint.UNDEFINED);
    assertThat(referable.atTargetSpecificity().defined()).isFalse();
  }
}
