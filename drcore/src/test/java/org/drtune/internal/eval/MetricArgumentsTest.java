package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.drtune.internal.eval.GradedCases.REF_LABELS;
import static org.drtune.internal.eval.GradedCases.REF_PROBS;

import org.junit.jupiter.api.Test;

/** {@link MetricArguments}: bad input is rejected with a clear message, whichever family. */
class MetricArgumentsTest {

  @Test
  void badInputIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> Agreement.accuracy(new int[] {0, 1}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels has 2 cases but predictions has 1");
    assertThatThrownBy(() -> Agreement.accuracy(new int[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels is empty");
    assertThatThrownBy(
            () -> Ranking.meanOneVsRestAuc(new int[] {0, 1}, new float[][] {{0.5f, 0.5f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels has 2 cases but probabilities has 1 rows");
    assertThatThrownBy(() -> Ranking.rocAuc(new boolean[] {true, false}, new double[] {0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "positives has 2 cases but scores has 1: they must be the same cases");
    assertThatThrownBy(() -> Ranking.rocAuc(new boolean[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scores is empty");
    assertThatThrownBy(() -> Agreement.confusionMatrix(new int[] {0, 3}, new int[] {0, 1}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels[1] is 3, expected a grade in 0..2");
    assertThatThrownBy(() -> Ranking.meanOneVsRestAuc(new int[] {0}, new float[][] {{2.5f, -1f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not logits");
    assertThatThrownBy(() -> Agreement.argmax(new float[][] {{0.5f, 0.6f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sums to");
    assertThatThrownBy(() -> Agreement.argmax(new float[][] {{0.5f, 0.5f}, {1f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probabilities[1] has 1 values, expected 2");
    assertThatThrownBy(() -> Agreement.argmax(new float[][] {{1f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 classes");
    assertThatThrownBy(() -> OperatingPoints.referableScores(REF_PROBS, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minGrade must be in 1..4");
    assertThatThrownBy(() -> Ranking.rocAuc(new boolean[] {true}, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scores[0] is NaN");
    assertThatThrownBy(() -> Bootstrap.bootstrap(REF_LABELS, REF_PROBS, 0, 1, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resamples must be >= 1");
    assertThatThrownBy(() -> Agreement.quadraticWeightedKappa(new int[][] {{1, 0}, {0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("square");
  }
}
