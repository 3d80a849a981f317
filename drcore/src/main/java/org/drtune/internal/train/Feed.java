package org.drtune.internal.train;

import java.util.Arrays;
import org.drtune.internal.data.Batch;

/**
 * One batch as fed to the graph: {@code count} examples of {@code exampleShape} float values each,
 * fed to {@code node} (the model input for images, or a cut node for cached features), with labels
 * and ids.
 *
 * @param node graph node the values are fed to, or null for the model's image input
 * @param values {@code count × product(exampleShape)} floats (the array may be longer)
 * @param exampleShape shape of one example, e.g. {@code [224, 224, 3]} or {@code [1024]}
 * @param labels label of each example
 * @param ids identifier of each example
 * @param count examples in the batch
 */
public record Feed(
    String node, float[] values, long[] exampleShape, int[] labels, String[] ids, int count) {
  /** Checks sizes. */
  public Feed {
    long per = Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b);
    if (count < 1 || labels.length < count || ids.length < count || values.length < per * count) {
      throw new IllegalArgumentException(
          "inconsistent feed: "
              + count
              + " examples of "
              + per
              + " values, "
              + values.length
              + " values, "
              + labels.length
              + " labels");
    }
  }

  /** Values per example. */
  public long valuesPerExample() {
    return Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b);
  }

  /** The images of a data batch, fed to the model input. */
  public static Feed of(Batch b) {
    int s = b.imageSize();
    return new Feed(null, b.pixels(), new long[] {s, s, 3}, b.labels(), b.ids(), b.count());
  }
}
