package org.drtune.bench;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The gate's verdict as Markdown (for people and CI summaries) and as TSV (for scripts). */
final class GateReport {
  private GateReport() {}

  /** The verdict table, in Markdown. */
  static String table(List<BenchGate.Check> checks) {
    StringBuilder sb = new StringBuilder();
    sb.append("| ratio | value | baseline | min | change | verdict |\n");
    sb.append("|---|---:|---:|---:|---:|---|\n");
    for (BenchGate.Check c : checks) {
      sb.append("| ")
          .append(c.key())
          .append(" | ")
          .append(
              c.value().map(GateReport::fmt).orElse(c.skipped().isPresent() ? "—" : "not measured"))
          .append(" | ")
          .append(fmt(c.limit().baseline()))
          .append(" | ")
          .append(fmt(c.limit().min()))
          .append(" | ")
          .append(change(c))
          .append(" | ")
          .append(c.verdict())
          .append(" |\n");
    }
    return sb.toString();
  }

  /**
   * The verdict as tab-separated lines with a header: key, value (empty when not measured),
   * baseline, min, change in percent, verdict.
   */
  static String tsv(List<BenchGate.Check> checks) {
    StringBuilder sb = new StringBuilder("key\tvalue\tbaseline\tmin\tchange_percent\tverdict\n");
    for (BenchGate.Check c : checks) {
      sb.append(c.key())
          .append('\t')
          .append(c.value().map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse(""))
          .append('\t')
          .append(c.limit().baseline())
          .append('\t')
          .append(c.limit().min())
          .append('\t')
          .append(
              c.value()
                  .map(
                      v ->
                          String.format(Locale.ROOT, "%+.1f", 100 * (v / c.limit().baseline() - 1)))
                  .orElse(""))
          .append('\t')
          .append(c.verdict())
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * The Markdown report: the machine and settings, what was run, the verdict table, each round's
   * values when there were several, and the throughput behind them.
   *
   * @param start when the gate started
   * @param settings the JMH settings and the baseline, one line
   * @param model the model classifier/raw measures, one line; empty when not gated
   * @param verdict the verdict over all rounds
   * @param perRound each round's checks
   * @param lastRound the results of the last round
   */
  static String markdown(
      ZonedDateTime start,
      String settings,
      String model,
      List<BenchGate.Check> verdict,
      List<List<BenchGate.Check>> perRound,
      ProfileTable lastRound) {
    StringBuilder report = new StringBuilder("# drbench CI gate\n\n");
    report.append(QuickProfile.machine(start, settings)).append("\n\n");
    if (!model.isEmpty()) {
      report.append("Model of classifier/raw: ").append(model).append("\n\n");
    }
    report.append(table(verdict));
    if (perRound.size() > 1) {
      report.append("\nPer round:\n\n");
      for (int r = 0; r < perRound.size(); r++) {
        List<String> v = new ArrayList<>();
        for (BenchGate.Check c : perRound.get(r)) {
          if (c.skipped().isEmpty()) {
            v.add(c.key() + " " + c.value().map(GateReport::fmt).orElse("-"));
          }
        }
        report
            .append("round ")
            .append(r + 1)
            .append(": ")
            .append(String.join(", ", v))
            .append("\n");
      }
    }
    if (!lastRound.rows().isEmpty()) {
      report
          .append("\n<details><summary>Throughput")
          .append(perRound.size() > 1 ? " (last round)" : "")
          .append("</summary>\n\n")
          .append(lastRound.throughputTable())
          .append("\n</details>\n");
    }
    return report.toString();
  }

  /** A Markdown section listing the benchmarks that failed, empty when none did. */
  static String errors(List<String> errors) {
    if (errors.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\n## Benchmarks that failed\n\n");
    errors.forEach(
        e -> sb.append("- `").append(e.replace('`', '\'').replace('\n', ' ')).append("`\n"));
    return sb.toString();
  }

  private static String change(BenchGate.Check c) {
    return c.value()
        .map(v -> String.format(Locale.ROOT, "%+.0f %%", 100 * (v / c.limit().baseline() - 1)))
        .orElse("");
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
