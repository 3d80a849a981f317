package org.drtune.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Benchmarks that can fail a build: runs the CI profile (the pairs behind each gated ratio, one
 * after the other, in {@code rounds} interleaved rounds), computes the ratios of results measured
 * in the same run, and compares them with a committed baseline. Ratios, not absolute speeds: a
 * shared or slower CI machine moves both sides of a ratio together. Prints a table of value,
 * baseline, limit and verdict, writes JMH's JSON and that table to the output folder, and exits 1
 * when a ratio is below its limit (2 on a bad command line or baseline file).
 *
 * <pre>
 * java -cp drbench.jar:lib/* org.drtune.bench.BenchGate --baseline drbench/ci-baseline.tsv
 *     [--out target/bench-gate] [--rounds N]
 * </pre>
 *
 * <p>The baseline is a TSV: {@code key, baseline, min, note} per line ({@code #} comments); a ratio
 * fails when its value is below {@code min}. Keys are {@link ProfileTable.Ratio#key()}s.
 */
public final class BenchGate {
  /** Warmup of each trial in the CI profile. */
  static final TimeValue WARMUP = TimeValue.seconds(2);

  /** Measurement iteration time of the CI profile. */
  static final TimeValue MEASUREMENT = TimeValue.seconds(2);

  /** Measurement iterations per trial. */
  static final int ITERATIONS = 3;

  /**
   * The CI profile: the benchmarks behind the gated ratios, each pair adjacent in time. About 10
   * trials of 15–25 s each on 2 vCPUs per round.
   */
  static final List<QuickProfile.Step> STEPS =
      List.of(
          new QuickProfile.Step(
              "ClassifierBenchmark.(classifyBatch32|rawSessionBatch32)$", Map.of()),
          new QuickProfile.Step(
              "InferenceBenchmark.batch32$", Map.of("size", "224", "precision", "fp32,bf16")),
          new QuickProfile.Step(
              "TrainStepBenchmark.trainStep$",
              Map.of("size", "224", "strategy", "frozen-prefix", "precision", "fp32,bf16")),
          new QuickProfile.Step(
              "FeatureCacheBenchmark.(cachedEpoch|uncachedEpoch)$", Map.of("strategy", "linear")),
          new QuickProfile.Step("PeerBenchmark.forward$", Map.of("size", "224")));

  /**
   * One line of the baseline.
   *
   * @param baseline the value recorded on the reference run
   * @param min the lowest value that passes
   * @param note why this limit
   */
  public record Limit(double baseline, double min, String note) {}

  /**
   * The verdict on one ratio.
   *
   * @param key the ratio's key
   * @param value its value in this run, empty when not measured
   * @param limit its baseline line
   */
  public record Check(String key, Optional<Double> value, Limit limit) {
    /** Whether the ratio was measured and is at or above its limit. */
    public boolean passed() {
      return value.isPresent() && value.get() >= limit.min();
    }
  }

  private BenchGate() {}

  /** Reads a baseline TSV ({@code key, baseline, min, note}; {@code #} comments). */
  public static Map<String, Limit> readBaseline(Path file) throws IOException {
    Map<String, Limit> m = new LinkedHashMap<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", 4);
      if (f.length < 3) {
        throw new IOException(
            file + ":" + n + ": expected key, baseline, min (tab-separated), got: " + line);
      }
      try {
        m.put(
            f[0].trim(),
            new Limit(
                Double.parseDouble(f[1].trim()),
                Double.parseDouble(f[2].trim()),
                f.length > 3 ? f[3].trim() : ""));
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + n + ": not a number in: " + line, e);
      }
    }
    if (m.isEmpty()) {
      throw new IOException(file + " has no ratio lines: nothing to gate");
    }
    return m;
  }

  /** Checks every ratio of {@code baseline} against {@code table}'s values. */
  public static List<Check> check(ProfileTable table, Map<String, Limit> baseline) {
    Map<String, Optional<Double>> values = new LinkedHashMap<>();
    for (ProfileTable.Ratio r : table.ratios()) {
      values.put(r.key(), r.value());
    }
    List<Check> out = new ArrayList<>();
    baseline.forEach(
        (k, lim) -> {
          if (!values.containsKey(k)) {
            throw new IllegalArgumentException(
                "the baseline names ratio '"
                    + k
                    + "', which drbench does not compute; known: "
                    + values.keySet());
          }
          out.add(new Check(k, values.get(k), lim));
        });
    return out;
  }

  /** The verdict table, in Markdown. */
  public static String table(List<Check> checks) {
    StringBuilder sb = new StringBuilder();
    sb.append("| ratio | value | baseline | min | change | verdict |\n");
    sb.append("|---|---:|---:|---:|---:|---|\n");
    for (Check c : checks) {
      sb.append("| ")
          .append(c.key())
          .append(" | ")
          .append(c.value().map(v -> fmt(v)).orElse("not measured"))
          .append(" | ")
          .append(fmt(c.limit().baseline()))
          .append(" | ")
          .append(fmt(c.limit().min()))
          .append(" | ")
          .append(
              c.value()
                  .map(
                      v ->
                          String.format(
                              Locale.ROOT, "%+.0f %%", 100 * (v / c.limit().baseline() - 1)))
                  .orElse(""))
          .append(" | ")
          .append(
              c.passed()
                  ? "ok"
                  : c.value().isEmpty()
                      ? "FAIL (not measured)"
                      : "FAIL (below " + fmt(c.limit().min()) + ")")
          .append(" |\n");
    }
    return sb.toString();
  }

  /** Runs the gate; see the class comment. */
  public static void main(String[] args) throws IOException, RunnerException {
    Arguments arguments = Arguments.parse(args);
    Map<String, Limit> baseline;
    try {
      baseline = readBaseline(arguments.baseline());
    } catch (IOException e) {
      System.err.println("bench-gate: " + e.getMessage());
      System.exit(2);
      return;
    }
    Files.createDirectories(arguments.out());
    String stamp =
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    List<RunResult> all = new ArrayList<>();
    List<List<Check>> perRound = new ArrayList<>();
    for (int round = 0; round < arguments.rounds(); round++) {
      List<RunResult> results = runRound();
      all.addAll(results);
      perRound.add(check(ProfileTable.of(results), baseline));
    }
    Path json = arguments.out().resolve("gate-" + stamp + ".json");
    QuickProfile.writeJson(json, all);
    List<Check> verdict = median(perRound);
    String report = report(arguments, verdict, perRound);
    Path md = arguments.out().resolve("gate-" + stamp + ".md");
    Files.writeString(md, report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    System.out.println("JMH JSON: " + json.toAbsolutePath());
    long failed = verdict.stream().filter(c -> !c.passed()).count();
    if (failed > 0) {
      System.out.println("bench-gate: " + failed + " ratio(s) regressed (see the table above)");
      System.exit(1);
    }
    System.out.println("bench-gate: every ratio is within its limit");
  }

  /**
   * The command line.
   *
   * @param baseline the baseline TSV
   * @param out the folder for the JSON and the report
   * @param rounds how many times the CI profile runs
   */
  private record Arguments(Path baseline, Path out, int rounds) {

    /** Parses the arguments; exits with status 2 after a usage message when they are wrong. */
    static Arguments parse(String[] args) {
      Path baselineFile = null;
      Path outDir = Path.of("target/bench-gate");
      int rounds = 1;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--baseline" -> baselineFile = Path.of(value(args, ++i));
          case "--out" -> outDir = Path.of(value(args, ++i));
          case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
          default -> usage("unknown argument " + args[i]);
        }
      }
      if (baselineFile == null) {
        usage("--baseline FILE is required");
      }
      if (rounds < 1) {
        usage("--rounds must be at least 1");
      }
      return new Arguments(baselineFile, outDir, rounds);
    }
  }

  /** One round: every step of the CI profile, one after the other. */
  private static List<RunResult> runRound() throws RunnerException {
    List<RunResult> results = new ArrayList<>();
    for (QuickProfile.Step step : STEPS) {
      results.addAll(step.run(1, WARMUP, ITERATIONS, MEASUREMENT));
    }
    return results;
  }

  /** The Markdown report: the machine, the verdict table and, over several rounds, each round. */
  private static String report(
      Arguments arguments, List<Check> verdict, List<List<Check>> perRound) {
    StringBuilder report = new StringBuilder("# drbench CI gate\n\n");
    report
        .append(
            QuickProfile.machine(
                ZonedDateTime.now(ZoneOffset.UTC),
                String.format(
                    "CI profile: 1 fork, 1×%s warmup, %d×%s measurement per trial",
                    WARMUP, ITERATIONS, MEASUREMENT)))
        .append("\n\n");
    report
        .append("Baseline: ")
        .append(arguments.baseline())
        .append(", rounds: ")
        .append(arguments.rounds());
    report.append(" (the value is the median over rounds)\n\n").append(table(verdict));
    if (arguments.rounds() > 1) {
      report.append("\nPer round:\n\n");
      for (int r = 0; r < perRound.size(); r++) {
        report.append("round ").append(r + 1).append(": ");
        List<String> v = new ArrayList<>();
        for (Check c : perRound.get(r)) {
          v.add(c.key() + " " + c.value().map(BenchGate::fmt).orElse("-"));
        }
        report.append(String.join(", ", v)).append("\n");
      }
    }
    return report.toString();
  }

  /** Per ratio, the median of its values over the rounds (a missing value counts as missing). */
  static List<Check> median(List<List<Check>> rounds) {
    List<Check> out = new ArrayList<>();
    for (int i = 0; i < rounds.get(0).size(); i++) {
      Check first = rounds.get(0).get(i);
      List<Double> v = new ArrayList<>();
      for (List<Check> r : rounds) {
        r.get(i).value().ifPresent(v::add);
      }
      v.sort(Double::compare);
      Optional<Double> m =
          v.size() < rounds.size()
              ? Optional.empty()
              : Optional.of(
                  v.size() % 2 == 1
                      ? v.get(v.size() / 2)
                      : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2);
      out.add(new Check(first.key(), m, first.limit()));
    }
    return out;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usage(String why) {
    System.err.println(
        "bench-gate: " + why + "\nusage: BenchGate --baseline FILE.tsv [--out DIR] [--rounds N]");
    System.exit(2);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
