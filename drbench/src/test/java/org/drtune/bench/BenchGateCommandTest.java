package org.drtune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's command line: help, usage errors and bad baselines (nothing is benchmarked here). */
class BenchGateCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int gate(String... args) {
    return BenchGate.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsTheOptionsAndExitCodesAndExitsZero() {
    assertThat(gate("--help")).isZero();
    assertThat(out())
        .startsWith("Usage: bench-gate")
        .contains("--baseline=FILE", "--out=DIR", "--rounds=N", "--model=DIR")
        .contains("--assume-no-bf16", "--dry-run", "--iterations=N", "--iteration-time=TIME")
        .contains("Exit codes:", "2   bad command line or baseline file")
        .doesNotContain("--forks");
    assertThat(err()).isEmpty();
  }

  @Test
  void aBadCommandLineExitsTwo() {
    assertThat(gate("--rounds", "2")).isEqualTo(2);
    assertThat(err()).contains("Missing required option: '--baseline=FILE'");
    assertThat(gate("--baseline", "b.tsv", "--rounds", "many")).isEqualTo(2);
    assertThat(gate("--baseline", "b.tsv", "--rounds", "0")).isEqualTo(2);
    assertThat(err()).contains("--rounds must be at least 1");
    assertThat(gate("--baseline", "b.tsv", "--iteration-time", "soon")).isEqualTo(2);
    assertThat(gate("--baseline", "b.tsv", "--no-such-option")).isEqualTo(2);
    assertThat(err()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void aBaselineWithAnUnknownKeyExitsTwoListingTheKnownKeys(@TempDir Path tmp) throws IOException {
    Path tsv = tmp.resolve("b.tsv");
    Files.writeString(tsv, "classifier/raw\t0.96\t0.85\nclassifier/row\t1\t0.9\tuser typo\n");

    assertThat(gate("--baseline", tsv.toString(), "--out", tmp.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err())
        .contains("the baseline names ratio 'classifier/row', which drbench does not compute")
        .contains("known: forward/roofline@b1-224,")
        .contains("classifier/raw", "bf16/fp32-forward@224", "cached/uncached-linear");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void aMissingOrMalformedBaselineOrAModelThatIsNoneExitsTwo(@TempDir Path tmp) throws IOException {
    assertThat(gate("--baseline", tmp.resolve("none.tsv").toString())).isEqualTo(2);
    assertThat(err()).contains("none.tsv");
    Path tsv = tmp.resolve("b.tsv");
    Files.writeString(tsv, "classifier/raw\tfast\t1\n");
    assertThat(gate("--baseline", tsv.toString())).isEqualTo(2);
    assertThat(err()).contains(":1: not a number");
    Files.writeString(tsv, "classifier/raw\t0.96\t0.85\n");
    assertThat(gate("--baseline", tsv.toString(), "--model", tmp.toString(), "--dry-run"))
        .isEqualTo(2);
    assertThat(err()).contains("is not a model folder exported by drtune");
  }

  @Test
  void aDryRunPrintsWhatWouldRunAndSkipsBf16WhenAskedTo(@TempDir Path tmp) throws IOException {
    Path tsv = tmp.resolve("b.tsv");
    Files.writeString(
        tsv,
        "# two ratios\nbf16/fp32-forward@224\t1.57\t1.35\tbf16\n"
            + "train-frozen-prefix/forward@224\t0.42\t0.34\n");

    assertThat(gate("--baseline", tsv.toString(), "--dry-run", "--assume-no-bf16")).isZero();
    assertThat(out())
        .contains("runs TrainStepBenchmark\\.trainStep$")
        .contains("runs InferenceBenchmark\\.batch32$ {precision=fp32, size=224}")
        .contains("skips bf16/fp32-forward@224 (no bf16 on this CPU)")
        .doesNotContain("bf16,")
        .doesNotContain("ClassifierBenchmark");
  }
}
