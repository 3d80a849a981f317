package org.drtune.internal.data;

/**
 * How the {@link BatchLoader} rotates each image: not at all, by one fixed rotation, or by a random
 * rotation per image and epoch that is deterministic given the seed (with, for training, an
 * optional random {@link Jitter}: a small rotation by any angle and a zoom).
 */
public sealed interface RotationPolicy {

  /**
   * Returns the rotation of one image.
   *
   * @param epoch the epoch number
   * @param index the image's index in its dataset
   * @return the rotation to apply
   */
  Rotation rotationFor(int epoch, int index);

  /**
   * Returns the jitter of one image, applied before its rotation ({@link Jitter#NONE} unless the
   * policy jitters).
   */
  default Jitter jitterFor(int epoch, int index) {
    return Jitter.NONE;
  }

  /**
   * Whether some image gets a jitter (a feature cache, which holds fixed views, cannot serve it).
   */
  default boolean jitters() {
    return false;
  }

  /**
   * Returns the policy that never rotates.
   *
   * @return the no-rotation policy
   */
  static RotationPolicy none() {
    return new Fixed(Rotation.R0);
  }

  /**
   * Returns a policy applying the same rotation to every image (test-time augmentation).
   *
   * @param rotation the rotation
   * @return the fixed policy
   */
  static RotationPolicy fixed(Rotation rotation) {
    return new Fixed(rotation);
  }

  /**
   * Returns a policy choosing {@link Rotation#random(long, int, int)} per image and epoch.
   *
   * @param seed the augmentation seed
   * @return the random policy
   */
  static RotationPolicy random(long seed) {
    return new Random(seed, false, 0, 0);
  }

  /**
   * Returns a policy choosing {@link Rotation#random(long, int, int, boolean)} per image and epoch.
   *
   * @param seed the augmentation seed
   * @param mirrors choose among all eight views, not only the four rotations
   */
  static RotationPolicy random(long seed, boolean mirrors) {
    return new Random(seed, mirrors, 0, 0);
  }

  /**
   * As {@link #random(long, boolean)}, each image also jittered by {@link Jitter#random(long, int,
   * int, double, double)}.
   *
   * @param maxDegrees the largest jitter angle (0: none)
   * @param maxScale the largest change of scale (0: none)
   */
  static RotationPolicy random(long seed, boolean mirrors, double maxDegrees, double maxScale) {
    return new Random(seed, mirrors, maxDegrees, maxScale);
  }

  /**
   * Every image gets the same rotation.
   *
   * @param rotation the rotation
   */
  record Fixed(Rotation rotation) implements RotationPolicy {
    /** Validates the rotation is present. */
    public Fixed {
      if (rotation == null) {
        throw new IllegalArgumentException("rotation must not be null: use Rotation.R0 for none");
      }
    }

    @Override
    public Rotation rotationFor(int epoch, int index) {
      return rotation;
    }
  }

  /**
   * Each image gets a seeded random rotation (or view, with mirrors) per epoch.
   *
   * @param seed the augmentation seed
   * @param mirrors choose among the eight views
   * @param maxDegrees the largest jitter angle (0: none)
   * @param maxScale the largest change of scale by the jitter (0: none)
   */
  record Random(long seed, boolean mirrors, double maxDegrees, double maxScale)
      implements RotationPolicy {
    /** Validates the jitter bounds. */
    public Random {
      if (!(maxDegrees >= 0 && maxDegrees <= 180) || !(maxScale >= 0 && maxScale < 1)) {
        throw new IllegalArgumentException(
            "jitter bounds must be 0..180 degrees and a scale change in [0, 1), got "
                + maxDegrees
                + ", "
                + maxScale);
      }
    }

    @Override
    public Rotation rotationFor(int epoch, int index) {
      return Rotation.random(seed, epoch, index, mirrors);
    }

    @Override
    public Jitter jitterFor(int epoch, int index) {
      return Jitter.random(seed, epoch, index, maxDegrees, maxScale);
    }

    @Override
    public boolean jitters() {
      return maxDegrees > 0 || maxScale > 0;
    }
  }
}
