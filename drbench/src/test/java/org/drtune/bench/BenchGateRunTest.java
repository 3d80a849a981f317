package org.drtune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate end to end on a user's exported model: real JMH runs of {@code ClassifierBenchmark} on a
 * tiny drtune model (32×32), in this JVM, no warmup, one 200 ms iteration per trial — a few
 * seconds. Timings are never asserted beyond a limit no real run can reach.
 */
class BenchGateRunTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeAll
  static void otherJmhRunsOnThisMachineDoNotBlockThisOne() {
    System.setProperty("jmh.ignoreLock", "true");
  }

  private int gate(Path baseline, Path outDir, String... more) {
    return gate(baseline, outDir, TinyExportedModel.folder(), more);
  }

  private int gate(Path baseline, Path outDir, Path model, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--baseline", baseline.toString(),
                "--out", outDir.toString(),
                "--model", model.toString(),
                "--forks", "0",
                "--warmup-time", "0",
                "--iterations", "1",
                "--iteration-time", "200ms"));
    args.addAll(List.of(more));
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    return BenchGate.run(args.toArray(String[]::new), ps, ps);
  }

  @Test
  void aUsersModelIsMeasuredAndBf16IsSkippedWithoutRunningItsBenchmarks(@TempDir Path tmp)
      throws IOException {
    Path tsv = tmp.resolve("baseline.tsv");
    Files.writeString(
        tsv,
        "classifier/raw\t0.9\t0.01\tour model, any overhead below 100x passes\n"
            + "bf16/fp32-forward@224\t1.57\t1.35\tdrtune's bf16\n");
    Path outDir = tmp.resolve("gate");

    assertThat(gate(tsv, outDir, "--assume-no-bf16")).as(out.toString()).isZero();

    assertThat(outDir.resolve("latest.md"))
        .content()
        .contains("Model of classifier/raw: " + TinyExportedModel.folder())
        .contains("input " + TinyExportedModel.INPUT_SIZE + "²")
        .containsPattern(
            "\\| classifier/raw \\| \\d+\\.\\d\\d \\| 0\\.90 \\| 0\\.01 \\| [-+]\\d+ % \\| ok \\|")
        .contains("| bf16/fp32-forward@224 | — | 1.57 | 1.35 |  | skipped (no bf16 on this CPU) |");
    assertThat(outDir.resolve("latest.tsv"))
        .content()
        .startsWith("key\tvalue\tbaseline\tmin\tchange_percent\tverdict\n")
        .contains("bf16/fp32-forward@224\t\t1.57\t1.35\t\tskipped (no bf16 on this CPU)\n");
    JsonNode json = new ObjectMapper().readTree(outDir.resolve("latest.json").toFile());
    List<String> benchmarks = new ArrayList<>();
    for (JsonNode r : json) {
      benchmarks.add(r.get("benchmark").asText());
      assertThat(r.at("/params/model").asText()).isEqualTo(TinyExportedModel.folder().toString());
      assertThat(r.at("/primaryMetric/score").asDouble()).isPositive();
    }
    // the skipped ratio's InferenceBenchmark never ran: only the classifier's two methods did
    assertThat(benchmarks)
        .containsExactlyInAnyOrder(
            "org.drtune.bench.ClassifierBenchmark.classifyBatch32",
            "org.drtune.bench.ClassifierBenchmark.rawSessionBatch32");
    assertThat(outDir).isDirectoryNotContaining("glob:**gate-*");
  }

  @Test
  void aRatioBelowItsLimitFailsTheGateWithExitOne(@TempDir Path tmp) throws IOException {
    Path tsv = tmp.resolve("baseline.tsv");
    Files.writeString(tsv, "classifier/raw\t0.9\t100\tno classifier is 100x its own session\n");
    Path outDir = tmp.resolve("gate");

    assertThat(gate(tsv, outDir)).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("bench-gate: 1 ratio(s) below their limit or not measured");
    assertThat(outDir.resolve("latest.md")).content().contains("FAIL (below 100.00)");
    assertThat(outDir.resolve("latest.json")).isNotEmptyFile();
  }

  @Test
  void aBenchmarkThatFailsFailsTheGateButStillWritesTheReport(@TempDir Path tmp)
      throws IOException {
    // a card without its SavedModel: the gate accepts the folder, the benchmark's setup fails
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.copy(
        TinyExportedModel.folder().resolve("model-card.json"), broken.resolve("model-card.json"));
    Path tsv = tmp.resolve("baseline.tsv");
    Files.writeString(tsv, "classifier/raw\t0.9\t0.01\n");
    Path outDir = tmp.resolve("gate");

    assertThat(gate(tsv, outDir, broken)).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("bench-gate: a benchmark failed: ClassifierBenchmark");
    assertThat(outDir.resolve("latest.md"))
        .content()
        .contains("| classifier/raw | not measured | 0.90 | 0.01 |  | FAIL (not measured) |")
        .contains("## Benchmarks that failed")
        .contains("saved_model.pb");
    assertThat(outDir.resolve("latest.json")).exists();
  }
}
