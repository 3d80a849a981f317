package org.drtune.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drtune.internal.model.ModelFiles;
import org.drtune.model.ModelCard;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * One run of the gate: the plan's JMH steps in each round, the checks per round and their median,
 * and the files {@code latest.json}, {@code latest.md} and {@code latest.tsv}.
 *
 * @param forks JMH forks per trial
 * @param warmupTime the one warmup iteration's time, 0 for none
 * @param iterations measurement iterations per trial
 * @param iterationTime time of a measurement iteration
 */
record GateRun(int forks, TimeValue warmupTime, int iterations, TimeValue iterationTime) {
  /** JMH's JSON of every round's results. */
  static final String JSON = "latest.json";

  /** The Markdown report. */
  static final String MARKDOWN = "latest.md";

  /** The verdict as TSV. */
  static final String TSV = "latest.tsv";

  /**
   * Runs {@code rounds} rounds of the plan, writes the files to {@code outDir}, prints the report.
   *
   * @return 0 when every ratio passed or was skipped and no benchmark failed, else 1
   */
  int execute(
      BenchGate.Plan plan,
      Map<String, BenchGate.Limit> limits,
      int rounds,
      PrintWriter out,
      String settings,
      String modelLine,
      Path outDir)
      throws IOException {
    ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC);
    Files.createDirectories(outDir);
    List<RunResult> all = new ArrayList<>();
    List<List<BenchGate.Check>> perRound = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    ProfileTable last = new ProfileTable(List.of());
    for (int round = 0; round < rounds; round++) {
      List<RunResult> results = runRound(plan.steps(), errors);
      all.addAll(results);
      last = ProfileTable.of(results);
      perRound.add(BenchGate.check(last, limits, plan.skipped()));
    }
    Path json = outDir.resolve(JSON);
    QuickProfile.writeJson(json, all);
    List<BenchGate.Check> verdict = BenchGate.median(perRound);
    String report =
        GateReport.markdown(start, settings, modelLine, verdict, perRound, last)
            + GateReport.errors(errors);
    Files.writeString(outDir.resolve(MARKDOWN), report, StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve(TSV), GateReport.tsv(verdict), StandardCharsets.UTF_8);
    out.println();
    out.println(report);
    out.println("JMH JSON: " + json.toAbsolutePath());
    out.println("Report:   " + outDir.resolve(MARKDOWN).toAbsolutePath());
    long failed = verdict.stream().filter(c -> !c.passed()).count();
    errors.forEach(e -> out.println("bench-gate: a benchmark failed: " + e));
    if (failed > 0 || !errors.isEmpty()) {
      out.println(
          "bench-gate: "
              + failed
              + " ratio(s) below their limit or not measured (see the table above)");
      out.flush();
      return 1;
    }
    out.println("bench-gate: every gated ratio is within its limit");
    out.flush();
    return 0;
  }

  /**
   * One round: every step of the plan, one after the other. A step whose benchmark fails adds its
   * error to {@code errors} and measures nothing (its ratios fail as not measured); the others
   * still run, so that the report says everything one run can.
   */
  private List<RunResult> runRound(List<QuickProfile.Step> steps, List<String> errors) {
    List<RunResult> results = new ArrayList<>();
    int warmups = warmupTime.getTime() == 0 ? 0 : 1;
    for (QuickProfile.Step step : steps) {
      try {
        results.addAll(step.run(forks, warmups, warmupTime, iterations, iterationTime));
      } catch (RunnerException e) {
        errors.add(step.include() + ": " + rootMessage(e));
      }
    }
    return results;
  }

  /**
   * The innermost message of {@code e}: JMH wraps a benchmark's exception in its own, and hands a
   * forked JVM's failures on as suppressed exceptions.
   */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (true) {
      if (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      } else if (t.getSuppressed().length > 0) {
        t = t.getSuppressed()[0];
      } else {
        break;
      }
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** What the plan runs and skips, a line each. */
  static String describe(BenchGate.Plan plan) {
    StringBuilder sb = new StringBuilder();
    for (QuickProfile.Step s : plan.steps()) {
      sb.append("bench-gate: runs ").append(s.include());
      if (!s.params().isEmpty()) {
        sb.append(' ').append(s.params());
      }
      sb.append('\n');
    }
    plan.skipped()
        .forEach(
            (k, why) ->
                sb.append("bench-gate: skips ").append(k).append(" (").append(why).append(")\n"));
    return sb.toString();
  }

  /**
   * One line on the model classifier/raw measures: the reference, or {@code dir} with its input
   * size and precision from its card.
   *
   * @throws IOException when {@code dir} is not a model folder drtune exported
   */
  static String describeModel(Path dir) throws IOException {
    if (dir == null) {
      return "the reference GoogLeNet with an untrained 5-grade head, 224²";
    }
    Path folder = ModelFiles.modelFolder(dir);
    boolean ensemble = ModelFiles.isEnsemble(folder);
    Path card =
        (ensemble ? folder.resolve(ModelFiles.memberFolder(0)) : folder)
            .resolve(ModelFiles.MODEL_CARD);
    if (!Files.isRegularFile(card)) {
      throw new IOException(
          "--model "
              + dir
              + " is not a model folder exported by drtune (no "
              + card
              + "): pass the model/ folder written by drtune train");
    }
    ModelCard c = ModelCard.read(card);
    int size = c.preprocessing().inputSize();
    return dir
        + (ensemble ? " (an ensemble)" : "")
        + ", input "
        + size
        + "², "
        + c.precision()
        + " (its card); backbone "
        + c.backbone();
  }
}
