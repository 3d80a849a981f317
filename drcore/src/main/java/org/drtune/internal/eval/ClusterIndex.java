package org.drtune.internal.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The cluster (e.g. patient) of each case, and how a bootstrap resample draws them: whole clusters
 * with replacement, every case of a drawn cluster counted as often as its cluster was drawn.
 *
 * @param clusterOf the cluster number of each case
 * @param count the number of clusters
 * @param drawn scratch space: how often each cluster was drawn in the current resample
 */
record ClusterIndex(int[] clusterOf, int count, int[] drawn) {

  /**
   * The clusters of {@code n} cases.
   *
   * @param clusters the cluster id of each case, or null for one cluster per case
   * @param n the number of cases
   */
  static ClusterIndex of(String[] clusters, int n) {
    if (clusters != null && clusters.length != n) {
      throw new IllegalArgumentException(
          clusters.length + " cluster ids for " + n + " cases: give one per case");
    }
    int[] clusterOf = new int[n];
    int count = n;
    if (clusters != null) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < n; i++) {
        clusterOf[i] = index.computeIfAbsent(clusters[i], c -> index.size());
      }
      count = index.size();
    } else {
      Arrays.setAll(clusterOf, i -> i);
    }
    return new ClusterIndex(clusterOf, count, new int[count]);
  }

  /** Draws {@code count} clusters with replacement; sets each case's multiplicity. */
  void draw(Random random, int[] counts) {
    Arrays.fill(drawn, 0);
    for (int d = 0; d < count; d++) {
      drawn[random.nextInt(count)]++;
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] = drawn[clusterOf[i]];
    }
  }
}
