package org.drtune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI gate's arithmetic and verdicts on hand-made results (no benchmark runs here). */
class BenchGateTest {
  private static ProfileTable.Row row(String b, Map<String, String> p, double score) {
    return new ProfileTable.Row(b, p, score, 1, Double.NaN);
  }

  private static ProfileTable table(double classifier, double bf16) {
    return new ProfileTable(
        List.of(
            row("ClassifierBenchmark.classifyBatch32", Map.of(), classifier),
            row("ClassifierBenchmark.rawSessionBatch32", Map.of(), 50),
            row("InferenceBenchmark.batch32", Map.of("size", "224", "precision", "fp32"), 50),
            row("InferenceBenchmark.batch32", Map.of("size", "224", "precision", "bf16"), bf16),
            row("RooflineBenchmark.matmul", Map.of("n", "2048", "dtype", "fp32"), 20),
            row("RooflineBenchmark.matmul", Map.of("n", "4096", "dtype", "fp32"), 2.5)));
  }

  @Test
  void ratiosOfTheSameRunAreComparedWithTheirLimits(@TempDir Path tmp) throws IOException {
    Path tsv = tmp.resolve("baseline.tsv");
    Files.writeString(
        tsv,
        "# key\tbaseline\tmin\tnote\n"
            + "classifier/raw\t0.97\t0.85\tDrClassifier overhead\n"
            + "bf16/fp32-forward@224\t1.55\t1.30\n");
    Map<String, BenchGate.Limit> baseline = BenchGate.readBaseline(tsv);
    assertThat(baseline).containsOnlyKeys("classifier/raw", "bf16/fp32-forward@224");

    List<BenchGate.Check> ok = BenchGate.check(table(48, 77.5), baseline);
    assertThat(ok).allMatch(BenchGate.Check::passed);
    assertThat(ok.get(0).value().orElseThrow())
        .isCloseTo(0.96, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(BenchGate.table(ok)).contains("| classifier/raw | 0.96 | 0.97 | 0.85 | -1 % | ok |");

    List<BenchGate.Check> slow = BenchGate.check(table(40, 60), baseline);
    assertThat(slow).noneMatch(BenchGate.Check::passed);
    assertThat(BenchGate.table(slow))
        .contains("| classifier/raw | 0.80 | 0.97 | 0.85 | -18 % | FAIL (below 0.85) |")
        .contains("| bf16/fp32-forward@224 | 1.20 | 1.55 | 1.30 | -23 % | FAIL (below 1.30) |");
  }

  @Test
  void aRatioThatWasNotMeasuredFailsAndAnUnknownKeyIsRefused(@TempDir Path tmp) throws IOException {
    Path tsv = tmp.resolve("b.tsv");
    Files.writeString(tsv, "cached/uncached-linear\t40\t20\n");
    List<BenchGate.Check> c = BenchGate.check(table(48, 77), BenchGate.readBaseline(tsv));
    assertThat(c.get(0).passed()).isFalse();
    assertThat(BenchGate.table(c)).contains("FAIL (not measured)");
    Files.writeString(tsv, "no/such-ratio\t1\t1\n");
    assertThatThrownBy(() -> BenchGate.check(table(48, 77), BenchGate.readBaseline(tsv)))
        .hasMessageContaining("no/such-ratio")
        .hasMessageContaining("classifier/raw");
    Files.writeString(tsv, "classifier/raw\tfast\t1\n");
    assertThatThrownBy(() -> BenchGate.readBaseline(tsv)).hasMessageContaining(":1: not a number");
  }

  @Test
  void aSkippedRatioPassesAndSaysWhy(@TempDir Path tmp) throws IOException {
    Path tsv = tmp.resolve("b.tsv");
    Files.writeString(tsv, "bf16/fp32-forward@224\t1.55\t1.30\nclassifier/raw\t0.97\t0.85\n");
    Map<String, BenchGate.Limit> baseline = BenchGate.readBaseline(tsv);

    // measured and far below its limit, but skipped: the value is not even read
    List<BenchGate.Check> c =
        BenchGate.check(
            table(48, 10), baseline, Map.of("bf16/fp32-forward@224", BenchGate.NO_BF16));

    assertThat(c).allMatch(BenchGate.Check::passed);
    assertThat(c.get(0).value()).isEmpty();
    assertThat(c.get(0).verdict()).isEqualTo("skipped (no bf16 on this CPU)");
    assertThat(BenchGate.table(c))
        .contains("| bf16/fp32-forward@224 | — | 1.55 | 1.30 |  | skipped (no bf16 on this CPU) |")
        .contains("| classifier/raw | 0.96 | 0.97 | 0.85 | -1 % | ok |");
    assertThat(GateReport.tsv(c))
        .contains("bf16/fp32-forward@224\t\t1.55\t1.3\t\tskipped (no bf16 on this CPU)\n")
        .contains("classifier/raw\t0.9600\t0.97\t0.85\t-1.0\tok\n");
    List<BenchGate.Check> m = BenchGate.median(List.of(c, c));
    assertThat(m.get(0).skipped()).contains(BenchGate.NO_BF16);
  }

  @Test
  void theMedianOverRoundsDecides() {
    BenchGate.Limit lim = new BenchGate.Limit(1, 0.9, "");
    List<BenchGate.Check> m =
        BenchGate.median(
            List.of(
                List.of(new BenchGate.Check("k", Optional.of(0.5), lim)),
                List.of(new BenchGate.Check("k", Optional.of(0.95), lim)),
                List.of(new BenchGate.Check("k", Optional.of(1.0), lim))));
    assertThat(m.get(0).value()).contains(0.95);
    assertThat(m.get(0).passed()).isTrue();
  }

  @Test
  void theRooflineIsTheBestMatMulOverSizesInTheSamePrecision() {
    // n=2048: 20/s × 2·2048³ = 343.6 GFLOP/s; n=4096: 2.5/s × 2·4096³ = 343.6 × 1.0 ... pick the
    // max
    ProfileTable t =
        new ProfileTable(
            List.of(
                row("RooflineBenchmark.matmul", Map.of("n", "2048", "dtype", "fp32"), 20),
                row("RooflineBenchmark.matmul", Map.of("n", "4096", "dtype", "fp32"), 3),
                row("RooflineBenchmark.matmul", Map.of("n", "4096", "dtype", "bf16"), 6),
                row("InferenceBenchmark.batch32", Map.of("size", "224", "precision", "fp32"), 50),
                row("InferenceBenchmark.batch32", Map.of("size", "224", "precision", "bf16"), 80)));
    Map<String, Optional<Double>> r = new java.util.HashMap<>();
    t.ratios().forEach(x -> r.put(x.key(), x.value()));
    double fp32Roof = 3 * 2 * Math.pow(4096, 3) / 1e9;
    double bf16Roof = 6 * 2 * Math.pow(4096, 3) / 1e9;
    assertThat(r.get("forward/roofline@b32-224").get())
        .isCloseTo(
            50 * Workloads.forwardFlopsPerImage(224) / 1e9 / fp32Roof,
            org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.get("forward/roofline-bf16@b32-224").get())
        .isCloseTo(
            80 * Workloads.forwardFlopsPerImage(224) / 1e9 / bf16Roof,
            org.assertj.core.data.Offset.offset(1e-9));
  }
}
