package org.drtune.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k-nearest-neighbour feature reference: geometry, calibration, file format, bad input. */
class FeatureReferenceTest {

  @Test
  void theLimitIsTheLeaveOneOutDistanceOfTheReferenceItself() {
    // four unit vectors at right angles: each one's 3rd nearest other is the opposite one, at 2
    float[][] square = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    FeatureReference ref = FeatureReference.of(square);
    assertThat(ref.k()).isEqualTo(3); // K = 5, but only 3 others
    assertThat(ref.limit()).isCloseTo(2.0, within(1e-6));
    // a reference photograph itself counts as its own nearest neighbour: 0, sqrt 2, sqrt 2, 2
    assertThat(ref.distance(new float[] {1, 0})).isCloseTo(Math.sqrt(2), within(1e-6));
    assertThat(ref.relativeDistance(new float[] {1, 0})).isCloseTo(Math.sqrt(2) / 2, within(1e-6));
    // the length of a feature vector does not count, only its direction
    assertThat(ref.distance(new float[] {5, 0}))
        .isCloseTo(ref.distance(new float[] {1, 0}), within(1e-6));
    // an all-zero vector (a blank picture through ReLUs) is as far as an orthogonal one
    assertThat(ref.distance(new float[] {0, 0})).isCloseTo(Math.sqrt(2), within(1e-6));
  }

  @Test
  void aClusterScoresAtMostAboutOneAndAFarPointFarAbove() {
    SplittableRandom r = new SplittableRandom(7);
    float[][] cluster = new float[300][64];
    for (float[] row : cluster) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (1 + 0.1 * r.nextGaussian());
      }
    }
    FeatureReference ref = FeatureReference.of(cluster);
    assertThat(ref.k()).isEqualTo(FeatureReference.K);
    // new points from the same cluster: nearly all within the calibrated limit
    int inside = 0;
    for (int i = 0; i < 200; i++) {
      float[] q = new float[64];
      for (int j = 0; j < q.length; j++) {
        q[j] = (float) (1 + 0.1 * r.nextGaussian());
      }
      inside += ref.relativeDistance(q) <= 1 ? 1 : 0;
    }
    assertThat(inside).isGreaterThanOrEqualTo(190);
    float[] far = new float[64];
    Arrays.fill(far, 0, 32, 1f);
    assertThat(ref.relativeDistance(far)).isGreaterThan(2);
  }

  @Test
  void theFileRoundTripsAndDamageIsNamed(@TempDir Path tmp) throws IOException {
    FeatureReference ref = FeatureReference.of(new float[][] {{1, 2, 3}, {3, 2, 1}, {0, 1, 0}});
    Path file = tmp.resolve(FeatureReference.FILE);
    ref.write(file);
    FeatureReference back = FeatureReference.read(file);
    assertThat(back.k()).isEqualTo(ref.k());
    assertThat(back.limit()).isEqualTo(ref.limit());
    assertThat(back.features()).isDeepEqualTo(ref.features());
    assertThat(back.toBytes()).isEqualTo(ref.toBytes());

    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
    assertThatThrownBy(() -> FeatureReference.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("damaged");
    Files.writeString(file, "{\"not\": \"a reference\"}");
    assertThatThrownBy(() -> FeatureReference.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a drtune feature reference");
  }

  @Test
  void tooFewOrNonFiniteFeaturesAreRefused() {
    assertThatThrownBy(() -> FeatureReference.of(new float[][] {{1, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> FeatureReference.of(new float[][] {{1, Float.NaN}, {1, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    FeatureReference ref = FeatureReference.of(new float[][] {{1, 2}, {2, 1}});
    assertThatThrownBy(() -> ref.distance(new float[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 3");
  }
}
