package org.drtune.internal.data;

/**
 * How the {@link BatchLoader} rotates each image: not at all, by one fixed rotation, or by a random
 * rotation per image and epoch that is deterministic given the seed.
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
    return new Random(seed, false);
  }

  /**
   * Returns a policy choosing {@link Rotation#random(long, int, int, boolean)} per image and epoch.
   *
   * @param seed the augmentation seed
   * @param mirrors choose among all eight views, not only the four rotations
   */
  static RotationPolicy random(long seed, boolean mirrors) {
    return new Random(seed, mirrors);
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
   */
  record Random(long seed, boolean mirrors) implements RotationPolicy {
    @Override
    public Rotation rotationFor(int epoch, int index) {
      return Rotation.random(seed, epoch, index, mirrors);
    }
  }
}
