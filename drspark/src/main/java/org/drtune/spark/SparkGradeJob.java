package org.drtune.spark;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The grading job's command line (free of Spark types, so that its help works without Spark; {@link
 * SparkGradeRun} runs it): every photograph under {@code --input} graded with {@code --model} into
 * {@code --output} (Spark's folder of part files). Run it with {@code spark-submit --class
 * org.drtune.spark.SparkGradeJob drtune-spark-VERSION-all.jar ...}, or on one machine with {@code
 * drtune spark-grade --master local[N] ...}.
 */
@Command(
    name = "spark-grade",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Grades every photograph under --input (a folder, read recursively, or a glob, on any file"
          + " system Spark reads) with an exported model on Apache Spark, into --output: a folder"
          + " of Parquet or CSV part files (with a header each), one row per photograph:"
          + " path,grade,p0..pK-1,referable_p,referable,ungradable,error.",
      "Each executor loads the model once (copied to it and verified against the model card), and"
          + " grades in batches; a photograph that cannot be read gets an error row, never a failed"
          + " job."
    })
public final class SparkGradeJob implements Callable<Integer> {
  /** What the output is written as. */
  public enum Format {
    /** Apache Parquet. */
    parquet,
    /** CSV with a header in every part file. */
    csv
  }

  @Option(
      names = "--model",
      paramLabel = "DIR",
      required = true,
      description = "Model folder written by drtune train (RUN_DIR/model, or RUN_DIR).")
  String model;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      required = true,
      arity = "1..*",
      description = "Folder(s) or glob(s) of photographs (.jpg, .jpeg, .png).")
  String[] input;

  @Option(
      names = "--output",
      paramLabel = "PATH",
      required = true,
      description = "Output folder; it must not exist (unless --overwrite).")
  String output;

  @Option(
      names = "--format",
      paramLabel = "parquet|csv",
      defaultValue = "parquet",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master, e.g. local[2] (default: the one spark-submit sets, else local[*]).")
  String master;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      converter = PositiveInt.class,
      description =
          "Spread the photographs over N partitions (default: as Spark reads them; more partitions"
              + " than cores keeps every core busy).")
  Integer partitions;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "32",
      converter = PositiveInt.class,
      description = "Photographs per TensorFlow batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--tta",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Average over the four 90-degree rotations (default: on, as drtune predict).")
  boolean tta;

  @Option(
      names = "--quality-check",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Refuse photographs that are not gradable retinas (default: on).")
  boolean qualityCheck;

  @Option(
      names = "--shared-model",
      description =
          "Read --model in place on every executor (a shared file system) instead of copying it.")
  boolean sharedModel;

  @Option(names = "--overwrite", description = "Replace an existing --output folder.")
  boolean overwrite;

  /**
   * Runs the job with a session for {@code --master} (or spark-submit's).
   *
   * @throws SparkUnavailableException when Apache Spark is not on the class path
   */
  @Override
  public Integer call() {
    SparkUnavailableException.requireSpark(
        "spark-grade",
        ", or run spark-submit --class "
            + SparkGradeJob.class.getName()
            + " drtune-spark-VERSION-all.jar with the same options");
    long n = SparkGradeRun.run(this);
    System.err.println("graded " + n + " photograph(s) into " + output + " (" + format + ")");
    return 0;
  }

  /** The options as the grading needs them. */
  GradeOptions gradeOptions() {
    GradeOptions options =
        GradeOptions.of(model)
            .withBatchSize(batch)
            .withTestTimeAugmentation(tta)
            .withQualityCheck(qualityCheck);
    return sharedModel ? options.withSharedModel() : options;
  }

  /** Parses a whole number of at least 1. */
  static final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
      }
      if (n < 1) {
        throw new CommandLine.TypeConversionException("must be at least 1, got " + n);
      }
      return n;
    }
  }

  /**
   * Entry point for {@code spark-submit}: exits 0 on success, 2 on a bad command line, 1 on a
   * failure.
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkGradeJob()).execute(args));
  }
}
