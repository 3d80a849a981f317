package org.drtune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drtune.internal.runtime.Hardware;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Benchmarks that can fail a build: reads a baseline, runs only the benchmarks behind the ratios it
 * names (the two sides of a ratio one right after the other, in {@code --rounds} interleaved
 * rounds), computes the ratios of results measured in the same run, and compares them with the
 * baseline. Ratios, not absolute speeds: a shared or slower CI machine moves both sides of a ratio
 * together. Ratios that measure bfloat16 are skipped on a CPU without it. Writes JMH's JSON ({@code
 * latest.json}) and the verdict ({@code latest.md}, {@code latest.tsv}) to the output folder; exit
 * codes: 0 pass, 1 regression (or a benchmark failed), 2 bad command line or baseline file.
 *
 * <pre>
 * java -cp "drbench.jar:lib/*" org.drtune.bench.BenchGate --baseline drbench/ci-baseline.tsv
 *     [--out target/bench-gate] [--rounds N] [--model DIR] [--assume-no-bf16] [--dry-run]
 * </pre>
 *
 * <p>The baseline is a TSV: {@code key, baseline, min, note} per line ({@code #} comments); a ratio
 * fails when its value is below {@code min}. Keys are {@link ProfileTable.Ratio#key()}s.
 */
@Command(
    name = "bench-gate",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs the benchmarks behind the ratios a baseline names, computes the ratios of results"
          + " measured in the same run and fails when one is below its limit.",
      "Baseline: a TSV of key, baseline, min, note per line (# comments)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every gated ratio is within its limit (or skipped)",
      "1:a ratio is below its limit or was not measured, or a benchmark failed",
      "2:bad command line or baseline file (an unknown key lists the known ones)"
    },
    footerHeading = "%nOutput:%n",
    footer = {
      "latest.json (JMH's JSON), latest.md (report and verdict table, Markdown), latest.tsv (the"
          + " verdict) in --out."
    })
public final class BenchGate implements Callable<Integer> {
  /** Why a ratio that measures bfloat16 is not checked. */
  static final String NO_BF16 = "no bf16 on this CPU";

  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "FILE",
      description = "The baseline TSV: the ratios to gate and their limits.")
  Path baseline;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/bench-gate",
      description = "Folder for latest.json, latest.md and latest.tsv (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "1",
      description = "Runs of the selected benchmarks; each ratio is the median (default: 1).")
  int rounds;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "A model folder drtune exported (what DrClassifier.load reads): classifier/raw measures"
              + " it at its own input size instead of the reference GoogLeNet.")
  Path model;

  @Option(
      names = "--assume-no-bf16",
      description =
          "Act as on a CPU without AVX512-BF16: skip the ratios that measure bf16 (they are"
              + " skipped anyway where the CPU lacks it).")
  boolean assumeNoBf16;

  @Option(
      names = "--dry-run",
      description = "Print which benchmarks the baseline selects and what is skipped; run nothing.")
  boolean dryRun;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      defaultValue = "3",
      description = "Measurement iterations per trial (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--iteration-time",
      paramLabel = "TIME",
      defaultValue = "2s",
      converter = TimeValueConverter.class,
      description = "Time of a measurement iteration, e.g. 2s, 500ms (default: ${DEFAULT-VALUE}).")
  TimeValue iterationTime;

  @Option(
      names = "--warmup-time",
      paramLabel = "TIME",
      defaultValue = "2s",
      converter = TimeValueConverter.class,
      description = "Time of the one warmup iteration, 0 for none (default: ${DEFAULT-VALUE}).")
  TimeValue warmupTime;

  /** JMH forks per trial; 0 runs in this JVM (tests only: DJL and TensorFlow then share it). */
  @Option(names = "--forks", hidden = true, defaultValue = "1")
  int forks;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Spec CommandSpec spec;

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
   * @param skipped why it was not checked, empty when it was
   */
  public record Check(String key, Optional<Double> value, Limit limit, Optional<String> skipped) {
    /** A ratio that was checked. */
    public Check(String key, Optional<Double> value, Limit limit) {
      this(key, value, limit, Optional.empty());
    }

    /** Whether the ratio was skipped, or measured and at or above its limit. */
    public boolean passed() {
      return skipped.isPresent() || value.isPresent() && value.get() >= limit.min();
    }

    /** {@code ok}, {@code skipped (why)} or {@code FAIL (why)}. */
    public String verdict() {
      if (skipped.isPresent()) {
        return "skipped (" + skipped.get() + ")";
      }
      if (passed()) {
        return "ok";
      }
      return value.isEmpty()
          ? "FAIL (not measured)"
          : "FAIL (below " + GateReport.fmt(limit.min()) + ")";
    }
  }

  /**
   * What a baseline asks to run.
   *
   * @param skipped the keys not checked here, with why
   * @param steps the JMH runs that measure the other ratios
   */
  record Plan(Map<String, String> skipped, List<QuickProfile.Step> steps) {}

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

  /**
   * What {@code keys} need: the bf16 ratios are skipped without {@code bf16}, the others'
   * benchmarks are run, the classifier's on {@code model} when not null.
   *
   * @throws IllegalArgumentException on an unknown key, listing the known ones
   */
  static Plan plan(Collection<String> keys, Path model, boolean bf16) {
    Map<String, String> skipped = new LinkedHashMap<>();
    List<Probe> probes = new ArrayList<>();
    for (RatioCatalog.Definition d : RatioCatalog.select(keys)) {
      if (d.needsBf16() && !bf16) {
        skipped.put(d.key(), NO_BF16);
        continue;
      }
      for (Probe p : d.probes()) {
        boolean classifier = p.className().equals(ClassifierBenchmark.class.getSimpleName());
        probes.add(
            classifier && model != null ? p.with("model", model.toAbsolutePath().toString()) : p);
      }
    }
    return new Plan(skipped, ProfileSteps.covering(probes));
  }

  /** Checks every ratio of {@code baseline} against {@code table}'s values. */
  public static List<Check> check(ProfileTable table, Map<String, Limit> baseline) {
    return check(table, baseline, Map.of());
  }

  /**
   * Checks every ratio of {@code baseline} against {@code table}'s values, but those in {@code
   * skipped}, which are skipped with the reason given.
   *
   * @throws IllegalArgumentException on an unknown key, listing the known ones
   */
  public static List<Check> check(
      ProfileTable table, Map<String, Limit> baseline, Map<String, String> skipped) {
    RatioCatalog.select(baseline.keySet());
    Map<String, Optional<Double>> values = new LinkedHashMap<>();
    for (ProfileTable.Ratio r : table.ratios()) {
      values.put(r.key(), r.value());
    }
    List<Check> out = new ArrayList<>();
    baseline.forEach(
        (k, lim) ->
            out.add(
                new Check(
                    k,
                    skipped.containsKey(k)
                        ? Optional.empty()
                        : values.getOrDefault(k, Optional.empty()),
                    lim,
                    Optional.ofNullable(skipped.get(k)))));
    return out;
  }

  /** The verdict table, in Markdown. */
  public static String table(List<Check> checks) {
    return GateReport.table(checks);
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
          v.isEmpty() || v.size() < rounds.size()
              ? Optional.empty()
              : Optional.of(
                  v.size() % 2 == 1
                      ? v.get(v.size() / 2)
                      : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2);
      out.add(new Check(first.key(), m, first.limit(), first.skipped()));
    }
    return out;
  }

  /** Runs the gate and exits with its status; see the class comment. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the gate on {@code args}, printing to {@code out} and {@code err}; returns the status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new BenchGate());
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler(BenchGate::usageError);
    return cl.execute(args);
  }

  /** A bad command line: the message, a hint, status 2. */
  private static int usageError(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("bench-gate: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run with --help for the options.");
    err.flush();
    return 2;
  }

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Limit> limits;
    Plan plan;
    String modelLine;
    try {
      limits = readBaseline(baseline);
      plan = plan(limits.keySet(), model, !assumeNoBf16 && Hardware.cpuHasBf16());
      modelLine = limits.containsKey("classifier/raw") ? GateRun.describeModel(model) : "";
    } catch (IOException | IllegalArgumentException e) {
      err.println("bench-gate: " + e.getMessage());
      return 2;
    }
    out.print(GateRun.describe(plan));
    out.flush();
    if (dryRun) {
      return 0;
    }
    GateRun run = new GateRun(forks, warmupTime, iterations, iterationTime);
    return run.execute(plan, limits, rounds, out, settings(), modelLine, this.out);
  }

  /** The settings line of the report. */
  private String settings() {
    return String.format(
        "CI gate: %d fork(s), %s warmup, %d×%s measurement per trial; baseline %s, %d round(s) (the"
            + " value is the median over rounds); bf16 %s",
        forks,
        warmupTime.getTime() == 0 ? "no" : "1×" + warmupTime,
        iterations,
        iterationTime,
        baseline,
        rounds,
        assumeNoBf16 ? "assumed absent" : Hardware.cpuHasBf16() ? "present" : "absent");
  }

  private void validate() {
    if (rounds < 1) {
      throw new ParameterException(spec.commandLine(), "--rounds must be at least 1");
    }
    if (iterations < 1) {
      throw new ParameterException(spec.commandLine(), "--iterations must be at least 1");
    }
    if (forks < 0) {
      throw new ParameterException(spec.commandLine(), "--forks must be 0 or more");
    }
    if (model != null && model.toString().contains(",")) {
      throw new ParameterException(
          spec.commandLine(), "--model: JMH cannot take a folder with a comma in its name");
    }
  }

  /** Reads {@code 2s}, {@code 500ms}, … as JMH does. */
  static final class TimeValueConverter implements CommandLine.ITypeConverter<TimeValue> {
    @Override
    public TimeValue convert(String value) {
      try {
        return TimeValue.fromString(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a time such as 2s or 500ms");
      }
    }
  }
}
