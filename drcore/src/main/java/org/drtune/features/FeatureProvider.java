package org.drtune.features;

import java.io.IOException;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingListener;

/**
 * Computes a fine-tuning run's frozen features somewhere else than in the training JVM, for example
 * on a Spark cluster ({@code org.drtune.spark.DrSpark.featureProvider}). Given to {@link
 * FineTuneJob#run(FineTuneRequest, TrainingListener, FeatureProvider)}, it is asked once per split
 * (train, validation) for the output of the frozen part of every photograph at every rotation the
 * cache holds; the training then reads them from the run's feature cache exactly as if it had
 * computed them itself. An implementation computes them with {@link FeatureExtractor#open} on the
 * job's {@link FeatureJob#extractor() spec}.
 */
@FunctionalInterface
public interface FeatureProvider {
  /**
   * Computes every (photograph, rotation) of {@code job} and gives each to {@code sink}, in any
   * order and from any thread.
   *
   * @throws IOException when a photograph cannot be read or a result cannot be fetched (the message
   *     names it and says what to do; the run's outputs are left as they were)
   */
  void compute(FeatureJob job, FeatureJob.Sink sink) throws IOException;
}
