package org.drtune.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.drtune.ImageLoadException;
import org.drtune.features.FeatureExtractor;

/**
 * Computes one partition's features on an executor with its JVM's {@link FeatureExtractor}: for
 * every photograph one row per rotation, or one error row (rotation -1) when it cannot be read.
 */
final class FeaturePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final FeatureExtractor.Spec spec;
  private final ShippedModel backbone;
  private final int rotations;

  FeaturePartition(FeatureExtractor.Spec spec, ShippedModel backbone, int rotations) {
    this.spec = spec;
    this.backbone = backbone;
    this.rotations = rotations;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Path local = ExecutorClassifiers.unpacked(backbone);
    FeatureExtractor extractor =
        SparkFeatures.EXTRACTORS.computeIfAbsent(
            spec,
            s -> {
              try {
                return FeatureExtractor.open(s, local);
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "executor could not open the feature extractor: " + e.getMessage(), e);
              }
            });
    return new Iterator<>() {
      private final Deque<Row> out = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (out.isEmpty() && rows.hasNext()) {
          List<Integer> indices = new ArrayList<>();
          List<String> paths = new ArrayList<>();
          while (rows.hasNext() && indices.size() < spec.batchSize()) {
            Row r = rows.next();
            indices.add(r.getInt(0));
            paths.add(r.getString(1));
          }
          batch(extractor, indices, paths, out);
        }
        return !out.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return out.removeFirst();
      }
    };
  }

  private void batch(
      FeatureExtractor extractor, List<Integer> indices, List<String> paths, Deque<Row> out) {
    List<Integer> okIndex = new ArrayList<>();
    List<String> okPath = new ArrayList<>();
    List<byte[]> okBytes = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      try {
        okBytes.add(GradePartition.read(paths.get(i)));
        okIndex.add(indices.get(i));
        okPath.add(paths.get(i));
      } catch (IOException e) {
        out.addLast(error(indices.get(i), paths.get(i), "cannot read " + paths.get(i) + ": " + e));
      }
    }
    boolean sifted = false;
    for (int r = 0; r < rotations; r++) {
      List<float[]> values;
      try {
        synchronized (extractor) { // one TensorFlow session; its threads use every core already
          values = extractor.extract(okBytes, okPath, r);
        }
      } catch (ImageLoadException e) {
        if (sifted) {
          throw new UncheckedIOException(e); // decodes once, not twice: a flaky file system
        }
        values = null;
      }
      if (values == null) {
        // find the photographs that cannot be decoded, one by one
        sifted = true;
        for (int i = okBytes.size() - 1; i >= 0; i--) {
          try {
            synchronized (extractor) {
              extractor.extract(List.of(okBytes.get(i)), List.of(okPath.get(i)), 0);
            }
          } catch (ImageLoadException e) {
            out.addLast(error(okIndex.get(i), okPath.get(i), e.getMessage()));
            okBytes.remove(i);
            okIndex.remove(i);
            okPath.remove(i);
          }
        }
        r--; // the same rotation again, without them
        continue;
      }
      for (int i = 0; i < values.size(); i++) {
        byte[] b = FeatureExtractor.toBytes(values.get(i), spec.dtype());
        out.addLast(RowFactory.create(okIndex.get(i), okPath.get(i), r, b, null));
      }
    }
  }

  private static Row error(int index, String path, String why) {
    return RowFactory.create(index, path, -1, null, why);
  }
}
