package org.drtune.internal.data;

/**
 * A lossless clockwise rotation of a square image by a multiple of 90 degrees, used as augmentation
 * (a fundus has no preferred orientation). Rotations permute pixels exactly: four {@link #R90}
 * turns are the identity.
 */
public enum Rotation {
  /** No rotation. */
  R0,
  /** 90 degrees clockwise. */
  R90,
  /** 180 degrees. */
  R180,
  /** 270 degrees clockwise (90 counter-clockwise). */
  R270;

  private static final Rotation[] VALUES = values();

  /**
   * Returns the rotation that applies this one and then {@code next}.
   *
   * @param next the rotation applied second
   * @return the combined rotation
   */
  public Rotation then(Rotation next) {
    return VALUES[(ordinal() + next.ordinal()) % VALUES.length];
  }

  /**
   * Rotates a square image stored row-major as interleaved channels (HWC).
   *
   * @param hwc {@code size*size*channels} values
   * @param size the side of the square
   * @param channels values per pixel
   * @return a new rotated array (a copy even for {@link #R0})
   * @throws IllegalArgumentException if the array length is not {@code size*size*channels}
   */
  public float[] apply(float[] hwc, int size, int channels) {
    checkLength(hwc.length, size, channels);
    float[] out = new float[hwc.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int from = sourceIndex(y, x, size) * channels;
        System.arraycopy(hwc, from, out, (y * size + x) * channels, channels);
      }
    }
    return out;
  }

  /**
   * Rotates a square image of packed RGB pixels stored row-major.
   *
   * @param pixels {@code size*size} packed pixels
   * @param size the side of the square
   * @return a new rotated array (a copy even for {@link #R0})
   * @throws IllegalArgumentException if the array length is not {@code size*size}
   */
  public int[] apply(int[] pixels, int size) {
    checkLength(pixels.length, size, 1);
    int[] out = new int[pixels.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        out[y * size + x] = pixels[sourceIndex(y, x, size)];
      }
    }
    return out;
  }

  /** Returns the row-major source pixel that lands on output pixel (y, x). */
  private int sourceIndex(int y, int x, int size) {
    int last = size - 1;
    return switch (this) {
      case R0 -> y * size + x;
      case R90 -> (last - x) * size + y;
      case R180 -> (last - y) * size + (last - x);
      case R270 -> x * size + (last - y);
    };
  }

  private static void checkLength(int length, int size, int channels) {
    if (size < 1 || channels < 1 || (long) size * size * channels != length) {
      throw new IllegalArgumentException(
          "a "
              + size
              + "x"
              + size
              + " image with "
              + channels
              + " channel(s) needs "
              + (long) size * size * channels
              + " values, got "
              + length
              + ": rotation needs a square image");
    }
  }

  /**
   * Chooses a rotation deterministically from a seed, an epoch and an image index: the same
   * arguments always give the same rotation, and the four rotations are equally likely across
   * images and epochs.
   *
   * @param seed the augmentation seed
   * @param epoch the epoch number
   * @param index the image index in its dataset
   * @return one of the four rotations
   */
  public static Rotation random(long seed, int epoch, int index) {
    long h = mix(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
    h = mix(h ^ (index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL));
    return VALUES[(int) (h >>> 62)];
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
