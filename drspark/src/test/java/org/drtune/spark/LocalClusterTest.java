package org.drtune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.GradedImage;
import org.drtune.grading.Grading;
import org.drtune.grading.ImageProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grading on Spark's {@code local-cluster[2,1,1024]}: a master, a worker and two executors, each a
 * separate JVM that fetches its own copy of the model ({@code addFile}), verifies it and loads its
 * own TensorFlow. Spark finds the executors' jars in {@code $SPARK_HOME/jars}; surefire points
 * SPARK_HOME at {@code target/spark-home}, filled here with links to this test's class path.
 */
class LocalClusterTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static SparkFixtures fixtures;

  @BeforeAll
  static void startACluster() throws Exception {
    fixtures = new SparkFixtures(tmp);
    Path home = Path.of(System.getenv("SPARK_HOME"));
    Path jars = Files.createDirectories(home.resolve("jars"));
    List<String> dirs = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        dirs.add(p.toString());
      } else if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    spark =
        SparkSession.builder()
            .master("local-cluster[2,1,1024]")
            .appName("drtune-local-cluster")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
            .config("spark.executor.extraJavaOptions", System.getProperty("drtune.spark.opens", ""))
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void twoExecutorJvmsEachLoadTheShippedModelAndGradeLikeDrClassifier() throws Exception {
    long driver = ProcessHandle.current().pid();
    List<Long> pids =
        spark
            .range(0, 64, 1, 8)
            .map((MapFunction<Long, Long>) x -> ProcessHandle.current().pid(), Encoders.LONG())
            .distinct()
            .collectAsList();
    assertThat(pids).as("separate executor JVMs").hasSize(2).doesNotContain(driver);

    List<Row> rows =
        DrSpark.grade(
                DrSpark.readPhotographs(spark, fixtures.photos.toString()).repartition(4),
                GradeOptions.of(fixtures.model.toString()))
            .collectAsList();
    assertThat(rows).hasSize(9);
    Map<String, Row> out = new HashMap<>();
    rows.forEach(r -> out.put(SparkFixtures.pathOf(r.getString(0)), r));
    assertThat(out).hasSize(9);
    Row bad = out.get(fixtures.photos.resolve("a/corrupt.jpg").toString());
    assertThat(bad.getString(bad.fieldIndex(DrSpark.ERROR))).contains("corrupt.jpg");
    try (DrClassifier c = DrClassifier.load(fixtures.model)) {
      Grading expected = c.classifyFiles(fixtures.good, true, ImageProgress.NONE);
      for (GradedImage gi : expected.graded()) {
        Row r = out.get(gi.id());
        for (int k = 0; k < 3; k++) {
          assertThat(r.getDouble(2 + k))
              .as("%s p%d", gi.id(), k)
              .isCloseTo(
                  gi.result().probabilities().get(k), org.assertj.core.data.Offset.offset(1e-6));
        }
      }
    }
  }
}
