package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.drtune.internal.eval.GradedCases.randomCases;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RankedScores}: weighted target points. */
class RankedScoresTest {

  @Test
  void weightedTargetPointsEqualTheOperatingPointsOfTheExpandedCases() {
    Object[] cases = randomCases(200, 5);
    int[] labels = (int[]) cases[0];
    float[][] probs = (float[][]) cases[1];
    double[] scores = OperatingPoints.referableScores(probs, 2);
    boolean[] positives = OperatingPoints.referableLabels(labels, 2);
    RankedScores ranked = new RankedScores(scores);
    double[] unit = ranked.targetPoints(positives, null, 0.9, 0.9);
    assertThat(unit[0])
        .isEqualTo(
            OperatingPoints.operatingPointAtSensitivity(positives, scores, 0.9).specificity());
    assertThat(unit[1])
        .isEqualTo(
            OperatingPoints.operatingPointAtSpecificity(positives, scores, 0.9).sensitivity());
    // weights = multiplicities: the same as the cases repeated that many times
    int[] weights = new Random(9).ints(200, 0, 4).toArray();
    List<Double> s = new ArrayList<>();
    List<Boolean> p = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      for (int w = 0; w < weights[i]; w++) {
        s.add(scores[i]);
        p.add(positives[i]);
      }
    }
    double[] es = s.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] ep = new boolean[p.size()];
    for (int i = 0; i < ep.length; i++) {
      ep[i] = p.get(i);
    }
    double[] weighted = ranked.targetPoints(positives, weights, 0.8, 0.95);
    assertThat(weighted[0])
        .isCloseTo(
            OperatingPoints.operatingPointAtSensitivity(ep, es, 0.8).specificity(), within(1e-12));
    assertThat(weighted[1])
        .isCloseTo(
            OperatingPoints.operatingPointAtSpecificity(ep, es, 0.95).sensitivity(), within(1e-12));
  }
}
