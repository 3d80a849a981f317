package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.OperatingPoint;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  private static final double EPS = 1e-12;
  private static final ObjectMapper JSON = new ObjectMapper();

  // Three grades; argmax predictions are [0, 2, 2, 1].
  private static final int[] LABELS = {0, 1, 2, 2};
  private static final float[][] PROBS = {
    {0.6f, 0.3f, 0.1f},
    {0.2f, 0.3f, 0.5f},
    {0.1f, 0.2f, 0.7f},
    {0.2f, 0.5f, 0.3f},
  };

  @Test
  void bundlesTheMetrics() {
    Evaluation evaluation =
        Evaluation.of(LABELS, PROBS, EvaluationOptions.defaults().withBootstrapResamples(100));
    assertThat(evaluation.n()).isEqualTo(4);
    assertThat(evaluation.numClasses()).isEqualTo(3);
    // Predictions [0, 2, 2, 1]: two of four right.
    assertThat(evaluation.accuracy()).isEqualTo(0.5);
    // Same table as MetricsTest's kappa case: 1 - 0.5 / 1.375 = 7/11.
    assertThat(evaluation.kappa()).isCloseTo(7.0 / 11, within(EPS));
    assertThat(evaluation.confusion()).isDeepEqualTo(new int[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 1}});
    // Grade 0: 0.6 vs 0.2, 0.1, 0.2 -> 1. Grade 1: 0.3 vs 0.3, 0.2, 0.5 -> (0.5 + 1 + 0)/3 = 0.5.
    // Grade 2: 0.7, 0.3 vs 0.1, 0.5 -> (2 + 1)/4 = 0.75. Mean (1 + 0.5 + 0.75)/3 = 0.75.
    assertThat(evaluation.classAuc()).containsExactly(new double[] {1.0, 0.5, 0.75}, within(EPS));
    assertThat(evaluation.meanAuc()).isCloseTo(0.75, within(EPS));
    // Referable = grade 2, score = p[2]: positives 0.7, 0.3; negatives 0.1, 0.5 -> 0.75.
    assertThat(evaluation.referable().auc()).isCloseTo(0.75, within(EPS));
    // Threshold 0.5 refers 0.5 (grade 1) and 0.7 (grade 2): sensitivity 1/2, specificity 1/2.
    assertThat(evaluation.referable().atThreshold()).isEqualTo(new OperatingPoint(0.5, 0.5, 0.5));
    assertThat(evaluation.intervals().resamples()).isEqualTo(100);
    assertThat(evaluation.intervals().accuracy().defined()).isTrue();
  }

  @Test
  void skipsTheBootstrapWhenAskedTo() {
    Evaluation evaluation =
        Evaluation.of(LABELS, PROBS, EvaluationOptions.defaults().withBootstrapResamples(0));
    assertThat(evaluation.intervals().resamples()).isZero();
    assertThat(evaluation.intervals().kappa()).isEqualTo(ConfidenceInterval.UNDEFINED);
  }

  @Test
  void jsonRoundTripIsEqual() throws Exception {
    // Grade 2 is absent: NaN AUC and undefined referable operating points must survive the round
    // trip.
    int[] labels = {0, 0, 1, 1};
    Evaluation evaluation =
        Evaluation.of(labels, PROBS, EvaluationOptions.defaults().withBootstrapResamples(50));
    assertThat(evaluation.classAuc()[2]).isNaN();
    String json = JSON.writeValueAsString(evaluation);
    assertThat(JSON.readValue(json, Evaluation.class)).isEqualTo(evaluation);
  }

  @Test
  void infiniteThresholdSurvivesJson() throws Exception {
    OperatingPoint nobody = new OperatingPoint(Double.POSITIVE_INFINITY, 0, 1);
    assertThat(JSON.readValue(JSON.writeValueAsString(nobody), OperatingPoint.class))
        .isEqualTo(nobody);
  }

  @Test
  void isImmutable() {
    Evaluation evaluation =
        Evaluation.of(LABELS, PROBS, EvaluationOptions.defaults().withBootstrapResamples(0));
    evaluation.confusion()[0][0] = 99;
    evaluation.classAuc()[0] = 99;
    assertThat(evaluation.confusion()[0][0]).isEqualTo(1);
    assertThat(evaluation.classAuc()[0]).isEqualTo(1.0);
  }

  @Test
  void textSummaryShowsTheNumbers() {
    Evaluation evaluation =
        Evaluation.of(LABELS, PROBS, EvaluationOptions.defaults().withBootstrapResamples(0));
    String text = evaluation.toText();
    assertThat(text)
        .contains("n = 4, K = 3")
        .contains("accuracy")
        .contains("0.500")
        .contains("0.636") // kappa 7/11
        .contains("0.750") // mean AUC
        .contains("95% CI")
        .contains("n/a"); // skipped intervals
    // The confusion matrix row of grade 2: "2  0  1  1".
    assertThat(text).containsPattern("\\n\\s+2\\s+0\\s+1\\s+1\\n");
  }

  @Test
  void optionsRejectOutOfRangeValues() {
    EvaluationOptions defaults = EvaluationOptions.defaults();
    assertThat(defaults.referableMinGrade()).isEqualTo(2);
    assertThat(defaults.bootstrapResamples()).isEqualTo(1000);
    assertThat(defaults.withDecisionThreshold(0.3).decisionThreshold()).isEqualTo(0.3);
    assertThatThrownBy(() -> defaults.withDecisionThreshold(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decisionThreshold must be a probability in [0, 1], got 1.5");
    assertThatThrownBy(() -> defaults.withReferableMinGrade(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("referableMinGrade must be >= 1");
    assertThatThrownBy(() -> defaults.withConfidenceLevel(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidenceLevel must be in (0, 1)");
    assertThatThrownBy(() -> defaults.withBootstrapResamples(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrapResamples must be >= 0");
    // Referable grade 3 does not exist with three grades.
    assertThatThrownBy(() -> Evaluation.of(LABELS, PROBS, defaults.withReferableMinGrade(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minGrade must be in 1..2");
  }
}
