package org.drtune.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.GradedImage;
import org.drtune.grading.Grading;
import org.drtune.grading.ImageProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DrSpark#grade} on a real Spark ({@code local[2]}, tasks retried up to 3 times) with real
 * TensorFlow and a small exported model: one row per photograph, the probabilities of {@link
 * DrClassifier} on the same files, error rows for what cannot be read, and no duplicate when a task
 * dies and is retried.
 */
class DrSparkTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path model;
  static Path photos;
  static List<Path> good = new ArrayList<>();

  @BeforeAll
  static void startSparkAndTrainAModel() throws Exception {
    SparkFixtures f = new SparkFixtures(tmp);
    model = f.model;
    photos = f.photos;
    good.addAll(f.good);
    String it = System.getProperty("drtune.spark.it");
    if (it != null) {
      // the build's check of the -all jar grades these (src/test/check-spark-job.sh)
      f.copyTo(Path.of(it));
    }
    spark =
        SparkSession.builder()
            .master("local[2,3]")
            .appName("drtune-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Map<String, Row> byPath(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : rows) {
      assertThat(m.put(pathOf(r.getString(0)), r)).as("duplicate row %s", r).isNull();
    }
    return m;
  }

  private static String pathOf(String s) {
    return SparkFixtures.pathOf(s);
  }

  @Test
  void everyPhotographGetsOneRowWithTheProbabilitiesOfDrClassifier() throws Exception {
    Dataset<Row> in = DrSpark.readPhotographs(spark, photos.toString()).repartition(3);
    assertThat(in.count()).as("the .txt is left out, the corrupt .jpg is not").isEqualTo(9);
    GradeOptions options = GradeOptions.of(model.toString()).withBatchSize(3);
    List<Row> rows = DrSpark.grade(in, options).collectAsList();
    int loads = ExecutorClassifiers.loads();
    assertThat(DrSpark.grade(in, options).count()).isEqualTo(9);
    assertThat(ExecutorClassifiers.loads())
        .as("the executor's classifier is shared by later tasks and jobs")
        .isEqualTo(loads);
    assertThat(rows).hasSize(9);
    Map<String, Row> out = byPath(rows);

    Row bad = out.get(photos.resolve("a/corrupt.jpg").toString());
    assertThat(bad.isNullAt(1)).isTrue();
    assertThat(bad.isNullAt(2)).isTrue();
    assertThat(bad.getString(bad.fieldIndex(DrSpark.ERROR))).contains("corrupt.jpg");

    try (DrClassifier c = DrClassifier.load(model)) {
      Grading expected = c.classifyFiles(good, true, ImageProgress.NONE);
      for (GradedImage gi : expected.graded()) {
        Row r = out.get(gi.id());
        assertThat(r).as(gi.id()).isNotNull();
        assertThat(r.isNullAt(r.fieldIndex(DrSpark.ERROR))).isTrue();
        for (int k = 0; k < 3; k++) {
          // equal up to float rounding: TensorFlow's kernels sum in another order for another
          // batch size (3 here, the whole list there)
          assertThat(r.getDouble(2 + k))
              .as("%s p%d", gi.id(), k)
              .isCloseTo(
                  gi.result().probabilities().get(k), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(r.getDouble(r.fieldIndex("referable_p")))
            .isCloseTo(
                gi.result().referableProbability(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.getBoolean(r.fieldIndex("referable"))).isEqualTo(gi.result().refer());
        if (gi.result().gradable()) {
          assertThat(r.getInt(1)).isEqualTo(gi.result().predictedClass());
        }
      }
    }
  }

  @Test
  void patientsArePooledAsTheLibraryPoolsThem() throws Exception {
    Path eyes = tmp.resolve("eyes");
    Files.createDirectories(eyes);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      Path f = eyes.resolve((i / 2) + (i % 2 == 0 ? "_left.png" : "_right.png"));
      Files.copy(good.get(i), f);
      files.add(f);
    }
    Path unreadable = eyes.resolve((good.size() / 2) + "_left.jpg");
    Files.write(unreadable, new byte[] {(byte) 0xFF, (byte) 0xD8, 1});
    files.add(unreadable);
    Path other = Files.writeString(eyes.resolve("notes.png"), "names no patient");
    GradeOptions options = GradeOptions.of(model.toString()).withBatchSize(3);
    List<Row> rows =
        DrSpark.gradePatients(
                DrSpark.grade(DrSpark.readPhotographs(spark, eyes.toString()), options),
                options,
                org.drtune.grading.PatientNaming.EYEPACS)
            .collectAsList();
    assertThat(rows).hasSize(good.size() / 2 + 1);
    try (DrClassifier c = DrClassifier.load(model)) {
      org.drtune.grading.PatientGrading expected =
          c.byPatient(
              c.classifyFiles(files, false, ImageProgress.NONE),
              org.drtune.grading.PatientNaming.EYEPACS);
      Map<String, Row> byPatient = new HashMap<>();
      rows.forEach(r -> byPatient.put(r.getString(0), r));
      for (org.drtune.grading.PatientResult p : expected.patients()) {
        Row r = byPatient.get(p.patient());
        assertThat(r).as(p.patient()).isNotNull();
        assertThat(r.getInt(1)).isEqualTo(p.photographs());
        assertThat(r.getBoolean(r.fieldIndex("referable"))).isEqualTo(p.refer());
        assertThat(r.getString(r.fieldIndex(DrSpark.UNGRADABLE))).isEqualTo(p.ungradable());
        if (p.gradable()) {
          assertThat(r.getDouble(r.fieldIndex("referable_p")))
              .isCloseTo(p.referableProbability(), org.assertj.core.data.Offset.offset(1e-6));
          assertThat(r.getInt(2)).isEqualTo(p.predictedClass());
        }
      }
      Row sentBack = byPatient.get(Integer.toString(good.size() / 2));
      assertThat(sentBack.getBoolean(sentBack.fieldIndex("referable"))).isTrue();
      assertThat(sentBack.getString(sentBack.fieldIndex(DrSpark.UNGRADABLE)))
          .contains("left eye", "unreadable");
    }
    assertThat(other).exists();
  }

  @Test
  void aTableOfPathsIsReadThroughHadoopAndAMissingFileIsAnErrorRow() {
    List<String> paths = new ArrayList<>();
    paths.add(good.get(0).toString());
    paths.add(tmp.resolve("gone.png").toString());
    paths.add(good.get(1).toUri().toString());
    Dataset<Row> table = spark.createDataset(paths, Encoders.STRING()).toDF(DrSpark.PATH);
    List<Row> rows =
        DrSpark.grade(table, GradeOptions.of(model.toString()).withSharedModel()).collectAsList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).isNullAt(rows.get(0).fieldIndex(DrSpark.ERROR))).isTrue();
    assertThat(rows.get(1).getString(rows.get(1).fieldIndex(DrSpark.ERROR)))
        .contains("gone.png", "cannot be read");
    assertThat(rows.get(2).isNullAt(rows.get(2).fieldIndex(DrSpark.ERROR)))
        .as("a file: URI is read too")
        .isTrue();
    assertThat(rows.get(2).getDouble(2)).isBetween(0.0, 1.0);

    assertThatThrownBy(
            () ->
                DrSpark.grade(
                    table.withColumnRenamed(DrSpark.PATH, "file"),
                    GradeOptions.of(model.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'path' column");
    assertThatThrownBy(() -> DrSpark.grade(table, GradeOptions.of(tmp.toString())))
        .hasMessageContaining("no model in");
  }

  @Test
  void aKilledTaskIsRetriedWithoutDuplicateRows() throws Exception {
    Dataset<Row> in = DrSpark.readPhotographs(spark, photos.toString()).repartition(3);
    // the first attempt of partition 1 dies after its first row (as an executor lost mid-task
    // would)
    Dataset<Row> flaky = in.mapPartitions(new DiesOnce(), Encoders.row(in.schema()));
    Path out = tmp.resolve("graded.parquet");
    DrSpark.grade(flaky, GradeOptions.of(model.toString())).write().parquet(out.toString());
    List<Row> back = spark.read().parquet(out.toString()).collectAsList();
    assertThat(back).hasSize(9);
    assertThat(byPath(back)).hasSize(9);
    assertThat(spark.read().parquet(out.toString()).schema().apply("p0").dataType())
        .isEqualTo(DataTypes.DoubleType);
  }

  @Test
  void theJobWritesCsvPartFilesWithAHeaderAndRefusesAnExistingOutput() throws Exception {
    Path out = tmp.resolve("job-csv");
    SparkGradeJob job = new SparkGradeJob();
    new picocli.CommandLine(job)
        .parseArgs(
            "--model",
            model.getParent().toString(),
            "--input",
            photos.toString(),
            "--output",
            out.toString(),
            "--format",
            "csv",
            "--partitions",
            "2",
            "--no-tta");
    assertThat(SparkGradeRun.run(job, spark)).isEqualTo(9);
    List<Path> parts;
    try (var s = Files.list(out)) {
      parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
    }
    assertThat(parts).isNotEmpty();
    int rows = 0;
    for (Path p : parts) {
      List<String> lines = Files.readAllLines(p);
      if (!lines.isEmpty()) {
        assertThat(lines.get(0))
            .startsWith("path,grade,p0,p1,p2,referable_p,referable,ungradable,error");
        rows += lines.size() - 1;
      }
    }
    assertThat(rows).isEqualTo(9);
    assertThatThrownBy(() -> SparkGradeRun.run(job, spark)).hasMessageContaining("already exists");
  }

  /** Passes rows through, except that the first attempt of partition 1 dies after one row. */
  static final class DiesOnce implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
      TaskContext t = TaskContext.get();
      if (t.partitionId() != 1 || t.attemptNumber() > 0) {
        return rows;
      }
      return new java.util.Iterator<>() {
        private int given;

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          if (given++ == 1) {
            throw new IllegalStateException("injected executor failure");
          }
          return rows.next();
        }
      };
    }
  }
}
