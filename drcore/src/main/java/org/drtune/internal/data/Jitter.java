package org.drtune.internal.data;

/**
 * A small geometric jitter of a square image: a rotation by any angle and a zoom about its centre,
 * sampled bilinearly, with black (0) where the view leaves the image — a fundus photograph's own
 * surround. Unlike {@link Rotation} it is not lossless and has infinitely many values, so a feature
 * cache cannot hold it: it is applied to the prepared photograph (0–255 RGB, before the
 * normalisation) of every training step.
 *
 * @param degrees the rotation, counter-clockwise on screen, in degrees
 * @param scale the zoom: above 1 magnifies (the border leaves the view), below 1 shrinks (more
 *     black around the field of view)
 */
public record Jitter(double degrees, double scale) {
  /** No jitter. */
  public static final Jitter NONE = new Jitter(0, 1);

  /** Validates the values. */
  public Jitter {
    if (!Double.isFinite(degrees) || !(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "a jitter needs a finite angle and a positive scale, got " + degrees + ", " + scale);
    }
  }

  /** Whether this jitter leaves every image as it is. */
  public boolean isNone() {
    return degrees == 0 && scale == 1;
  }

  /**
   * Chooses a jitter deterministically from a seed, an epoch and an image index: an angle uniform
   * in [−maxDegrees, maxDegrees] and a scale uniform in [1 − maxScale, 1 + maxScale].
   */
  public static Jitter random(long seed, int epoch, int index, double maxDegrees, double maxScale) {
    if (maxDegrees == 0 && maxScale == 0) {
      return NONE;
    }
    // decorrelated from Rotation.random's draw of the same (seed, epoch, index)
    long h = Rotation.mix(seed ^ 0x5DEECE66DL) + 0x9E3779B97F4A7C15L * (epoch + 1L);
    h = Rotation.mix(h ^ (index * 0xD1B54A32D192ED03L + 0x2545F4914F6CDD1DL));
    double u = (h >>> 11) * 0x1.0p-53;
    double v = (Rotation.mix(h) >>> 11) * 0x1.0p-53;
    return new Jitter((2 * u - 1) * maxDegrees, 1 + (2 * v - 1) * maxScale);
  }

  /**
   * The jittered image: output pixel (x, y) is the input sampled at the point that the rotation and
   * zoom about the centre bring there.
   *
   * @param hwc {@code size*size*channels} values, row-major
   * @return a new array (a copy for {@link #NONE})
   */
  public float[] apply(float[] hwc, int size, int channels) {
    if (hwc.length != size * size * channels) {
      throw new IllegalArgumentException(
          hwc.length + " values is not a " + size + "x" + size + "x" + channels + " image");
    }
    if (isNone()) {
      return hwc.clone();
    }
    float[] out = new float[hwc.length];
    double c = (size - 1) / 2.0;
    double rad = Math.toRadians(degrees);
    // the inverse map: rotate back by the angle, shrink by the scale (y points down, so a
    // counter-clockwise turn on screen is a negative angle in these coordinates)
    double cos = Math.cos(rad) / scale;
    double sin = Math.sin(rad) / scale;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double dx = x - c;
        double dy = y - c;
        double sx = c + cos * dx - sin * dy;
        double sy = c + sin * dx + cos * dy;
        sample(hwc, size, channels, sx, sy, out, (y * size + x) * channels);
      }
    }
    return out;
  }

  /** Bilinear sample at (sx, sy); neighbours outside the image count as 0. */
  private static void sample(
      float[] src, int size, int channels, double sx, double sy, float[] dst, int at) {
    int x0 = (int) Math.floor(sx);
    int y0 = (int) Math.floor(sy);
    double fx = sx - x0;
    double fy = sy - y0;
    for (int ch = 0; ch < channels; ch++) {
      double top =
          lerp(
              value(src, size, channels, x0, y0, ch),
              value(src, size, channels, x0 + 1, y0, ch),
              fx);
      double bottom =
          lerp(
              value(src, size, channels, x0, y0 + 1, ch),
              value(src, size, channels, x0 + 1, y0 + 1, ch),
              fx);
      dst[at + ch] = (float) lerp(top, bottom, fy);
    }
  }

  private static double value(float[] src, int size, int channels, int x, int y, int ch) {
    return x < 0 || y < 0 || x >= size || y >= size ? 0 : src[(y * size + x) * channels + ch];
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }
}
