package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.drtune.internal.eval.GradedCases.EPS;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Agreement}: argmax, accuracy, confusion matrix and quadratic weighted kappa. */
class AgreementTest {

  @Test
  void accuracyCountsExactMatches() {
    // 0=0 yes, 1 vs 2 no, 2=2 yes, 2 vs 1 no: 2 of 4.
    assertThat(Agreement.accuracy(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1})).isEqualTo(0.5);
  }

  @Test
  void argmaxTakesLowestGradeOnTie() {
    float[][] probs = {{0.1f, 0.6f, 0.3f}, {0.4f, 0.4f, 0.2f}, {0.2f, 0.3f, 0.5f}};
    assertThat(Agreement.argmax(probs)).containsExactly(1, 0, 2);
  }

  @Test
  void confusionMatrixHasTrueRowsAndPredictedColumns() {
    int[][] confusion =
        Agreement.confusionMatrix(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1}, 3);
    // (0,0) once; true 1 predicted 2 once; true 2 predicted 1 once and 2 once.
    assertThat(confusion).isDeepEqualTo(new int[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 1}});
  }

  static Stream<Arguments> kappaTable() {
    return Stream.of(
        // Confusion [[1,0,0],[0,0,1],[0,1,1]], W = (i-j)^2/4.
        // Observed: W12*1 + W21*1 = 1/4 + 1/4 = 0.5.
        // Histograms true [1,1,2], predicted [1,1,2], N = 4; expected = sum W r_i c_j / 4
        //   = (1/4)(W01*(1*1+1*1) + W02*(1*2+2*1) + W12*(1*2+2*1)) = (1/4)(0.5 + 4 + 1) = 1.375.
        // kappa = 1 - 0.5/1.375 = 7/11.
        Arguments.of(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1}, 3, 7.0 / 11),
        // Perfect agreement.
        Arguments.of(new int[] {0, 1, 2, 4}, new int[] {0, 1, 2, 4}, 5, 1.0),
        // Two grades swapped: observed 2, expected (1*1 + 1*1)/2 = 1 -> 1 - 2 = -1.
        Arguments.of(new int[] {0, 1}, new int[] {1, 0}, 2, -1.0),
        // One true grade, predictions split: observed 1, expected 2*1/2 = 1 -> 0.
        Arguments.of(new int[] {0, 0}, new int[] {0, 1}, 2, 0.0),
        // K = 5, labels [0,4], predictions [1,4]: W01 = 1/16. Observed 1/16.
        // r = [1,0,0,0,1], c = [0,1,0,0,1], N = 2: expected = (W01*1*1 + W04*1*1 + W41*1*1 +
        // W44*1*1)/2
        //   = (1/16 + 1 + 9/16 + 0)/2 = (26/16)/2 = 13/16; kappa = 1 - (1/16)/(13/16) = 12/13.
        Arguments.of(new int[] {0, 4}, new int[] {1, 4}, 5, 12.0 / 13));
  }

  @ParameterizedTest
  @MethodSource("kappaTable")
  void quadraticWeightedKappaMatchesHandComputation(
      int[] labels, int[] predictions, int k, double expected) {
    assertThat(Agreement.quadraticWeightedKappa(labels, predictions, k))
        .isCloseTo(expected, within(EPS));
  }

  @Test
  void kappaIsNaNWhenExpectedDisagreementIsZero() {
    // Every label and every prediction is grade 1: no chance disagreement to correct for.
    assertThat(Agreement.quadraticWeightedKappa(new int[] {1, 1, 1}, new int[] {1, 1, 1}, 5))
        .isNaN();
  }
}
