package org.drtune.grading;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.drtune.ImageLoadException;

/**
 * Many photographs graded in batches by a {@link DrClassifier}: each decoded once (spread over the
 * cores: decoding is the slow part of a batch), the unreadable ones left out with their reason (or,
 * strict, stopping the run), progress after every batch.
 */
final class BatchGrading {
  /** Loads one photograph by its number. */
  @FunctionalInterface
  interface Loader {
    BufferedImage load(int index) throws ImageLoadException;
  }

  /** The photographs: how many, their ids and labels, and how to load each. */
  record Source(
      int count,
      IntFunction<String> id,
      IntUnaryOperator label,
      Loader loader,
      String name,
      String note) {}

  private BatchGrading() {}

  /**
   * Grades every photograph of {@code source} with {@code grade} (a batch of decoded photographs to
   * their results), {@code batchSize} at a time.
   *
   * @throws ImageLoadException with {@code strict}, for the first unreadable photograph
   */
  static Grading grade(
      Source source,
      int batchSize,
      boolean strict,
      ImageProgress progress,
      LabelScheme scheme,
      Function<List<BufferedImage>, List<DrResult>> grade)
      throws ImageLoadException {
    int count = source.count();
    List<GradedImage> graded = new ArrayList<>(count);
    List<SkippedImage> skipped = new ArrayList<>();
    if (count > 0) {
      progress.update(0, count, 0); // the start: a rate measured from here is true
    }
    for (int start = 0; start < count; start += batchSize) {
      int end = Math.min(count, start + batchSize);
      Decoded batch = decode(source, start, end);
      List<BufferedImage> images = new ArrayList<>();
      List<Integer> indices = new ArrayList<>();
      for (int i = start; i < end; i++) {
        ImageLoadException error = batch.errors()[i - start];
        if (error == null) {
          images.add(batch.images()[i - start]);
          indices.add(i);
        } else if (strict) {
          throw error;
        } else {
          skipped.add(new SkippedImage(source.id().apply(i), error.getMessage()));
        }
      }
      if (!images.isEmpty()) {
        List<DrResult> results = grade.apply(images);
        for (int j = 0; j < results.size(); j++) {
          int i = indices.get(j);
          graded.add(
              new GradedImage(source.id().apply(i), source.label().applyAsInt(i), results.get(j)));
        }
      }
      progress.update(end, count, skipped.size());
    }
    return new Grading(source.name(), source.note(), scheme, graded, skipped);
  }

  /** A batch decoded: each slot holds the image or why it could not be read. */
  private record Decoded(BufferedImage[] images, ImageLoadException[] errors) {}

  private static Decoded decode(Source source, int start, int end) {
    BufferedImage[] images = new BufferedImage[end - start];
    ImageLoadException[] errors = new ImageLoadException[end - start];
    // each slot is written by one thread
    IntStream.range(start, end)
        .parallel()
        .forEach(
            i -> {
              try {
                BufferedImage im = source.loader().load(i);
                if (im.getWidth() < 8 || im.getHeight() < 8) {
                  throw new ImageLoadException(
                      source.id().apply(i),
                      "it is "
                          + im.getWidth()
                          + "x"
                          + im.getHeight()
                          + " pixels, smaller than the 8x8 a fundus photograph needs");
                }
                images[i - start] = im;
              } catch (ImageLoadException e) {
                errors[i - start] = e;
              }
            });
    return new Decoded(images, errors);
  }
}
