package org.drtune.features;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link FeatureProvider} computes for one split of a run: the frozen part's output for
 * photograph {@code i} ({@code files.get(i)}) at rotations {@code 0 .. rotations - 1} (multiples of
 * 90° counter-clockwise), each {@code product(exampleShape)} floats.
 *
 * @param split the split's name ({@code train} or {@code validation})
 * @param ids the photographs' ids, in index order
 * @param files the photographs' files (absolute paths), in index order
 * @param rotations 1 (unrotated only), 4, or 8 (the four rotations of the mirrored photograph
 *     follow the four rotations)
 * @param exampleShape the shape of one photograph's features
 * @param extractor how to compute them on another JVM
 */
public record FeatureJob(
    String split,
    List<String> ids,
    List<String> files,
    int rotations,
    long[] exampleShape,
    FeatureExtractor.Spec extractor) {

  /** Checks sizes and copies the lists. */
  public FeatureJob {
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(extractor, "extractor");
    ids = List.copyOf(ids);
    files = List.copyOf(files);
    if (ids.size() != files.size()) {
      throw new IllegalArgumentException(ids.size() + " ids but " + files.size() + " files");
    }
    if (rotations != 1 && rotations != 4 && rotations != 8) {
      throw new IllegalArgumentException("rotations must be 1, 4 or 8, got " + rotations);
    }
    exampleShape = exampleShape.clone();
  }

  /** Photographs in the job. */
  public int size() {
    return ids.size();
  }

  /** Floats of one photograph's features. */
  public int valuesPerExample() {
    long per = 1;
    for (long d : exampleShape) {
      per *= d;
    }
    return Math.toIntExact(per);
  }

  /** Receives computed features; thread-safe. */
  @FunctionalInterface
  public interface Sink {
    /**
     * The features of photograph {@code index} at {@code rotation}.
     *
     * @throws IllegalArgumentException when the index, rotation or length does not fit the job
     * @throws IOException when they cannot be stored
     */
    void accept(int index, int rotation, float[] values) throws IOException;
  }
}
