package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConformalThresholdTest {

  @Test
  void theThresholdIsTheKthLowestReferableScore() {
    double[] twenty = new double[20];
    for (int i = 0; i < 20; i++) {
      twenty[i] = (20 - i) / 100.0; // 0.20 down to 0.01
    }
    // k = floor(0.1 * 21) = 2: the second lowest
    assertThat(ConformalThreshold.of(twenty, 0.9)).isEqualTo(0.02);
    // 8 referable cases are too few for 0.90: the lowest
    assertThat(ConformalThreshold.of(Arrays.copyOf(twenty, 8), 0.9)).isEqualTo(0.13);
    assertThat(ConformalThreshold.casesNeeded(0.9)).isEqualTo(9);
    assertThat(ConformalThreshold.rank(9, 0.9)).isEqualTo(1);
    // lowered to the lowest referable score above the same non-referable cases
    assertThat(ConformalThreshold.of(twenty, new double[] {0.005, 0.5}, 0.9)).isEqualTo(0.01);
    assertThat(ConformalThreshold.of(twenty, new double[] {0.015, 0.5}, 0.9)).isEqualTo(0.02);
    assertThatThrownBy(() -> ConformalThreshold.of(new double[0], 0.9))
        .hasMessageContaining("no referable case");
  }

  /**
   * Draw a site sample of 20 referable scores, choose the threshold, and see what share of new
   * referable cases it catches: on average at least the target, where the highest threshold that
   * reaches the target on the sample itself catches fewer.
   */
  @Test
  void newCasesAreCaughtAtTheTargetRateOnAverageUnlikeWithTheSampleRule() {
    SplittableRandom r = new SplittableRandom(7);
    int draws = 20_000;
    int m = 20;
    double conformal = 0;
    double onSample = 0;
    for (int d = 0; d < draws; d++) {
      double[] s = new double[m];
      for (int i = 0; i < m; i++) {
        s[i] = r.nextDouble();
      }
      // scores uniform: a new case at or above t is caught with probability 1 - t
      conformal += 1 - ConformalThreshold.of(s, 0.9);
      double[] sorted = s.clone();
      Arrays.sort(sorted);
      int misses = (int) Math.floor(m * (1 - 0.9) + 1e-9); // the sample keeps 0.90
      onSample += 1 - sorted[misses];
    }
    assertThat(conformal / draws).isGreaterThanOrEqualTo(0.9).isLessThan(0.915);
    assertThat(onSample / draws).isLessThan(0.87);
  }
}
