package org.drtune.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A benchmark result a ratio reads: a benchmark ({@code Class.method}, as in {@link
 * ProfileTable.Row#benchmark()}) and the JMH parameters that pick its row. A value may list several
 * comma-separated values (the roofline's sizes, the best of which counts). A parameter the probe
 * leaves out matches any value, and a run takes the benchmark's own default for it, so a probe sets
 * every parameter whose default has several values.
 *
 * @param benchmark simple class name and method, e.g. {@code InferenceBenchmark.batch32}
 * @param params the parameters that pick the row
 */
record Probe(String benchmark, Map<String, String> params) {
  /** Checks the name and copies the parameters. */
  Probe {
    Objects.requireNonNull(benchmark, "benchmark");
    if (benchmark.indexOf('.') < 1 || benchmark.indexOf('.') != benchmark.lastIndexOf('.')) {
      throw new IllegalArgumentException("a benchmark is Class.method, got " + benchmark);
    }
    params = Map.copyOf(params);
  }

  /** A probe of {@code benchmark} with parameters given as key, value, key, value, … */
  static Probe of(String benchmark, String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return new Probe(benchmark, m);
  }

  /** The benchmark's class, e.g. {@code InferenceBenchmark}. */
  String className() {
    return benchmark.substring(0, benchmark.indexOf('.'));
  }

  /** The benchmark's method, e.g. {@code batch32}. */
  String method() {
    return benchmark.substring(benchmark.indexOf('.') + 1);
  }

  /** The values of parameter {@code key}, empty when the probe leaves it out. */
  List<String> values(String key) {
    String v = params.get(key);
    return v == null ? List.of() : Arrays.asList(v.split(","));
  }

  /** A copy with parameter {@code key} set to {@code value}. */
  Probe with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(params);
    m.put(key, value);
    return new Probe(benchmark, m);
  }

  /** Whether it measures bfloat16: a {@code precision} or {@code dtype} of {@code bf16}. */
  boolean needsBf16() {
    return values("precision").contains("bf16") || values("dtype").contains("bf16");
  }

  /** Whether {@code row} is a result of this probe. */
  boolean matches(ProfileTable.Row row) {
    return row.benchmark().equals(benchmark)
        && params.keySet().stream().allMatch(k -> values(k).contains(row.param(k)));
  }
}
