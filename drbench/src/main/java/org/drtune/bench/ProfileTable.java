package org.drtune.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns benchmark results into the quick profile's two Markdown tables: throughput per benchmark,
 * and the ratios that say where the time goes (forward pass against the MatMul roofline, training
 * step against forward pass, drtune against DJL on PyTorch, input pipeline against training).
 */
public final class ProfileTable {
  /** Shown for a ratio whose inputs were not measured in this run. */
  public static final String NOT_RUN = "n/a (not run)";

  private final List<Row> rows;

  /**
   * One benchmark result.
   *
   * @param benchmark simple class name and method, e.g. {@code InferenceBenchmark.batch32}
   * @param params the JMH parameters
   * @param score primary score in ops/s (images/s for every benchmark except the roofline)
   * @param error half-width of the 99.9 % confidence interval, NaN when there were too few
   *     iterations
   * @param gflops the roofline's secondary GFLOP/s result, NaN elsewhere
   */
  public record Row(
      String benchmark, Map<String, String> params, double score, double error, double gflops) {
    /** Copies the parameters. */
    public Row {
      Objects.requireNonNull(benchmark, "benchmark");
      params = Map.copyOf(params);
    }

    /**
     * A parameter's value, "" when the run did not have it; fp32 for a precision or dtype, which
     * results of runs from before those parameters existed lack (they measured fp32).
     */
    String param(String key) {
      String fallback = key.equals("precision") || key.equals("dtype") ? "fp32" : "";
      return params.getOrDefault(key, fallback);
    }
  }

  /** A table of these rows. */
  public ProfileTable(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** A table of JMH run results. */
  public static ProfileTable of(List<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      String[] parts = full.split("\\.");
      String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
      Map<String, String> params = new LinkedHashMap<>();
      for (String k : r.getParams().getParamsKeys()) {
        params.put(k, r.getParams().getParam(k));
      }
      @SuppressWarnings("rawtypes")
      Result gflop = r.getSecondaryResults().get("gflop");
      rows.add(
          new Row(
              name,
              params,
              r.getPrimaryResult().getScore(),
              r.getPrimaryResult().getScoreError(),
              gflop == null ? Double.NaN : gflop.getScore()));
    }
    return new ProfileTable(rows);
  }

  /** The rows. */
  public List<Row> rows() {
    return rows;
  }

  /**
   * The throughput table: one line per result, with GFLOP/s for forward passes and the roofline.
   */
  public String throughputTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Benchmark | Parameters | Score | ± (99.9 %) | Unit | GFLOP/s |\n");
    sb.append("|---|---|---:|---:|---|---:|\n");
    for (Row r : rows) {
      boolean roofline = r.benchmark().startsWith("RooflineBenchmark");
      double gflops = roofline ? rooflineGflops(r) : forwardGflops(r).orElse(Double.NaN);
      sb.append("| ")
          .append(r.benchmark())
          .append(" | ")
          .append(
              r.params().entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(" ")))
          .append(" | ")
          .append(fmt(r.score()))
          .append(" | ")
          .append(Double.isNaN(r.error()) ? "" : fmt(r.error()))
          .append(" | ")
          .append(roofline ? "MatMul/s" : "images/s")
          .append(" | ")
          .append(Double.isNaN(gflops) ? "" : fmt(gflops))
          .append(" |\n");
    }
    return sb.toString();
  }

  /**
   * One ratio of two results of the same run.
   *
   * @param key a stable identifier, e.g. {@code classifier/raw}, as in a CI baseline
   * @param name what it compares
   * @param value the ratio, empty when an input was not measured in this run
   * @param how how it is computed and read
   */
  public record Ratio(String key, String name, Optional<Double> value, String how) {}

  /** The ratio table; a ratio whose inputs are missing says so instead of a number. */
  public String ratioTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Ratio | Value | Computed as |\n|---|---:|---|\n");
    for (Ratio r : ratios()) {
      sb.append("| ")
          .append(r.name())
          .append(" | ")
          .append(r.value().map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse(NOT_RUN))
          .append(" | ")
          .append(r.how())
          .append(" |\n");
    }
    return sb.toString();
  }

  /** Every ratio the profile knows, measured or not, in the order of the ratio table. */
  public List<Ratio> ratios() {
    List<Ratio> out = new ArrayList<>();
    forwardAgainstRoofline(out);
    trainStepAgainstForward(out);
    bf16AgainstFp32(out);
    oursAgainstDjl(out);
    pipeline(out);
    ratio(
        out,
        "classifier/raw",
        "DrClassifier / raw session of the same model, batch 32, 224²",
        score("ClassifierBenchmark.classifyBatch32", Map.of()),
        score("ClassifierBenchmark.rawSessionBatch32", Map.of()),
        "images/s; 1.0 = no overhead (target: within 5 %)");
    for (String strategy : new String[] {"linear", "early-features"}) {
      ratio(
          out,
          "cached/uncached-" + strategy,
          "cached / uncached epoch, " + strategy + ", 224²",
          score("FeatureCacheBenchmark.cachedEpoch", Map.of("strategy", strategy)),
          score("FeatureCacheBenchmark.uncachedEpoch", Map.of("strategy", strategy)),
          "images/s of one epoch; target for linear: at least 20");
    }
    return out;
  }

  /** Forward GFLOP/s over the best MatMul's, per precision, batch and size (bf16 only if run). */
  private void forwardAgainstRoofline(List<Ratio> out) {
    for (String dtype : new String[] {"fp32", "bf16"}) {
      Optional<Double> roof = bestRoofline(dtype);
      for (String[] fw :
          new String[][] {{"1", "224"}, {"8", "224"}, {"32", "224"}, {"32", "112"}}) {
        Optional<Double> gf =
            find("InferenceBenchmark.batch" + fw[0], Map.of("size", fw[1], "precision", dtype))
                .flatMap(ProfileTable::forwardGflops);
        if (dtype.equals("bf16") && gf.isEmpty()) {
          continue;
        }
        ratio(
            out,
            "forward/roofline" + (dtype.equals("fp32") ? "" : "-bf16") + "@b" + fw[0] + "-" + fw[1],
            "forward / MatMul roofline, " + dtype + ", batch " + fw[0] + ", " + fw[1] + "²",
            gf,
            roof,
            "forward GFLOP/s (3.18 GFLOP/image × (size/224)²) ÷ best MatMul GFLOP/s over n in the"
                + " same precision");
      }
    }
  }

  /** Each training strategy's step over a forward pass, per size. */
  private void trainStepAgainstForward(List<Ratio> out) {
    for (String size : new String[] {"224", "112"}) {
      Optional<Double> fwd = score("InferenceBenchmark.batch32", fp32(Map.of("size", size)));
      for (String strategy : new String[] {"linear", "frozen-prefix", "full"}) {
        ratio(
            out,
            "train-" + strategy + "/forward@" + size,
            "train step " + strategy + " / forward, " + size + "²",
            score("TrainStepBenchmark.trainStep", fp32(Map.of("strategy", strategy, "size", size))),
            fwd,
            "train images/s ÷ raw forward images/s (batch 32): 1.0 = a step costs one forward"
                + " pass");
      }
    }
  }

  /** bf16 over fp32, forward and frozen-prefix training step. */
  private void bf16AgainstFp32(List<Ratio> out) {
    ratio(
        out,
        "bf16/fp32-forward@224",
        "bf16 / fp32, forward, batch 32, 224²",
        score("InferenceBenchmark.batch32", Map.of("size", "224", "precision", "bf16")),
        score("InferenceBenchmark.batch32", fp32(Map.of("size", "224"))),
        "images/s; target ≥ 1.5");
    ratio(
        out,
        "bf16/fp32-train-frozen-prefix@224",
        "bf16 / fp32, train step frozen-prefix, 224²",
        score(
            "TrainStepBenchmark.trainStep",
            Map.of("strategy", "frozen-prefix", "size", "224", "precision", "bf16")),
        score(
            "TrainStepBenchmark.trainStep",
            fp32(Map.of("strategy", "frozen-prefix", "size", "224"))),
        "images/s");
  }

  /** drtune over DJL on PyTorch, forward and full training step, per size. */
  private void oursAgainstDjl(List<Ratio> out) {
    for (String size : new String[] {"224", "112"}) {
      ratio(
          out,
          "ours/djl-forward@" + size,
          "ours / DJL-PyTorch, forward, " + size + "²",
          score("InferenceBenchmark.batch32", fp32(Map.of("size", size))),
          score("PeerBenchmark.forward", Map.of("size", size)),
          "images/s, batch 32; > 1 = drtune faster");
      ratio(
          out,
          "ours/djl-train-full@" + size,
          "ours / DJL-PyTorch, train (full), " + size + "²",
          score("TrainStepBenchmark.trainStep", fp32(Map.of("strategy", "full", "size", size))),
          score("PeerBenchmark.trainStep", Map.of("size", size)),
          "images/s, batch 32; > 1 = drtune faster");
    }
  }

  /** The input pipeline: its scaling, the loader against a plain pool, and against training. */
  private void pipeline(List<Ratio> out) {
    Optional<Double> pipe2 = score("PipelineBenchmark.prepareBatch", Map.of("threads", "2"));
    ratio(
        out,
        "pipeline-2/1",
        "pipeline 2 threads / 1 thread",
        pipe2,
        score("PipelineBenchmark.prepareBatch", Map.of("threads", "1")),
        "images/s; 2.0 = perfect scaling");
    ratio(
        out,
        "loader/pool-2",
        "BatchLoader / hand-rolled pool, 2 threads",
        score("PipelineBenchmark.loaderEpoch", Map.of("threads", "2")),
        pipe2,
        "images/s; < 1 = the loader's batching and prefetch cost something");
    ratio(
        out,
        "pipeline/train-frozen-prefix@224",
        "pipeline (2 threads) / train step frozen-prefix, 224²",
        pipe2,
        score(
            "TrainStepBenchmark.trainStep",
            fp32(Map.of("strategy", "frozen-prefix", "size", "224"))),
        "> 1 = decoding alone could keep up with training (both share the same 2 CPUs)");
  }

  /**
   * {@code params} with precision fp32 (so that a bf16 row of the same benchmark does not match).
   */
  private static Map<String, String> fp32(Map<String, String> params) {
    Map<String, String> m = new LinkedHashMap<>(params);
    m.put("precision", "fp32");
    return m;
  }

  /** The best roofline GFLOP/s over every n measured in {@code dtype}. */
  private Optional<Double> bestRoofline(String dtype) {
    return rows.stream()
        .filter(r -> r.benchmark().equals("RooflineBenchmark.matmul"))
        .filter(r -> r.param("dtype").equals(dtype))
        .map(ProfileTable::rooflineGflops)
        .max(Double::compare);
  }

  private static void ratio(
      List<Ratio> out,
      String key,
      String name,
      Optional<Double> num,
      Optional<Double> den,
      String how) {
    Optional<Double> v =
        num.isPresent() && den.isPresent() && den.get() > 0
            ? Optional.of(num.get() / den.get())
            : Optional.empty();
    out.add(new Ratio(key, name, v, how));
  }

  private Optional<Double> score(String benchmark, Map<String, String> params) {
    return find(benchmark, params).map(Row::score);
  }

  private Optional<Row> find(String benchmark, Map<String, String> params) {
    return rows.stream()
        .filter(r -> r.benchmark().equals(benchmark))
        .filter(
            r -> params.entrySet().stream().allMatch(e -> e.getValue().equals(r.param(e.getKey()))))
        .findFirst();
  }

  /** GFLOP/s of the roofline: the secondary result, or ops/s × 2n³. */
  static double rooflineGflops(Row r) {
    if (!Double.isNaN(r.gflops())) {
      return r.gflops();
    }
    double n = Double.parseDouble(r.param("n"));
    return r.score() * 2 * n * n * n / 1e9;
  }

  /** GFLOP/s of a GoogLeNet forward pass (raw TensorFlow or DJL), empty for other benchmarks. */
  static Optional<Double> forwardGflops(Row r) {
    boolean forward =
        r.benchmark().startsWith("InferenceBenchmark.batch")
            || r.benchmark().equals("PeerBenchmark.forward");
    if (!forward || r.param("size").isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.score() * Workloads.forwardFlopsPerImage(Integer.parseInt(r.param("size"))) / 1e9);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }
}
