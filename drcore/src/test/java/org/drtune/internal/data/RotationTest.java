package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotationTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 224})
  void fourQuarterTurnsAreTheIdentityAndComposeLikeAngles(int size) {
    float[] image = new float[size * size * 3];
    Random random = new Random(size);
    for (int i = 0; i < image.length; i++) {
      image[i] = random.nextFloat();
    }
    float[] turned = image;
    for (int i = 0; i < 4; i++) {
      turned = Rotation.R90.apply(turned, size, 3);
    }
    assertThat(turned).isEqualTo(image);
    float[] twice = Rotation.R90.apply(Rotation.R90.apply(image, size, 3), size, 3);
    assertThat(twice).isEqualTo(Rotation.R180.apply(image, size, 3));
    assertThat(Rotation.R270.apply(Rotation.R90.apply(image, size, 3), size, 3)).isEqualTo(image);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 7})
  void everyViewsInverseUndoesIt(int size) {
    float[] image = new float[size * size];
    for (int i = 0; i < image.length; i++) {
      image[i] = i;
    }
    for (Rotation r : Rotation.values()) {
      assertThat(r.inverse().apply(r.apply(image, size, 1), size, 1)).as(r.name()).isEqualTo(image);
      assertThat(r.then(r.inverse())).isEqualTo(Rotation.R0);
    }
    assertThat(Rotation.R90.inverse()).isEqualTo(Rotation.R270);
    assertThat(Rotation.M90.inverse()).isEqualTo(Rotation.M90);
  }

  @Test
  void quarterTurnIsClockwise() {
    // 1 2      3 1
    // 3 4  ->  4 2
    int[] pixels = {1, 2, 3, 4};
    assertThat(Rotation.R90.apply(pixels, 2)).containsExactly(3, 1, 4, 2);
    assertThat(Rotation.R180.apply(pixels, 2)).containsExactly(4, 3, 2, 1);
    assertThat(Rotation.R270.apply(pixels, 2)).containsExactly(2, 4, 1, 3);
    assertThat(Rotation.R90.then(Rotation.R270)).isEqualTo(Rotation.R0);
    assertThatThrownBy(() -> Rotation.R90.apply(new int[6], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 4 values, got 6");
  }

  @Test
  void randomRotationIsDeterministicAndUniform() {
    Map<Rotation, Integer> counts = new EnumMap<>(Rotation.class);
    int changedWithEpoch = 0;
    for (int index = 0; index < 4000; index++) {
      Rotation r = Rotation.random(7, 3, index);
      assertThat(Rotation.random(7, 3, index)).isEqualTo(r);
      counts.merge(r, 1, Integer::sum);
      changedWithEpoch += Rotation.random(7, 4, index) != r ? 1 : 0;
    }
    assertThat(counts).hasSize(4);
    counts.values().forEach(count -> assertThat(count).isBetween(850, 1150));
    assertThat(changedWithEpoch).isBetween(2700, 3300);
    assertThat(RotationPolicy.random(7).rotationFor(3, 12)).isEqualTo(Rotation.random(7, 3, 12));
    assertThat(RotationPolicy.fixed(Rotation.R180).rotationFor(9, 1)).isEqualTo(Rotation.R180);
    assertThat(RotationPolicy.none().rotationFor(9, 1)).isEqualTo(Rotation.R0);
  }

  @Test
  void theMirroredViewsAreTheSquaresOtherFourSymmetries() {
    // 1 2  mirrored  2 1
    // 3 4            4 3
    int[] pixels = {1, 2, 3, 4};
    assertThat(Rotation.M0.apply(pixels, 2)).containsExactly(2, 1, 4, 3);
    // the mirror, then a clockwise quarter turn
    assertThat(Rotation.M90.apply(pixels, 2)).containsExactly(4, 2, 3, 1);
    assertThat(Rotation.M180.apply(pixels, 2)).containsExactly(3, 4, 1, 2);
    assertThat(Rotation.M270.apply(pixels, 2)).containsExactly(1, 3, 2, 4);
    assertThat(Rotation.views(true)).hasSize(8);
    assertThat(Rotation.views(false)).containsExactly(Rotation.rotations());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 6})
  void viewsComposeAsTheirPixels(int size) {
    int[] image = new int[size * size];
    for (int i = 0; i < image.length; i++) {
      image[i] = i;
    }
    java.util.Set<java.util.List<Integer>> distinct = new java.util.HashSet<>();
    for (Rotation a : Rotation.values()) {
      distinct.add(java.util.Arrays.stream(a.apply(image, size)).boxed().toList());
      for (Rotation b : Rotation.values()) {
        assertThat(a.then(b).apply(image, size))
            .as("%s then %s", a, b)
            .isEqualTo(b.apply(a.apply(image, size), size));
      }
    }
    if (size > 2) {
      assertThat(distinct).hasSize(8);
    }
  }

  @Test
  void randomViewsWithMirrorsKeepTheRotationAndMirrorHalfTheImages() {
    int mirrored = 0;
    for (int index = 0; index < 4000; index++) {
      Rotation v = Rotation.random(7, 3, index, true);
      assertThat(v.ordinal() % 4).isEqualTo(Rotation.random(7, 3, index).ordinal());
      mirrored += v.mirrored() ? 1 : 0;
    }
    assertThat(mirrored).isBetween(1850, 2150);
    assertThat(RotationPolicy.random(7, true).rotationFor(3, 12))
        .isEqualTo(Rotation.random(7, 3, 12, true));
  }
}
