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
     * A parameter's value, "" when the run did not have it; fp32 for a precision or dtype and the
     * reference model for a model, which results of runs from before those parameters existed lack
     * (they measured fp32 and the reference model).
     */
    String param(String key) {
      String fallback =
          switch (key) {
            case "precision", "dtype" -> "fp32";
            case "model" -> ClassifierBenchmark.REFERENCE;
            default -> "";
          };
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
    for (RatioCatalog.Definition d : RatioCatalog.all()) {
      boolean roofline = d.kind() == RatioCatalog.Kind.FORWARD_OVER_ROOFLINE;
      Optional<Double> num =
          roofline
              ? find(d.numerator()).flatMap(ProfileTable::forwardGflops)
              : find(d.numerator()).map(Row::score);
      if (num.isEmpty() && !d.listedUnmeasured()) {
        continue;
      }
      Optional<Double> den =
          roofline
              ? rows.stream()
                  .filter(d.denominator()::matches)
                  .map(ProfileTable::rooflineGflops)
                  .max(Double::compare)
              : find(d.denominator()).map(Row::score);
      Optional<Double> v =
          num.isPresent() && den.isPresent() && den.get() > 0
              ? Optional.of(num.get() / den.get())
              : Optional.empty();
      out.add(new Ratio(d.key(), d.name(), v, d.how()));
    }
    return out;
  }

  /** The first row of {@code probe}. */
  private Optional<Row> find(Probe probe) {
    return rows.stream().filter(probe::matches).findFirst();
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
