package org.drtune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the quick profile: every benchmark once with short settings (1 fork, 1 warmup iteration of 3
 * s, 3 measurement iterations of 3 s; 10–15 minutes on 2 vCPUs), writes JMH's JSON of all results
 * and a Markdown report, and prints the throughput and ratio tables.
 *
 * <pre>
 * java -cp "drbench.jar:lib/*" org.drtune.bench.QuickProfile [output-folder] [name-filter ...]
 * </pre>
 *
 * <p>Name filters keep only the steps whose name contains one of them (e.g. {@code Roofline
 * Pipeline}). Run it from the repository (or a folder beside {@code shared}) so the GoogLeNet
 * weights are found; {@code run-quick.sh} does that and sets the DJL environment.
 */
public final class QuickProfile {
  /** Warmup iterations of the quick profile. */
  public static final int WARMUP_ITERATIONS = 1;

  /** Warmup iteration time. */
  public static final TimeValue WARMUP_TIME = TimeValue.seconds(3);

  /** Measurement iterations of the quick profile. */
  public static final int MEASUREMENT_ITERATIONS = 3;

  /**
   * Measurement iteration time (an iteration lasts at least one operation, 30 s for DJL training at
   * 224).
   */
  public static final TimeValue MEASUREMENT_TIME = TimeValue.seconds(3);

  /**
   * One JMH run of the profile: a benchmark-name pattern and parameter overrides (several values
   * comma-separated).
   */
  record Step(String include, Map<String, String> params) {

    /**
     * Runs the step's benchmarks, one fork per trial, stopping at a benchmark's error.
     *
     * @return the results, in run order
     */
    Collection<RunResult> run(
        int warmupIterations,
        TimeValue warmupTime,
        int measurementIterations,
        TimeValue measurementTime)
        throws RunnerException {
      return run(1, warmupIterations, warmupTime, measurementIterations, measurementTime);
    }

    /**
     * Runs the step's benchmarks in {@code forks} forked JVMs per trial (0: in this JVM, which only
     * tests should do), stopping at a benchmark's error.
     *
     * @return the results, in run order
     */
    Collection<RunResult> run(
        int forks,
        int warmupIterations,
        TimeValue warmupTime,
        int measurementIterations,
        TimeValue measurementTime)
        throws RunnerException {
      ChainedOptionsBuilder o =
          new OptionsBuilder()
              .include("org\\.drtune\\.bench\\." + include)
              .forks(forks)
              .warmupIterations(warmupIterations)
              .warmupTime(warmupTime)
              .measurementIterations(measurementIterations)
              .measurementTime(measurementTime)
              .shouldFailOnError(true);
      params.forEach((k, v) -> o.param(k, v.split(",")));
      return new Runner(o.build()).run();
    }
  }

  /**
   * The profile, in run order. Every trial forks its own JVM (DJL never shares one with
   * TensorFlow); the order alternates TensorFlow and DJL per input size so that both sides of a
   * ratio run close together in time on this shared machine.
   */
  static final List<Step> STEPS =
      List.of(
          new Step("RooflineBenchmark.matmul$", Map.of("n", "2048,4096", "dtype", "fp32,bf16")),
          new Step("InferenceBenchmark.batch(1|8|32)$", Map.of("size", "224")),
          new Step("InferenceBenchmark.batch32$", Map.of("size", "224", "precision", "bf16")),
          new Step("ClassifierBenchmark.(classifyBatch32|rawSessionBatch32)$", Map.of()),
          new Step("PeerBenchmark.(forward|trainStep)$", Map.of("size", "224")),
          new Step("TrainStepBenchmark.trainStep$", Map.of("size", "224")),
          new Step(
              "TrainStepBenchmark.trainStep$",
              Map.of("size", "224", "strategy", "frozen-prefix", "precision", "bf16")),
          new Step("InferenceBenchmark.batch32$", Map.of("size", "112")),
          new Step("PeerBenchmark.(forward|trainStep)$", Map.of("size", "112")),
          new Step("TrainStepBenchmark.trainStep$", Map.of("size", "112")),
          new Step("FeatureCacheBenchmark.(cachedEpoch|uncachedEpoch)$", Map.of()),
          new Step("PipelineBenchmark.(prepareBatch|loaderEpoch)$", Map.of()));

  private QuickProfile() {}

  /**
   * Runs the profile.
   *
   * @param args optional output folder (default {@code target/bench}), then optional name filters
   */
  public static void main(String[] args) throws RunnerException, IOException {
    Path outDir = Path.of(args.length > 0 ? args[0] : "target/bench");
    List<String> filters =
        args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
    Files.createDirectories(outDir);
    ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC);
    String stamp = start.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

    List<RunResult> results = new ArrayList<>();
    for (Step step : STEPS) {
      if (!filters.isEmpty() && filters.stream().noneMatch(step.include()::contains)) {
        continue;
      }
      results.addAll(
          step.run(WARMUP_ITERATIONS, WARMUP_TIME, MEASUREMENT_ITERATIONS, MEASUREMENT_TIME));
    }

    Path json = outDir.resolve("quick-" + stamp + ".json");
    writeJson(json, results);
    ProfileTable table = ProfileTable.of(results);
    String report =
        "# drbench quick profile\n\n"
            + machine(start)
            + "\n\n## Throughput\n\n"
            + table.throughputTable()
            + "\n## Ratios\n\n"
            + table.ratioTable();
    Path md = outDir.resolve("quick-" + stamp + ".md");
    Files.writeString(md, report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    System.out.println("JMH JSON: " + json.toAbsolutePath());
    System.out.println("Report:   " + md.toAbsolutePath());
  }

  /** Writes JMH's JSON of {@code results} to {@code json}. */
  static void writeJson(Path json, Collection<RunResult> results) throws IOException {
    try (PrintStream ps =
        new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
      ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
    }
  }

  /** Date, CPU model, logical CPUs, JVM and OS of this run. */
  static String machine(ZonedDateTime start) {
    return machine(
        start,
        String.format(
            "quick profile: 1 fork, %d×%s warmup, %d×%s measurement",
            WARMUP_ITERATIONS, WARMUP_TIME, MEASUREMENT_ITERATIONS, MEASUREMENT_TIME));
  }

  /** Date, CPU model, logical CPUs, JVM and OS of this run, then {@code settings}. */
  static String machine(ZonedDateTime start, String settings) {
    String cpu = "unknown CPU";
    Path info = Path.of("/proc/cpuinfo");
    if (Files.isReadable(info)) {
      try (Stream<String> lines = Files.lines(info)) {
        cpu =
            lines
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse(cpu);
      } catch (IOException | java.io.UncheckedIOException e) {
        // keep "unknown CPU"
      }
    }
    return String.format(
        "Date: %s UTC · CPU: %s, %d logical CPUs · Java %s · %s %s · %s",
        start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        settings);
  }
}
