package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import org.drtune.ImageLoadException;

/**
 * A labelled set of fundus images addressed by index {@code 0 .. size()-1}.
 *
 * <p>Ids, labels and the size are known up front and cheap to query; pixels are decoded on demand
 * by {@link #load(int)}, so a dataset holds no decoded image. Implementations are safe for
 * concurrent {@code load} calls from the {@link BatchLoader}'s worker threads.
 */
public interface FundusDataset {

  /**
   * Returns the number of images.
   *
   * @return the number of images, at least 0
   */
  int size();

  /**
   * Returns the id of an image: for an {@code .npz} split its index as a string (for example {@code
   * "17"}), for files the file name without extension (for example {@code "10_left"}).
   *
   * @param index the image index, {@code 0 <= index < size()}
   * @return the image's id, unique within the dataset
   */
  String id(int index);

  /**
   * Returns the DR grade of an image.
   *
   * @param index the image index, {@code 0 <= index < size()}
   * @return the label, {@code 0 <= label < numClasses()}
   */
  int label(int index);

  /**
   * Returns the number of classes labels are drawn from (5 for the international DR scale).
   *
   * @return the number of classes, at least 2
   */
  int numClasses();

  /**
   * Decodes an image.
   *
   * @param index the image index, {@code 0 <= index < size()}
   * @return the image as {@link BufferedImage#TYPE_INT_RGB}
   * @throws ImageLoadException if the image cannot be read or decoded
   */
  BufferedImage load(int index) throws ImageLoadException;

  /**
   * The file an image is read from, or null when it is not a file of its own (an image inside an
   * {@code .npz}).
   *
   * @param index the image index
   */
  default java.nio.file.Path file(int index) {
    return null;
  }

  /**
   * Returns all labels in index order.
   *
   * @return a new array of {@link #size()} labels
   */
  default int[] labels() {
    int[] labels = new int[size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label(i);
    }
    return labels;
  }

  /**
   * Returns a view of some images of this dataset, in the given order; index {@code i} of the view
   * is index {@code indices[i]} of this dataset.
   *
   * @param indices indices into this dataset, each in range and none repeated
   * @return a dataset backed by this one
   * @throws IllegalArgumentException if an index is out of range or repeated
   */
  default FundusDataset subset(int[] indices) {
    return new SubsetDataset(this, indices);
  }

  /**
   * The patient and eye of image {@code index} when the data says them itself (a label CSV's {@code
   * patient} and {@code eye} columns); empty otherwise, when only the id can say them.
   */
  default java.util.Optional<org.drtune.grading.PatientNaming.Photo> photo(int index) {
    return java.util.Optional.empty();
  }
}
