package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.drtune.ImageLoadException;

/** A view of some images of another dataset (see {@link FundusDataset#subset(int[])}). */
final class SubsetDataset implements FundusDataset {

  private final FundusDataset base;
  private final int[] indices;

  SubsetDataset(FundusDataset base, int[] indices) {
    this.base = base;
    this.indices = indices.clone();
    boolean[] seen = new boolean[base.size()];
    for (int index : this.indices) {
      if (index < 0 || index >= seen.length) {
        throw new IllegalArgumentException(
            "subset index "
                + index
                + " is out of range: the dataset has "
                + seen.length
                + " images, expected 0.."
                + (seen.length - 1));
      }
      if (seen[index]) {
        throw new IllegalArgumentException(
            "subset index "
                + index
                + " is repeated: a subset lists each "
                + "image at most once; repeat indices in the batch order instead");
      }
      seen[index] = true;
    }
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public String id(int index) {
    return base.id(indices[index]);
  }

  @Override
  public int label(int index) {
    return base.label(indices[index]);
  }

  @Override
  public int numClasses() {
    return base.numClasses();
  }

  @Override
  public BufferedImage load(int index) throws ImageLoadException {
    return base.load(indices[index]);
  }

  @Override
  public String toString() {
    return "subset of "
        + indices.length
        + " images "
        + Arrays.toString(Arrays.copyOf(indices, Math.min(indices.length, 5)))
        + (indices.length > 5 ? "... " : " ")
        + "of "
        + base;
  }

  @Override
  public java.nio.file.Path file(int index) {
    return base.file(indices[index]);
  }

  @Override
  public java.util.Optional<org.drtune.grading.PatientNaming.Photo> photo(int index) {
    return base.photo(indices[index]);
  }
}
