package org.drtune.internal.data;

import java.util.Optional;

/**
 * The splits of a dataset: training and validation, and a test split when the data has one.
 *
 * @param train the training images
 * @param validation the validation images (the data's own split, or one held out from training)
 * @param test the test images, if the data has them
 */
public record DatasetSplits(
    FundusDataset train, FundusDataset validation, Optional<FundusDataset> test) {

  /**
   * Validates the splits are present.
   *
   * @throws IllegalArgumentException if a split is null
   */
  public DatasetSplits {
    if (train == null || validation == null || test == null) {
      throw new IllegalArgumentException(
          "train, validation and test must not be null; test may be " + "Optional.empty()");
    }
  }
}
