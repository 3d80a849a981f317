package org.drtune.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.drtune.BuildInfo;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.Grading;
import org.drtune.grading.ImageProgress;
import org.drtune.grading.PhotographFiles;

/**
 * Measures grading throughput on one machine: one JVM with {@link DrClassifier#classifyFiles}
 * against {@link DrSpark#grade} on {@code local[1]}, {@code local[2]} and (with {@code --cluster})
 * {@code local-cluster[2,1,MB]} with two separate executor JVMs, on the same photographs and
 * options (TTA and quality check on, batch 32, as {@code drtune predict}). Each Spark setting runs
 * twice: the first run pays for shipping, unpacking and loading the model (in every executor JVM),
 * the second is the steady state; their difference is the per-executor start-up cost. Run by {@code
 * drspark/bench/spark-throughput.sh}, which says how; writes a JSON of every number.
 *
 * <pre>SparkThroughput MODEL_DIR PHOTOS_DIR OUT.json [--cluster]</pre>
 */
public final class SparkThroughput {
  private SparkThroughput() {}

  /** Runs the measurement; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: SparkThroughput MODEL_DIR PHOTOS_DIR OUT.json [--cluster]");
      System.exit(2);
    }
    Path model = DrSpark.modelFolder(Path.of(args[0]));
    Path photos = Path.of(args[1]);
    Path out = Path.of(args[2]);
    boolean cluster = args.length > 3 && args[3].equals("--cluster");
    List<Path> files = PhotographFiles.find(List.of(photos));
    int n = files.size();
    GradeOptions options = GradeOptions.of(model.toString());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("model", model.toString());
    result.put("photographs", n);
    result.put("options", options.toString());
    result.put("versions", List.of(BuildInfo.current().lines()));
    result.put("cpus", Runtime.getRuntime().availableProcessors());

    // one JVM: load, a warm-up pass, then the measured pass
    long t0 = System.nanoTime();
    try (DrClassifier c = DrClassifier.load(model, options.classifierOptions())) {
      double load = seconds(t0);
      long t1 = System.nanoTime();
      Grading first = c.classifyFiles(files, false, ImageProgress.NONE);
      double firstPass = seconds(t1);
      long t2 = System.nanoTime();
      c.classifyFiles(files, false, ImageProgress.NONE);
      double secondPass = seconds(t2);
      result.put(
          "oneJvm",
          Map.of(
              "loadSeconds",
              load,
              "firstPassSeconds",
              firstPass,
              "steadySeconds",
              secondPass,
              "photosPerSecond",
              n / secondPass,
              "graded",
              first.graded().size(),
              "peakRssMegabytes",
              peakRssMegabytes(),
              "heapUsedMegabytes",
              (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20));
      System.err.printf(
          "one JVM: load %.1f s, %.2f photographs/s (first pass %.1f s)%n",
          load, n / secondPass, firstPass);
    }

    List<String> masters = new ArrayList<>(List.of("local[1]", "local[2]"));
    if (cluster) {
      masters.add("local-cluster[2,1,3072]");
    }
    for (String master : masters) {
      SparkSession.Builder b =
          SparkSession.builder()
              .master(master)
              .appName("drtune spark throughput")
              .config("spark.ui.enabled", "false");
      if (master.startsWith("local-cluster")) {
        b.config("spark.executor.extraClassPath", classDirs())
            .config(
                "spark.executor.extraJavaOptions", System.getProperty("drtune.spark.opens", ""));
      }
      SparkSession spark = b.getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      try {
        // as many partitions as there are 32-photograph batches, at least 2 per core
        int partitions = Math.max(4, (n + 31) / 32);
        long s1 = System.nanoTime();
        long rows1 = gradeAndCount(spark, photos, options, partitions);
        double run1 = seconds(s1);
        long s2 = System.nanoTime();
        long rows2 = gradeAndCount(spark, photos, options, partitions);
        double run2 = seconds(s2);
        if (rows1 != n || rows2 != n) {
          throw new IllegalStateException(
              master + ": " + rows1 + " and " + rows2 + " rows for " + n + " photographs");
        }
        result.put(
            master,
            Map.of(
                "partitions", partitions,
                "firstRunSeconds", run1,
                "steadySeconds", run2,
                "photosPerSecond", n / run2,
                "startupSeconds", run1 - run2));
        System.err.printf(
            "%s: %.2f photographs/s steady, first run %.1f s (start-up %.1f s)%n",
            master, n / run2, run1, run1 - run2);
      } finally {
        spark.stop();
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json(result, "") + "\n");
    System.err.println("wrote " + out);
  }

  private static long gradeAndCount(
      SparkSession spark, Path photos, GradeOptions options, int partitions) {
    return DrSpark.grade(
            DrSpark.readPhotographs(spark, photos.toString()).repartition(partitions), options)
        .count();
  }

  private static String classDirs() {
    List<String> dirs = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Files.isDirectory(Path.of(e))) {
        dirs.add(e);
      }
    }
    return String.join(File.pathSeparator, dirs);
  }

  /** JSON of maps, lists, strings and numbers (all this measurement writes). */
  private static String json(Object v, String indent) {
    if (v instanceof Map<?, ?> m) {
      List<String> fields = new ArrayList<>();
      m.forEach((k, x) -> fields.add(indent + "  " + json(k, "") + ": " + json(x, indent + "  ")));
      return "{\n" + String.join(",\n", fields) + "\n" + indent + "}";
    }
    if (v instanceof List<?> l) {
      List<String> items = new ArrayList<>();
      l.forEach(x -> items.add(json(x, indent)));
      return "[" + String.join(", ", items) + "]";
    }
    if (v instanceof Number) {
      return v.toString();
    }
    return "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** This JVM's peak resident set (VmHWM), heap and TensorFlow's native memory together. */
  private static long peakRssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // not Linux: no figure
    }
    return -1;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
