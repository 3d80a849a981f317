package org.drtune.training;

import java.util.LinkedHashMap;
import java.util.Map;

/** The wall time of each phase of a run, in the order the phases ran, in seconds (0.01 s). */
final class PhaseClock {
  private final long start = System.nanoTime();
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long since = start;

  /** Records the time since the last lap (or the start) under {@code phase}. */
  void lap(String phase) {
    long now = System.nanoTime();
    seconds.merge(phase, Math.round((now - since) / 1e7) / 100.0, Double::sum);
    since = now;
  }

  /** Records {@code value} seconds under {@code phase} (a phase timed elsewhere). */
  void record(String phase, double value) {
    seconds.merge(phase, value, Double::sum);
  }

  /** The phases so far. */
  Map<String, Double> phases() {
    return new LinkedHashMap<>(seconds);
  }

  /** The phases so far and their {@code total} since the start. */
  Map<String, Double> withTotal() {
    Map<String, Double> all = phases();
    all.put("total", (System.nanoTime() - start) / 1e9);
    return all;
  }
}
