package org.drtune.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Every ratio drbench computes, each with the two benchmark results behind it: what the quick
 * profile's ratio table shows and what a CI baseline may name. The gate derives from a baseline's
 * keys which benchmarks to run.
 */
final class RatioCatalog {
  /** How a ratio divides its two results. */
  enum Kind {
    /** numerator's score ÷ denominator's score. */
    SCORES,
    /** the numerator's forward GFLOP/s ÷ the best roofline GFLOP/s over the denominator's rows. */
    FORWARD_OVER_ROOFLINE
  }

  /**
   * One ratio.
   *
   * @param key a stable identifier, e.g. {@code classifier/raw}, as in a CI baseline
   * @param name what it compares
   * @param kind how it divides
   * @param numerator the result on top
   * @param denominator the result below
   * @param how how it is computed and read
   * @param listedUnmeasured whether the ratio table lists it when its numerator was not run (the
   *     bf16 rooflines are listed only when bf16 was measured)
   */
  record Definition(
      String key,
      String name,
      Kind kind,
      Probe numerator,
      Probe denominator,
      String how,
      boolean listedUnmeasured) {
    /** Checks for nulls. */
    Definition {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(numerator, "numerator");
      Objects.requireNonNull(denominator, "denominator");
    }

    /** The two results, numerator first. */
    List<Probe> probes() {
      return List.of(numerator, denominator);
    }

    /** Whether either side measures bfloat16 (meaningless on a CPU without it). */
    boolean needsBf16() {
      return numerator.needsBf16() || denominator.needsBf16();
    }
  }

  private static final List<Definition> ALL = build();

  private RatioCatalog() {}

  /** Every ratio, in the order of the ratio table. */
  static List<Definition> all() {
    return ALL;
  }

  /** Every key, in the order of the ratio table. */
  static List<String> keys() {
    return ALL.stream().map(Definition::key).toList();
  }

  /**
   * The definitions of {@code keys}, in their order.
   *
   * @throws IllegalArgumentException naming the unknown key and every known one
   */
  static List<Definition> select(Collection<String> keys) {
    List<Definition> out = new ArrayList<>();
    for (String k : keys) {
      out.add(
          ALL.stream()
              .filter(d -> d.key().equals(k))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the baseline names ratio '"
                              + k
                              + "', which drbench does not compute; known: "
                              + String.join(", ", keys()))));
    }
    return out;
  }

  private static List<Definition> build() {
    List<Definition> out = new ArrayList<>();
    forwardAgainstRoofline(out);
    trainStepAgainstForward(out);
    bf16AgainstFp32(out);
    oursAgainstDjl(out);
    pipeline(out);
    out.add(
        scores(
            "classifier/raw",
            "DrClassifier / raw session of the same model, batch 32, 224²",
            Probe.of("ClassifierBenchmark.classifyBatch32"),
            Probe.of("ClassifierBenchmark.rawSessionBatch32"),
            "images/s; 1.0 = no overhead (target: within 5 %)"));
    for (String strategy : new String[] {"linear", "early-features"}) {
      out.add(
          scores(
              "cached/uncached-" + strategy,
              "cached / uncached epoch, " + strategy + ", 224²",
              Probe.of("FeatureCacheBenchmark.cachedEpoch", "strategy", strategy),
              Probe.of("FeatureCacheBenchmark.uncachedEpoch", "strategy", strategy),
              "images/s of one epoch; target for linear: at least 20"));
    }
    return List.copyOf(out);
  }

  /** Forward GFLOP/s over the best MatMul's, per precision, batch and size. */
  private static void forwardAgainstRoofline(List<Definition> out) {
    for (String dtype : new String[] {"fp32", "bf16"}) {
      Probe roof = Probe.of("RooflineBenchmark.matmul", "n", "2048,4096", "dtype", dtype);
      for (String[] fw :
          new String[][] {{"1", "224"}, {"8", "224"}, {"32", "224"}, {"32", "112"}}) {
        out.add(
            new Definition(
                "forward/roofline"
                    + (dtype.equals("fp32") ? "" : "-bf16")
                    + "@b"
                    + fw[0]
                    + "-"
                    + fw[1],
                "forward / MatMul roofline, " + dtype + ", batch " + fw[0] + ", " + fw[1] + "²",
                Kind.FORWARD_OVER_ROOFLINE,
                Probe.of("InferenceBenchmark.batch" + fw[0], "size", fw[1], "precision", dtype),
                roof,
                "forward GFLOP/s (3.18 GFLOP/image × (size/224)²) ÷ best MatMul GFLOP/s over n in"
                    + " the same precision",
                dtype.equals("fp32")));
      }
    }
  }

  /** Each training strategy's step over a forward pass, per size. */
  private static void trainStepAgainstForward(List<Definition> out) {
    for (String size : new String[] {"224", "112"}) {
      for (String strategy : new String[] {"linear", "frozen-prefix", "full"}) {
        out.add(
            scores(
                "train-" + strategy + "/forward@" + size,
                "train step " + strategy + " / forward, " + size + "²",
                trainStep(strategy, size, "fp32"),
                forward32(size, "fp32"),
                "train images/s ÷ raw forward images/s (batch 32): 1.0 = a step costs one forward"
                    + " pass"));
      }
    }
  }

  /** bf16 over fp32, forward and frozen-prefix training step. */
  private static void bf16AgainstFp32(List<Definition> out) {
    out.add(
        scores(
            "bf16/fp32-forward@224",
            "bf16 / fp32, forward, batch 32, 224²",
            forward32("224", "bf16"),
            forward32("224", "fp32"),
            "images/s; target ≥ 1.5"));
    out.add(
        scores(
            "bf16/fp32-train-frozen-prefix@224",
            "bf16 / fp32, train step frozen-prefix, 224²",
            trainStep("frozen-prefix", "224", "bf16"),
            trainStep("frozen-prefix", "224", "fp32"),
            "images/s"));
  }

  /** drtune over DJL on PyTorch, forward and full training step, per size. */
  private static void oursAgainstDjl(List<Definition> out) {
    for (String size : new String[] {"224", "112"}) {
      out.add(
          scores(
              "ours/djl-forward@" + size,
              "ours / DJL-PyTorch, forward, " + size + "²",
              forward32(size, "fp32"),
              Probe.of("PeerBenchmark.forward", "size", size),
              "images/s, batch 32; > 1 = drtune faster"));
      out.add(
          scores(
              "ours/djl-train-full@" + size,
              "ours / DJL-PyTorch, train (full), " + size + "²",
              trainStep("full", size, "fp32"),
              Probe.of("PeerBenchmark.trainStep", "size", size),
              "images/s, batch 32; > 1 = drtune faster"));
    }
  }

  /** The input pipeline: its scaling, the loader against a plain pool, and against training. */
  private static void pipeline(List<Definition> out) {
    Probe pipe2 = Probe.of("PipelineBenchmark.prepareBatch", "threads", "2");
    out.add(
        scores(
            "pipeline-2/1",
            "pipeline 2 threads / 1 thread",
            pipe2,
            Probe.of("PipelineBenchmark.prepareBatch", "threads", "1"),
            "images/s; 2.0 = perfect scaling"));
    out.add(
        scores(
            "loader/pool-2",
            "BatchLoader / hand-rolled pool, 2 threads",
            Probe.of("PipelineBenchmark.loaderEpoch", "threads", "2"),
            pipe2,
            "images/s; < 1 = the loader's batching and prefetch cost something"));
    out.add(
        scores(
            "pipeline/train-frozen-prefix@224",
            "pipeline (2 threads) / train step frozen-prefix, 224²",
            pipe2,
            trainStep("frozen-prefix", "224", "fp32"),
            "> 1 = decoding alone could keep up with training (both share the same 2 CPUs)"));
  }

  private static Definition scores(
      String key, String name, Probe numerator, Probe denominator, String how) {
    return new Definition(key, name, Kind.SCORES, numerator, denominator, how, true);
  }

  /** The raw forward pass, batch 32. */
  private static Probe forward32(String size, String precision) {
    return Probe.of("InferenceBenchmark.batch32", "size", size, "precision", precision);
  }

  private static Probe trainStep(String strategy, String size, String precision) {
    return Probe.of(
        "TrainStepBenchmark.trainStep", "strategy", strategy, "size", size, "precision", precision);
  }
}
