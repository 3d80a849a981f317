package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplingTest {

  private static int[] labels(int... counts) {
    return java.util.stream.IntStream.range(0, counts.length)
        .flatMap(k -> java.util.stream.IntStream.generate(() -> k).limit(counts[k]))
        .toArray();
  }

  @Test
  void classWeightsAreInverseFrequencyNormalisedToTheMean() {
    int[] labels = labels(486, 128, 206, 194, 66);
    double[] weights = Sampling.classWeights(labels, 5);
    assertThat(weights[0]).isCloseTo(1080.0 / (5 * 486), offset(1e-12));
    assertThat(weights[4]).isCloseTo(1080.0 / (5 * 66), offset(1e-12));
    int[] counts = Sampling.classCounts(labels, 5);
    for (int k = 0; k < 5; k++) {
      assertThat(weights[k] * counts[k]).isCloseTo(1080.0 / 5, offset(1e-9));
    }
    double[] absent = Sampling.classWeights(labels(3, 0, 1), 3);
    assertThat(absent).containsExactly(4.0 / 6, 0, 2.0);
    assertThatThrownBy(() -> Sampling.classWeights(new int[] {0, 5}, 5))
        .hasMessageContaining("label 5 at " + "index 1 is out of range");
  }

  @Test
  void shuffledOrderIsASeededPermutationPerEpoch() {
    int[] a = Sampling.shuffledOrder(1000, 9, 0);
    assertThat(Sampling.shuffledOrder(1000, 9, 0)).containsExactly(a);
    assertThat(Sampling.shuffledOrder(1000, 9, 1)).isNotEqualTo(a);
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertThat(sorted).containsExactly(java.util.stream.IntStream.range(0, 1000).toArray());
  }

  @Test
  void balancedOrderDrawsClassesEvenly() {
    int[] labels = labels(900, 60, 30, 9, 1);
    int[] order = Sampling.balancedOrder(labels, 5, 10_000, 3, 0);
    assertThat(Sampling.balancedOrder(labels, 5, 10_000, 3, 0)).containsExactly(order);
    int[] drawn = new int[5];
    for (int index : order) {
      drawn[labels[index]]++;
    }
    for (int count : drawn) {
      assertThat(count).isBetween(1800, 2200);
    }
    // A per-class pool is exhausted before any repeat: the 60 grade-1 images all appear in the
    // first draws.
    long distinctGradeOne =
        Arrays.stream(order).filter(i -> labels[i] == 1).limit(60).distinct().count();
    assertThat(distinctGradeOne).isEqualTo(60);
  }

  @Test
  void stratifiedSplitIsSeededAndKeepsClassProportions() {
    int[] labels = labels(500, 100, 200, 150, 50);
    TrainValidationSplit split = TrainValidationSplit.stratified(labels, 0.2, 5);
    assertThat(TrainValidationSplit.stratified(labels, 0.2, 5)).isEqualTo(split);
    assertThat(TrainValidationSplit.stratified(labels, 0.2, 6)).isNotEqualTo(split);
    int[] valLabels = Arrays.stream(split.validation()).map(i -> labels[i]).toArray();
    assertThat(Sampling.classCounts(valLabels, 5)).containsExactly(100, 20, 40, 30, 10);
    assertThat(split.train().length + split.validation().length).isEqualTo(1000);
    assertThat(
            Arrays.stream(split.train())
                .filter(i -> Arrays.binarySearch(split.validation(), i) >= 0))
        .isEmpty();
  }
}
