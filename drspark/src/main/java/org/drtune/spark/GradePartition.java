package org.drtune.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.grading.GradedImage;
import org.drtune.grading.Grading;
import org.drtune.grading.ImageProgress;
import org.drtune.grading.SkippedImage;

/**
 * Grades one partition in batches with the executor's shared {@link DrClassifier}: one output row
 * per input row, in order; a photograph that cannot be read gets an error row instead of failing
 * the task.
 */
final class GradePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Photographs larger than this are not read into memory (the classifier's own pixel limit). */
  static final long MAX_BYTES = 256L << 20;

  private final GradeOptions options;
  private final ShippedModel shipped;
  private final int numClasses;
  private final int pathField;
  private final int contentField;

  /**
   * @param shipped the model folder broadcast to the executors, or null when {@code
   *     options.model()} is read in place
   * @param pathField index of the path column
   * @param contentField index of the binary content column, or -1 to read each path with Hadoop
   */
  GradePartition(
      GradeOptions options, ShippedModel shipped, int numClasses, int pathField, int contentField) {
    this.options = options;
    this.shipped = shipped;
    this.numClasses = numClasses;
    this.pathField = pathField;
    this.contentField = contentField;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Path local = shipped == null ? Path.of(options.model()) : ExecutorClassifiers.unpacked(shipped);
    DrClassifier classifier = ExecutorClassifiers.get(local, options);
    return new Iterator<>() {
      private final Deque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (ready.isEmpty() && rows.hasNext()) {
          gradeNextBatch(classifier, rows, ready);
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.removeFirst();
      }
    };
  }

  private void gradeNextBatch(DrClassifier classifier, Iterator<Row> rows, Deque<Row> out) {
    List<String> paths = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    String[] readErrors = new String[options.batchSize()];
    while (rows.hasNext() && paths.size() < options.batchSize()) {
      Row r = rows.next();
      int i = paths.size();
      String path = r.isNullAt(pathField) ? null : r.getString(pathField);
      paths.add(path);
      keys.add(Integer.toString(i));
      byte[] content = null;
      if (path == null) {
        readErrors[i] = "the row has no path";
      } else if (contentField >= 0) {
        content = r.isNullAt(contentField) ? null : (byte[]) r.get(contentField);
        if (content == null) {
          readErrors[i] = path + ": the row has no content";
        }
      } else {
        try {
          content = read(path);
        } catch (IOException | RuntimeException e) {
          readErrors[i] = path + ": cannot be read: " + e;
        }
      }
      contents.add(content);
    }
    Grading g = classifier.classifyEncoded(keys, contents, ImageProgress.NONE);
    DrResult[] results = new DrResult[paths.size()];
    String[] errors = new String[paths.size()];
    for (GradedImage gi : g.graded()) {
      results[Integer.parseInt(gi.id())] = gi.result();
    }
    for (SkippedImage s : g.skipped()) {
      int i = Integer.parseInt(s.id());
      String prefix = "cannot load image " + s.id() + ": ";
      String why =
          s.reason().startsWith(prefix) ? s.reason().substring(prefix.length()) : s.reason();
      errors[i] =
          readErrors[i] != null ? readErrors[i] : "cannot load image " + paths.get(i) + ": " + why;
    }
    for (int i = 0; i < paths.size(); i++) {
      out.addLast(row(paths.get(i), results[i], errors[i]));
    }
  }

  static byte[] read(String path) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = p.getFileSystem(new Configuration());
    long length = fs.getFileStatus(p).getLen();
    if (length > MAX_BYTES) {
      throw new IOException(
          length + " bytes, more than the " + MAX_BYTES + " a photograph may have");
    }
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  private Row row(String path, DrResult r, String error) {
    Object[] v = new Object[numClasses + 6];
    v[0] = path;
    if (r != null) {
      v[1] = r.gradable() ? r.predictedClass() : null;
      for (int c = 0; c < numClasses; c++) {
        v[2 + c] = r.probabilities().get(c);
      }
      v[numClasses + 2] = r.referableProbability();
      v[numClasses + 3] = r.refer();
      v[numClasses + 4] = r.gradable() ? null : r.ungradable().id();
    }
    v[numClasses + 5] = error;
    return RowFactory.create(v);
  }
}
