package org.drtune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Which benchmarks the gate runs for a baseline: only those behind the ratios it names, each
 * combination once, bf16 ones left out without bf16 (no benchmark runs here).
 */
class BenchGateSelectionTest {

  @Test
  void aBaselineNamingTwoRatiosRunsOnlyTheirBenchmarks() {
    BenchGate.Plan plan =
        BenchGate.plan(List.of("classifier/raw", "bf16/fp32-forward@224"), null, true);

    assertThat(plan.skipped()).isEmpty();
    assertThat(plan.steps())
        .containsExactly(
            new QuickProfile.Step(
                "ClassifierBenchmark\\.(classifyBatch32|rawSessionBatch32)$", Map.of()),
            new QuickProfile.Step(
                "InferenceBenchmark\\.batch32$", Map.of("size", "224", "precision", "bf16,fp32")));
    // the include patterns select exactly those three methods among every benchmark of drbench
    assertThat(matchedBenchmarks(plan.steps()))
        .containsExactlyInAnyOrder(
            "ClassifierBenchmark.classifyBatch32",
            "ClassifierBenchmark.rawSessionBatch32",
            "InferenceBenchmark.batch32");
  }

  @Test
  void withoutBf16TheBf16RatiosAreSkippedAndTheirBenchmarksNotRun() {
    BenchGate.Plan plan =
        BenchGate.plan(
            List.of("bf16/fp32-forward@224", "classifier/raw", "bf16/fp32-train-frozen-prefix@224"),
            null,
            false);

    assertThat(plan.skipped())
        .containsOnlyKeys("bf16/fp32-forward@224", "bf16/fp32-train-frozen-prefix@224")
        .containsValue(BenchGate.NO_BF16);
    assertThat(plan.steps())
        .containsExactly(
            new QuickProfile.Step(
                "ClassifierBenchmark\\.(classifyBatch32|rawSessionBatch32)$", Map.of()));
  }

  @Test
  void theCommittedBaselineRunsTheFiveStepsOfTheOldFixedProfile() throws Exception {
    BenchGate.Plan plan =
        BenchGate.plan(BenchGate.readBaseline(Path.of("ci-baseline.tsv")).keySet(), null, true);

    assertThat(plan.steps())
        .extracting(QuickProfile.Step::include)
        .containsExactly(
            "ClassifierBenchmark\\.(classifyBatch32|rawSessionBatch32)$",
            "InferenceBenchmark\\.batch32$",
            "TrainStepBenchmark\\.trainStep$",
            "FeatureCacheBenchmark\\.(cachedEpoch|uncachedEpoch)$",
            "PeerBenchmark\\.forward$");
    assertThat(plan.steps().get(2).params())
        .isEqualTo(Map.of("size", "224", "strategy", "frozen-prefix", "precision", "bf16,fp32"));
  }

  @Test
  void aModelFolderGoesToTheClassifierBenchmarkOnly() {
    Path model = Path.of("my-model").toAbsolutePath();
    BenchGate.Plan plan =
        BenchGate.plan(List.of("classifier/raw", "ours/djl-forward@224"), model, true);

    assertThat(plan.steps())
        .containsExactly(
            new QuickProfile.Step(
                "ClassifierBenchmark\\.(classifyBatch32|rawSessionBatch32)$",
                Map.of("model", model.toString())),
            new QuickProfile.Step(
                "InferenceBenchmark\\.batch32$", Map.of("size", "224", "precision", "fp32")),
            new QuickProfile.Step("PeerBenchmark\\.forward$", Map.of("size", "224")));
  }

  @Test
  void runsNeverMeasureACombinationNoProbeAskedFor() {
    List<Probe> probes =
        List.of(
            Probe.of("TrainStepBenchmark.trainStep", "strategy", "full", "size", "224"),
            Probe.of("TrainStepBenchmark.trainStep", "strategy", "linear", "size", "112"),
            Probe.of("TrainStepBenchmark.trainStep", "strategy", "full", "size", "112"),
            Probe.of("TrainStepBenchmark.trainStep", "strategy", "full", "size", "224"));

    // full×224 + linear×112 is no product; full×112 joins the first (one differing parameter)
    assertThat(ProfileSteps.covering(probes))
        .containsExactly(
            new QuickProfile.Step(
                "TrainStepBenchmark\\.trainStep$", Map.of("strategy", "full", "size", "224,112")),
            new QuickProfile.Step(
                "TrainStepBenchmark\\.trainStep$", Map.of("strategy", "linear", "size", "112")));
  }

  @Test
  void anUnknownKeyIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> BenchGate.plan(List.of("classifier/raw", "no/such"), null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no/such'")
        .hasMessageContaining("classifier/raw, cached/uncached-linear");
  }

  /**
   * Every ratio reads benchmark methods and parameters that exist, and pins every parameter whose
   * default has several values (else a run of it would measure trials nobody reads).
   */
  @Test
  void everyProbeNamesARealBenchmarkAndPinsItsMultiValuedParameters() throws Exception {
    assertThat(RatioCatalog.keys()).doesNotHaveDuplicates().hasSizeGreaterThan(20);
    for (RatioCatalog.Definition d : RatioCatalog.all()) {
      for (Probe p : d.probes()) {
        Class<?> c = Class.forName("org.drtune.bench." + p.className());
        Method m =
            Arrays.stream(c.getMethods())
                .filter(x -> x.getName().equals(p.method()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(d.key() + ": no method " + p.benchmark()));
        assertThat(m.isAnnotationPresent(Benchmark.class)).as(p.benchmark()).isTrue();
        for (String k : p.params().keySet()) {
          assertThat(c.getField(k).isAnnotationPresent(Param.class)).as(d.key() + " " + k).isTrue();
        }
        for (Field f : c.getFields()) {
          Param param = f.getAnnotation(Param.class);
          if (param != null && param.value().length > 1) {
            assertThat(p.params()).as(d.key() + " pins " + f.getName()).containsKey(f.getName());
          }
        }
      }
    }
  }

  /** The benchmarks of drbench (Class.method) that some step's include pattern selects. */
  private static List<String> matchedBenchmarks(List<QuickProfile.Step> steps) {
    List<String> all =
        Arrays.stream(
                new Class<?>[] {
                  ClassifierBenchmark.class,
                  FeatureCacheBenchmark.class,
                  InferenceBenchmark.class,
                  PeerBenchmark.class,
                  PipelineBenchmark.class,
                  RooflineBenchmark.class,
                  TrainStepBenchmark.class
                })
            .flatMap(
                c ->
                    Arrays.stream(c.getMethods())
                        .filter(m -> m.isAnnotationPresent(Benchmark.class))
                        .map(m -> c.getName() + "." + m.getName()))
            .toList();
    return all.stream()
        .filter(
            b ->
                steps.stream()
                    .anyMatch(
                        s ->
                            Pattern.compile("org\\.drtune\\.bench\\." + s.include())
                                .matcher(b)
                                .find()))
        .map(b -> b.substring("org.drtune.bench.".length()))
        .toList();
  }
}
