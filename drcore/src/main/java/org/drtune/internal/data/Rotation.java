package org.drtune.internal.data;

/**
 * A lossless view of a square image: a clockwise rotation by a multiple of 90 degrees, optionally
 * after a left-right mirror (the eight symmetries of the square), used as augmentation (a fundus
 * has no preferred orientation, and a mirror turns a left eye into a right one). Views permute
 * pixels exactly and leave colour alone. The four rotations come first ({@link #rotations()}); the
 * mirrored views are opt-in ({@link #views(boolean)}).
 */
public enum Rotation {
  /** No rotation. */
  R0,
  /** 90 degrees clockwise. */
  R90,
  /** 180 degrees. */
  R180,
  /** 270 degrees clockwise (90 counter-clockwise). */
  R270,
  /** Mirrored left-right. */
  M0,
  /** Mirrored, then 90 degrees clockwise. */
  M90,
  /** Mirrored, then 180 degrees. */
  M180,
  /** Mirrored, then 270 degrees clockwise. */
  M270;

  private static final Rotation[] VALUES = values();
  private static final Rotation[] ROTATIONS = {R0, R90, R180, R270};

  /** The four rotations, without mirrors (a new array). */
  public static Rotation[] rotations() {
    return ROTATIONS.clone();
  }

  /** The four rotations, or with {@code mirrors} all eight views (a new array). */
  public static Rotation[] views(boolean mirrors) {
    return mirrors ? VALUES.clone() : rotations();
  }

  /**
   * Returns the view that applies this one and then {@code next} (a mirror after a rotation is the
   * mirror before the opposite rotation).
   *
   * @param next the view applied second
   * @return the combined view
   */
  public Rotation then(Rotation next) {
    int r = ordinal() % 4;
    int rotation = Math.floorMod((next.mirrored() ? -r : r) + next.ordinal() % 4, 4);
    return VALUES[rotation + (mirrored() != next.mirrored() ? 4 : 0)];
  }

  /** The view that undoes this one: {@code this.then(inverse())} is {@link #R0}. */
  public Rotation inverse() {
    for (Rotation v : VALUES) {
      if (then(v) == R0) {
        return v;
      }
    }
    throw new AssertionError("the views of a square form a group");
  }

  /** Whether this view mirrors the image. */
  public boolean mirrored() {
    return ordinal() >= 4;
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
    int sy;
    int sx;
    switch (ordinal() % 4) {
      case 0 -> {
        sy = y;
        sx = x;
      }
      case 1 -> {
        sy = last - x;
        sx = y;
      }
      case 2 -> {
        sy = last - y;
        sx = last - x;
      }
      default -> {
        sy = x;
        sx = last - y;
      }
    }
    // a mirrored view rotates the mirrored image, whose pixel (sy, sx) is the original's
    // (sy, last - sx)
    return sy * size + (mirrored() ? last - sx : sx);
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
    return random(seed, epoch, index, false);
  }

  /**
   * As {@link #random(long, int, int)}, choosing among the eight views when {@code mirrors} (the
   * rotation is the same as without mirrors; the mirror is the hash's next bit).
   */
  public static Rotation random(long seed, int epoch, int index, boolean mirrors) {
    long h = mix(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
    h = mix(h ^ (index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL));
    int rotation = (int) (h >>> 62);
    boolean mirror = mirrors && ((h >>> 61) & 1) == 1;
    return VALUES[rotation + (mirror ? 4 : 0)];
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
