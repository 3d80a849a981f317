package org.drtune.spark;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Runs a {@link SparkGradeJob}: reads, grades and writes with Spark. */
final class SparkGradeRun {
  private SparkGradeRun() {}

  /** A started session, stopped on close. */
  record Started(SparkSession spark) implements AutoCloseable {
    @Override
    public void close() {
      spark.stop();
    }
  }

  /** A session on {@code master}, or spark-submit's, else {@code local[*]}; Spark logs at WARN. */
  static Started start(String master, String appName) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    } else if (System.getProperty("spark.master") == null) {
      b.master("local[*]");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return new Started(spark);
  }

  /** With a session for the job's {@code --master}, or spark-submit's, else {@code local[*]}. */
  static long run(SparkGradeJob job) {
    try (Started s = start(job.master, "drtune spark-grade")) {
      return run(job, s.spark());
    }
  }

  /** Grades and writes in {@code spark}; returns the number of rows written. */
  static long run(SparkGradeJob job, SparkSession spark) {
    DrSpark.LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            "spark-grade on "
                + spark.sparkContext().master()
                + ": "
                + String.join(", ", job.input)
                + " with "
                + job.model
                + " into "
                + job.output
                + " ("
                + job.format
                + (job.partitions != null ? ", " + job.partitions + " partitions" : "")
                + ")");
    Dataset<Row> photos = DrSpark.readPhotographs(spark, job.input);
    if (job.partitions != null) {
      photos = photos.repartition(job.partitions);
    }
    Dataset<Row> graded = DrSpark.grade(photos, job.gradeOptions()).cache();
    try {
      DataFrameWriter<Row> writer =
          graded.write().mode(job.overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
      if (job.format == SparkGradeJob.Format.csv) {
        writer.option("header", "true").csv(job.output);
      } else {
        writer.parquet(job.output);
      }
      return graded.count();
    } finally {
      graded.unpersist();
    }
  }
}
