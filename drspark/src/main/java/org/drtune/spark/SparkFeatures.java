package org.drtune.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.drtune.features.FeatureExtractor;
import org.drtune.features.FeatureJob;
import org.drtune.features.FeatureProvider;

/**
 * A {@link FeatureProvider} that computes a run's frozen features on Spark's executors: the
 * backbone's files go out in a broadcast (verified on each executor by their checksums and by the
 * frozen weights' checksums), every executor JVM opens one {@link FeatureExtractor}, and the
 * features are written to Parquet ({@code FOLDER/SPLIT}: index, path, rotation, features as
 * little-endian bytes of the cache's type, float32 or float16, error) and then read back on the
 * driver into the run's feature cache.
 */
final class SparkFeatures implements FeatureProvider {
  /** Columns of the Parquet output. */
  static final StructType SCHEMA =
      new StructType()
          .add("index", DataTypes.IntegerType, false)
          .add("path", DataTypes.StringType, false)
          .add("rotation", DataTypes.IntegerType, false)
          .add("features", DataTypes.BinaryType, true)
          .add("error", DataTypes.StringType, true);

  private static final StructType INPUT =
      new StructType()
          .add("index", DataTypes.IntegerType, false)
          .add("path", DataTypes.StringType, false);

  private final SparkSession spark;
  private final String folder;
  private final int photographsPerPartition;
  private final boolean keep;
  private final Map<String, ShippedModel> shipped = new java.util.HashMap<>();

  SparkFeatures(SparkSession spark, String folder, int photographsPerPartition, boolean keep) {
    this.spark = spark;
    this.folder = folder;
    this.photographsPerPartition = photographsPerPartition;
    this.keep = keep;
  }

  @Override
  public void compute(FeatureJob job, FeatureJob.Sink sink) throws IOException {
    FeatureExtractor.Spec spec = job.extractor();
    ShippedModel backbone = ship(spec);
    Dataset<Row> input = input(job);
    String out = folder + "/" + job.split();
    input
        .mapPartitions(new FeaturePartition(spec, backbone, job.rotations()), Encoders.row(SCHEMA))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out);
    Dataset<Row> back = spark.read().parquet(out);
    checkNoErrors(back, job);
    readBack(back, job, out, sink);
    if (!keep) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(out);
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    }
  }

  /**
   * The job's photographs as (index, path) rows, in at least as many partitions as the default
   * parallelism and at most {@code photographsPerPartition} rows each.
   */
  private Dataset<Row> input(FeatureJob job) {
    List<Row> rows = new ArrayList<>(job.size());
    for (int i = 0; i < job.size(); i++) {
      rows.add(RowFactory.create(i, job.files().get(i)));
    }
    int partitions =
        Math.max(
            spark.sparkContext().defaultParallelism(),
            (job.size() + photographsPerPartition - 1) / photographsPerPartition);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, partitions), INPUT);
  }

  /** Fails, naming a few, when the executors could not read some photographs. */
  private static void checkNoErrors(Dataset<Row> back, FeatureJob job) throws IOException {
    Dataset<Row> errors = back.filter(functions.col("error").isNotNull());
    long bad = errors.count();
    if (bad > 0) {
      List<String> some = new ArrayList<>();
      for (Row r : errors.select("path", "error").limit(5).collectAsList()) {
        some.add(r.getString(1));
      }
      throw new IOException(
          bad
              + " of "
              + job.size()
              + " photographs of the "
              + job.split()
              + " split could not be read on the executors, e.g. "
              + String.join("; ", some)
              + ": fix or remove them (the training needs the features of every photograph)");
    }
  }

  /**
   * Hands every row's features from the Parquet at {@code out} to the sink, checking their size.
   */
  private static void readBack(Dataset<Row> back, FeatureJob job, String out, FeatureJob.Sink sink)
      throws IOException {
    FeatureExtractor.Spec spec = job.extractor();
    Iterator<Row> it = back.select("index", "rotation", "features").toLocalIterator();
    int per = job.valuesPerExample();
    while (it.hasNext()) {
      Row r = it.next();
      byte[] bytes = (byte[]) r.get(2);
      if (bytes.length != (long) per * spec.dtype().bytes()) {
        throw new IOException(
            "features of "
                + job.files().get(r.getInt(0))
                + " in "
                + out
                + " have "
                + bytes.length
                + " bytes, expected "
                + per
                + " "
                + spec.dtype()
                + " values: delete "
                + out
                + " and run again");
      }
      float[] values = FeatureExtractor.fromBytes(bytes, spec.dtype());
      sink.accept(r.getInt(0), r.getInt(1), values);
    }
  }

  /** The backbone's files, zipped into a broadcast named by the frozen weights' checksums. */
  private ShippedModel ship(FeatureExtractor.Spec spec) throws IOException {
    StringBuilder id = new StringBuilder(spec.node());
    new TreeMap<>(spec.frozenChecksums()).forEach((k, v) -> id.append(k).append(v));
    String name = "drtune-backbone-" + Integer.toHexString(id.toString().hashCode());
    ShippedModel known = shipped.get(name);
    if (known != null) {
      return known; // the validation split after the training split: the same backbone
    }
    Path base = Path.of(spec.backboneFolder());
    for (String f : spec.backboneFiles()) {
      if (!Files.isRegularFile(base.resolve(f))) {
        throw new IOException(
            "the backbone file "
                + base.resolve(f)
                + " is missing on the driver: fetch the weights again (drtune fetch-assets)");
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DrSpark.zipFiles(base, spec.backboneFiles(), bytes);
    ShippedModel out =
        new ShippedModel(
            name,
            JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes.toByteArray()));
    shipped.put(name, out);
    return out;
  }

  /** The executors' extractors, one per spec per JVM. */
  static final Map<FeatureExtractor.Spec, FeatureExtractor> EXTRACTORS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> EXTRACTORS.values().forEach(FeatureExtractor::close),
                "drtune-extractors-close"));
  }
}
