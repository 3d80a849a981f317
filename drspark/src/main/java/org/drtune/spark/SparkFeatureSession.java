package org.drtune.spark;

import org.drtune.features.FeatureProvider;

/**
 * A Spark session that computes a fine-tuning run's frozen features on its executors ({@link
 * DrSpark#featureProvider}), for callers that do not use Spark's types themselves, such as {@code
 * drtune train --spark-master}. Closing it stops the session.
 *
 * <pre>{@code
 * try (SparkFeatureSession s = SparkFeatureSession.open("local[2]", "hdfs:///tmp/run-features", true)) {
 *   FineTuneJob.run(request, listener, s.provider());
 * }
 * }</pre>
 */
public final class SparkFeatureSession implements AutoCloseable {
  private final AutoCloseable session;
  private final FeatureProvider provider;

  private SparkFeatureSession(AutoCloseable session, FeatureProvider provider) {
    this.session = session;
    this.provider = provider;
  }

  /**
   * Starts (or joins, under spark-submit) a Spark session on {@code master} (null: spark-submit's,
   * else {@code local[*]}) whose provider writes the features as Parquet into {@code folder}, and
   * keeps them there when {@code keep} (else deletes each split's once the run's cache holds it).
   *
   * @throws SparkUnavailableException when Apache Spark is not on the class path
   */
  public static SparkFeatureSession open(String master, String folder, boolean keep) {
    SparkUnavailableException.requireSpark("--spark-master", "");
    SparkGradeRun.Started s = SparkGradeRun.start(master, "drtune train (features)");
    return new SparkFeatureSession(s, DrSpark.featureProvider(s.spark(), folder, keep));
  }

  /** The provider to give {@code FineTuneJob.run}. */
  public FeatureProvider provider() {
    return provider;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (Exception e) {
      throw new IllegalStateException("stopping Spark failed: " + e.getMessage(), e);
    }
  }
}
