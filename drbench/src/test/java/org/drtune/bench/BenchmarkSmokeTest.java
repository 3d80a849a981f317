package org.drtune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs two tiny benchmarks through the JMH Runner API in this JVM (forks 0, no warmup, one 200 ms
 * iteration) to prove the generated benchmark code, the state setup/teardown and the result wiring
 * work. Timings are never asserted: only that a positive score came out.
 */
class BenchmarkSmokeTest {

  private static Collection<RunResult> run(String include, Map<String, String> params)
      throws RunnerException {
    OptionsBuilder o = new OptionsBuilder();
    o.include(include)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .shouldFailOnError(true);
    params.forEach(o::param);
    return new Runner(o.build()).run();
  }

  @Test
  void rooflineAtSmallSizeReportsMatMulsAndGflops() throws RunnerException {
    Collection<RunResult> results =
        run(RooflineBenchmark.class.getName() + ".matmul$", Map.of("n", "128"));

    assertThat(results).hasSize(1);
    RunResult r = results.iterator().next();
    assertThat(r.getPrimaryResult().getScore()).isPositive();
    assertThat(r.getSecondaryResults()).containsKey("gflop");
    assertThat(r.getSecondaryResults().get("gflop").getScore()).isPositive();
  }

  @Test
  void pipelineOnTwoSmallImagesReportsImagesPerSecond() throws RunnerException {
    Collection<RunResult> results =
        run(
            PipelineBenchmark.class.getName() + ".prepareBatch$",
            Map.of("files", "2", "width", "640", "height", "480", "size", "112", "threads", "2"));

    assertThat(results).hasSize(1);
    assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
  }

  @Test
  void ratioTableComputesWhatWasMeasuredAndMarksTheRest() {
    ProfileTable table =
        new ProfileTable(
            List.of(
                new ProfileTable.Row(
                    "RooflineBenchmark.matmul", Map.of("n", "2048"), 20, Double.NaN, Double.NaN),
                new ProfileTable.Row(
                    "InferenceBenchmark.batch32", Map.of("size", "224"), 30, 1, Double.NaN),
                new ProfileTable.Row(
                    "PeerBenchmark.forward", Map.of("size", "224"), 10, 1, Double.NaN),
                new ProfileTable.Row(
                    "ClassifierBenchmark.classifyBatch32", Map.of(), 27, 1, Double.NaN),
                new ProfileTable.Row(
                    "ClassifierBenchmark.rawSessionBatch32", Map.of(), 30, 1, Double.NaN),
                new ProfileTable.Row(
                    "FeatureCacheBenchmark.cachedEpoch",
                    Map.of("strategy", "linear"),
                    900,
                    1,
                    Double.NaN),
                new ProfileTable.Row(
                    "FeatureCacheBenchmark.uncachedEpoch",
                    Map.of("strategy", "linear"),
                    30,
                    1,
                    Double.NaN)));

    String ratios = table.ratioTable();

    // 20 MatMul/s × 2·2048³ = 343.6 GFLOP/s; 30 img/s × 3.18 GFLOP = 95.4 GFLOP/s.
    assertThat(ratios).contains("| forward / MatMul roofline, fp32, batch 32, 224² | 0.28 |");
    assertThat(ratios).contains("| ours / DJL-PyTorch, forward, 224² | 3.00 |");
    assertThat(ratios)
        .contains("| ours / DJL-PyTorch, forward, 112² | " + ProfileTable.NOT_RUN + " |");
    assertThat(ratios)
        .contains("| DrClassifier / raw session of the same model, batch 32, 224² | 0.90 |");
    assertThat(ratios).contains("| cached / uncached epoch, linear, 224² | 30.00 |");
    assertThat(ratios)
        .contains(
            "| cached / uncached epoch, early-features, 224² | " + ProfileTable.NOT_RUN + " |");
    assertThat(table.throughputTable())
        .contains("| InferenceBenchmark.batch32 | size=224 | 30.0 | 1.00 |");
  }
}
