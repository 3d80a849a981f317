package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JitterTest {
  private static final int SIZE = 9;

  private static float[] image(long seed) {
    float[] hwc = new float[SIZE * SIZE * 3];
    Random random = new Random(seed);
    for (int i = 0; i < hwc.length; i++) {
      hwc[i] = 255 * random.nextFloat();
    }
    return hwc;
  }

  @Test
  void noJitterIsACopyAndQuarterTurnsAreTheLosslessRotations() {
    float[] im = image(1);
    float[] same = Jitter.NONE.apply(im, SIZE, 3);
    assertThat(same).isEqualTo(im).isNotSameAs(im);
    // counter-clockwise on screen: -90 degrees is Rotation's clockwise quarter turn
    float[] cw = new Jitter(-90, 1).apply(im, SIZE, 3);
    float[] ccw = new Jitter(90, 1).apply(im, SIZE, 3);
    float[] r90 = Rotation.R90.apply(im, SIZE, 3);
    float[] r270 = Rotation.R270.apply(im, SIZE, 3);
    for (int i = 0; i < im.length; i++) {
      assertThat(cw[i]).isCloseTo(r90[i], within(1e-3f));
      assertThat(ccw[i]).isCloseTo(r270[i], within(1e-3f));
    }
  }

  @Test
  void aZoomMagnifiesAboutTheCentreAndTheOutsideIsBlack() {
    float[] im = image(2);
    int c = SIZE / 2;
    float[] zoom = new Jitter(0, 2).apply(im, SIZE, 3);
    // output pixel c + 2k shows input pixel c + k
    for (int k = -2; k <= 2; k++) {
      int out = ((c + 2 * k) * SIZE + (c + 2 * k)) * 3;
      int in = ((c + k) * SIZE + (c + k)) * 3;
      assertThat(zoom[out + 1]).isCloseTo(im[in + 1], within(1e-3f));
    }
    float[] shrunk = new Jitter(0, 0.5).apply(im, SIZE, 3);
    assertThat(shrunk[0]).isZero(); // the corner looks outside the image
    assertThat(shrunk[(c * SIZE + c) * 3]).isCloseTo(im[(c * SIZE + c) * 3], within(1e-3f));
    float[] turned = new Jitter(45, 1).apply(image(3), SIZE, 3);
    assertThat(turned[0]).isZero(); // a corner turned by 45 degrees comes from outside
  }

  @Test
  void randomJittersAreDeterministicWithinTheirBoundsAndVary() {
    double minDegrees = 0;
    double maxDegrees = 0;
    double minScale = 1;
    double maxScale = 1;
    for (int i = 0; i < 2000; i++) {
      Jitter j = Jitter.random(7, i % 5, i, 10, 0.1);
      assertThat(Jitter.random(7, i % 5, i, 10, 0.1)).isEqualTo(j);
      minDegrees = Math.min(minDegrees, j.degrees());
      maxDegrees = Math.max(maxDegrees, j.degrees());
      minScale = Math.min(minScale, j.scale());
      maxScale = Math.max(maxScale, j.scale());
    }
    assertThat(minDegrees).isBetween(-10.0, -9.5);
    assertThat(maxDegrees).isBetween(9.5, 10.0);
    assertThat(minScale).isBetween(0.9, 0.91);
    assertThat(maxScale).isBetween(1.09, 1.1);
    assertThat(Jitter.random(7, 0, 1, 10, 0.1)).isNotEqualTo(Jitter.random(7, 1, 1, 10, 0.1));
    assertThat(Jitter.random(7, 0, 1, 0, 0)).isSameAs(Jitter.NONE);
  }

  @Test
  void policiesJitterOnlyWhenAskedAndCheckTheirBounds() {
    assertThat(RotationPolicy.random(1, true).jitters()).isFalse();
    assertThat(RotationPolicy.random(1, false).jitterFor(0, 0)).isEqualTo(Jitter.NONE);
    RotationPolicy p = RotationPolicy.random(1, false, 15, 0.1);
    assertThat(p.jitters()).isTrue();
    assertThat(p.jitterFor(2, 3)).isEqualTo(Jitter.random(1, 2, 3, 15, 0.1));
    assertThat(p.rotationFor(2, 3)).isEqualTo(Rotation.random(1, 2, 3));
    assertThat(RotationPolicy.fixed(Rotation.R90).jitters()).isFalse();
    assertThatThrownBy(() -> RotationPolicy.random(1, false, 200, 0))
        .hasMessageContaining("jitter bounds");
    assertThatThrownBy(() -> new Jitter(0, 0)).hasMessageContaining("positive scale");
    assertThatThrownBy(() -> Jitter.NONE.apply(new float[5], SIZE, 3))
        .hasMessageContaining("is not a 9x9x3 image");
  }
}
