package org.drtune.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.drtune.DrClassifier;
import org.drtune.DrResult;
import org.drtune.ImageLoadException;

/**
 * Runs a {@link DrClassifier} over numbered images in chunks, with progress, leaving out (and reporting) images that
 * cannot be read, or failing on the first one when strict.
 */
final class Scoring {
  private Scoring() {}

  /** Loads one image by its number. */
  @FunctionalInterface
  interface Loader {
    BufferedImage load(int index) throws ImageLoadException;
  }

  /**
   * The results of the images that could be read.
   *
   * @param indices numbers of the classified images, in order
   * @param results their results
   * @param skipped one message per image that could not be read
   */
  record Scored(List<Integer> indices, List<DrResult> results, List<String> skipped) {}

  /** Prints one warning line per skipped image, and a count, on {@code err} (also with {@code --quiet}). */
  static void reportSkipped(java.io.PrintWriter err, List<String> skipped) {
    if (!skipped.isEmpty()) {
      err.println("skipped " + skipped.size() + " unreadable image(s):");
      skipped.forEach(s -> err.println("  " + s));
    }
  }

  static Scored run(DrClassifier classifier, int count, Loader loader, boolean strict, ProgressReporter progress,
      String label) {
    int chunk = Math.max(1, classifier.options().batchSize());
    List<Integer> indices = new ArrayList<>(count);
    List<DrResult> results = new ArrayList<>(count);
    List<String> skipped = new ArrayList<>();
    ProgressReporter.Task task = progress.start(label, count, "images");
    for (int start = 0; start < count; start += chunk) {
      List<BufferedImage> images = new ArrayList<>(chunk);
      List<Integer> part = new ArrayList<>(chunk);
      for (int i = start; i < Math.min(count, start + chunk); i++) {
        try {
          BufferedImage im = loader.load(i);
          if (im.getWidth() < 8 || im.getHeight() < 8) {
            throw new ImageLoadException(String.valueOf(i), "it is " + im.getWidth() + "x" + im.getHeight()
                + " pixels, smaller than the 8x8 a fundus photograph needs");
          }
          images.add(im);
          part.add(i);
        } catch (ImageLoadException e) {
          if (strict) {
            throw new CliException(ExitCode.DATA, e.getMessage() + " (--strict stops at the first unreadable image)",
                e);
          }
          skipped.add(e.getMessage());
        }
      }
      if (!images.isEmpty()) {
        results.addAll(classifier.classifyAll(images));
        indices.addAll(part);
      }
      task.update(Math.min(count, start + chunk), skipped.isEmpty() ? null : skipped.size() + " skipped");
    }
    task.finish(skipped.isEmpty() ? null : skipped.size() + " skipped");
    return new Scored(indices, results, skipped);
  }
}
