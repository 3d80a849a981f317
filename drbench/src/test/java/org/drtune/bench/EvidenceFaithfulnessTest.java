package org.drtune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the faithfulness measurement: regions, random fields, the interval, the labels. */
class EvidenceFaithfulnessTest {

  @Test
  void theHighestShareIsTakenInsideTheFieldOfViewOnly() {
    float[] map = new float[100];
    float[] score = new float[100];
    for (int j = 0; j < 100; j++) {
      map[j] = j < 20 ? 0 : -1 - j; // 80 pixels inside, the outside 20 hold the best scores
      score[j] = j < 20 ? 1000 : j;
    }
    boolean[] mask = EvidenceFaithfulness.highest(score, map, 0.10);
    int count = 0;
    for (int j = 0; j < 100; j++) {
      if (mask[j]) {
        count++;
        assertThat(j).isGreaterThanOrEqualTo(92);
      }
    }
    assertThat(count).isEqualTo(8);
  }

  @Test
  void aRandomFieldIsSmoothAndSpansItsCells() {
    float[] field = EvidenceFaithfulness.randomField(70, 50, 7, new SplittableRandom(3));
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (int y = 0; y < 50; y++) {
      for (int x = 1; x < 70; x++) {
        float v = field[y * 70 + x];
        min = Math.min(min, v);
        max = Math.max(max, v);
        assertThat(Math.abs(v - field[y * 70 + x - 1])).isLessThan(0.11f); // a cell is 10 px wide
      }
    }
    assertThat(min).isGreaterThanOrEqualTo(0f);
    assertThat(max).isLessThanOrEqualTo(1f);
    assertThat(max - min).isGreaterThan(0.3f);
  }

  @Test
  void theBootstrapIntervalHoldsTheMean() {
    double[] values = new double[200];
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.5 + rng.nextGaussian();
    }
    double[] ci = EvidenceFaithfulness.bootstrap(values, 2000, new SplittableRandom(1));
    assertThat(ci[0]).isLessThan(0.5).isGreaterThan(0.2);
    assertThat(ci[1]).isGreaterThan(0.5).isLessThan(0.8);
  }

  @Test
  void onlyReferablePhotographsThatExistAreMeasured(@TempDir Path tmp) throws Exception {
    Path labels = tmp.resolve("trainLabels.csv");
    Files.writeString(labels, "image,level\n1_left,0\n1_right,2\n2_left,4\n2_right,3\n");
    Files.createDirectories(tmp.resolve("images"));
    Files.writeString(tmp.resolve("images/1_right.jpeg"), "x");
    Files.writeString(tmp.resolve("images/2_left.jpeg"), "x");
    assertThat(EvidenceFaithfulness.referable(labels, tmp.resolve("images")))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("1_right.jpeg", "2_left.jpeg");
  }
}
