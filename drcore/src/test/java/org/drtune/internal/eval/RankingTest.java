package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.drtune.internal.eval.GradedCases.EPS;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Ranking}: binary, one-vs-rest and mean AUC. */
class RankingTest {

  // Three grades, four cases; grade 2 never occurs in the labels.
  private static final int[] MISSING_CLASS_LABELS = {0, 0, 1, 1};
  private static final float[][] MISSING_CLASS_PROBS = {
    {0.7f, 0.2f, 0.1f},
    {0.4f, 0.4f, 0.2f},
    {0.5f, 0.3f, 0.2f},
    {0.3f, 0.4f, 0.3f},
  };

  static Stream<Arguments> binaryAucTable() {
    return Stream.of(
        // Ties: positives 0.9, 0.5, 0.3; negatives 0.5, 0.1, 0.3.
        // 0.9 beats all three (3); 0.5 ties 0.5, beats 0.1 and 0.3 (2.5); 0.3 beats 0.1, ties 0.3
        // (1.5).
        // (3 + 2.5 + 1.5) / (3 * 3) = 7/9.
        Arguments.of(
            new boolean[] {true, true, false, false, true, false},
            new double[] {0.9, 0.5, 0.5, 0.1, 0.3, 0.3},
            7.0 / 9),
        // Perfect separation.
        Arguments.of(
            new boolean[] {false, false, true, true}, new double[] {0.1, 0.2, 0.8, 0.9}, 1.0),
        // Perfectly wrong.
        Arguments.of(
            new boolean[] {true, true, false, false}, new double[] {0.1, 0.2, 0.8, 0.9}, 0.0),
        // All scores equal: every pair a tie, 1/2.
        Arguments.of(
            new boolean[] {true, false, true, false}, new double[] {0.4, 0.4, 0.4, 0.4}, 0.5),
        // One positive 0.6 vs negatives 0.2, 0.6, 0.8: (1 + 0.5 + 0) / 3 = 0.5.
        Arguments.of(
            new boolean[] {false, true, false, false}, new double[] {0.2, 0.6, 0.6, 0.8}, 0.5));
  }

  @ParameterizedTest
  @MethodSource("binaryAucTable")
  void binaryAucIsMannWhitneyWithHalfTies(boolean[] positives, double[] scores, double expected) {
    assertThat(Ranking.rocAuc(positives, scores)).isCloseTo(expected, within(EPS));
  }

  @Test
  void binaryAucIsNaNWithOneClassOnly() {
    assertThat(Ranking.rocAuc(new boolean[] {true, true}, new double[] {0.1, 0.9})).isNaN();
    assertThat(Ranking.rocAuc(new boolean[] {false, false}, new double[] {0.1, 0.9})).isNaN();
  }

  @Test
  void oneVsRestAucIsNaNForMissingClass() {
    double[] aucs = Ranking.oneVsRestAuc(MISSING_CLASS_LABELS, MISSING_CLASS_PROBS);
    // Grade 0: positives 0.7, 0.4 vs negatives 0.5, 0.3: 0.7 wins 2, 0.4 wins 1 -> 3/4.
    assertThat(aucs[0]).isCloseTo(0.75, within(EPS));
    // Grade 1: positives 0.3, 0.4 vs negatives 0.2, 0.4: 0.3 wins 1, 0.4 wins 1 + tie 0.5 -> 2.5/4.
    assertThat(aucs[1]).isCloseTo(0.625, within(EPS));
    // Grade 2 has no positives.
    assertThat(aucs[2]).isNaN();
  }

  @Test
  void meanAucSkipsMissingClass() {
    // (0.75 + 0.625) / 2, grade 2 skipped.
    assertThat(Ranking.meanOneVsRestAuc(MISSING_CLASS_LABELS, MISSING_CLASS_PROBS))
        .isCloseTo(0.6875, within(EPS));
  }

  @Test
  void meanAucIsNaNWithOneClassOnly() {
    // Grade 1 has no negatives, grades 0 and 2 no positives.
    assertThat(Ranking.meanOneVsRestAuc(new int[] {1, 1, 1, 1}, MISSING_CLASS_PROBS)).isNaN();
  }
}
