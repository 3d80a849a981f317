package org.drtune.internal.data;

/**
 * One batch from the {@link BatchLoader}: the first {@code count} images, labels and ids are valid.
 * {@code count} is below the batch size for the last batch and when images were skipped.
 *
 * <p>The arrays are owned by the receiver (the loader keeps no reference), so they may be reused or
 * handed to a tensor without copying.
 *
 * @param pixels float32 HWC values, {@code batchSize * imageSize * imageSize * 3}; image {@code i}
 *     starts at {@code i * imageSize * imageSize * 3}
 * @param labels the grades, {@code batchSize} entries
 * @param ids the image ids, {@code batchSize} entries
 * @param indices the dataset indices of the images, {@code batchSize} entries
 * @param count the number of valid images, {@code 1 .. batchSize}
 * @param imageSize the side of each square image
 */
public record Batch(
    float[] pixels, int[] labels, String[] ids, int[] indices, int count, int imageSize) {

  /**
   * Validates the sizes agree.
   *
   * @throws IllegalArgumentException if the arrays do not match the count and image size
   */
  public Batch {
    if (imageSize < 1
        || count < 0
        || count > labels.length
        || ids.length != labels.length
        || indices.length != labels.length
        || (long) labels.length * imageSize * imageSize * 3 != pixels.length) {
      throw new IllegalArgumentException(
          "inconsistent batch: "
              + pixels.length
              + " pixel values, "
              + labels.length
              + " labels, "
              + ids.length
              + " ids, "
              + indices.length
              + " indices, count "
              + count
              + ", image size "
              + imageSize);
    }
  }

  /**
   * Returns the number of values one image takes.
   *
   * @return {@code imageSize * imageSize * 3}
   */
  public int valuesPerImage() {
    return imageSize * imageSize * 3;
  }
}
