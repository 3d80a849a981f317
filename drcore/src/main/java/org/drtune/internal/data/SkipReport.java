package org.drtune.internal.data;

import java.util.List;

/**
 * The images the {@link BatchLoader} skipped because they could not be loaded, in the order they
 * were met.
 *
 * @param skipped the skipped images
 */
public record SkipReport(List<Skipped> skipped) {

  /**
   * Copies the list.
   *
   * @throws IllegalArgumentException if the list is null
   */
  public SkipReport {
    if (skipped == null) {
      throw new IllegalArgumentException("skipped must not be null");
    }
    skipped = List.copyOf(skipped);
  }

  /**
   * Returns the number of skipped images.
   *
   * @return the count
   */
  public int count() {
    return skipped.size();
  }

  /**
   * One skipped image.
   *
   * @param index the image's dataset index
   * @param id the image's id
   * @param reason why it could not be loaded, naming the file
   */
  public record Skipped(int index, String id, String reason) {}
}
