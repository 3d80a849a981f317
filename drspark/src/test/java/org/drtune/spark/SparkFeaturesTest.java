package org.drtune.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.features.CacheDtype;
import org.drtune.features.FeatureJob;
import org.drtune.features.FeatureProvider;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed feature extraction on a real Spark ({@code local[2]}) with real TensorFlow: the
 * executors compute the frozen part's features into Parquet, the head trains on the driver from
 * them, and the run equals the same run with the single-machine feature cache.
 */
class SparkFeaturesTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path data;

  @BeforeAll
  static void startSparkAndWritePhotographs() throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 8, 3, 7);
    data = TinyNpz.writeGradeFolders(npz, 3, tmp.resolve("photos"));
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("drtune-features-test")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static FineTuneRequest request(Path run) {
    return TinyBackbone.request(data, run).withFeatureCache(true, CacheDtype.FLOAT32);
  }

  @Test
  void featuresFromTheExecutorsTrainTheSameModelAsTheLocalFeatureCache() throws IOException {
    FineTuneJob.Result local =
        FineTuneJob.run(request(tmp.resolve("local")), TrainingListener.NONE);

    Path parquet = tmp.resolve("features");
    FeatureProvider onSpark = DrSpark.featureProvider(spark, parquet.toString());
    Map<String, Integer> records = new ConcurrentHashMap<>();
    AtomicInteger calls = new AtomicInteger();
    FeatureProvider counting =
        (job, sink) -> {
          calls.incrementAndGet();
          onSpark.compute(
              job,
              (index, rotation, values) -> {
                records.merge(job.split(), 1, Integer::sum);
                sink.accept(index, rotation, values);
              });
        };
    FineTuneJob.Result distributed =
        FineTuneJob.run(request(tmp.resolve("spark")), TrainingListener.NONE, counting);

    int train = local.card().data().get("trainImages") instanceof Integer n ? n : -1;
    int val = local.card().data().get("validationImages") instanceof Integer n ? n : -1;
    assertThat(calls).hasValue(2);
    // augmentation on: every training photograph at 4 rotations; validation unrotated
    assertThat(records).containsEntry("train", 4 * train).containsEntry("validation", val);
    for (String split : new String[] {"train", "validation"}) {
      Row[] rows = (Row[]) spark.read().parquet(parquet.resolve(split).toString()).collect();
      assertThat(rows).hasSize(split.equals("train") ? 4 * train : val);
      assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(r.fieldIndex("error"))).isTrue());
    }

    float[][] a = local.validationPredictions().probabilities();
    float[][] b = distributed.validationPredictions().probabilities();
    assertThat(distributed.validationPredictions().ids())
        .isEqualTo(local.validationPredictions().ids());
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < a[i].length; k++) {
        max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
      }
    }
    // the same features up to float rounding between batch compositions (about 1e-7), the same
    // seeded training: the same model
    assertThat(max).isLessThan(1e-4);
    System.out.printf(
        "SparkFeaturesTest: validation probabilities differ by at most %.3g; trained weights %s%n",
        max,
        distributed.card().trainableVariables().equals(local.card().trainableVariables())
            ? "bit-identical"
            : "differ in rounding");
    assertThat(distributed.card().trainableVariables().keySet())
        .isEqualTo(local.card().trainableVariables().keySet());
    assertThat(distributed.card().frozenVariables()).isEqualTo(local.card().frozenVariables());
  }

  @Test
  void float16FeaturesTravelAsHalfTheBytesAndTrainTheSameModelAsTheLocalFloat16Cache()
      throws IOException {
    FineTuneRequest half =
        request(tmp.resolve("h-local")).withFeatureCache(true, CacheDtype.FLOAT16);
    FineTuneJob.Result local = FineTuneJob.run(half, TrainingListener.NONE);
    Path parquet = tmp.resolve("h-features");
    FeatureProvider onSpark = DrSpark.featureProvider(spark, parquet.toString());
    int[] per = {0};
    FeatureProvider seeing =
        (job, sink) -> {
          per[0] = job.valuesPerExample();
          onSpark.compute(job, sink);
        };
    FineTuneJob.Result distributed =
        FineTuneJob.run(half.withRunDir(tmp.resolve("h-spark")), TrainingListener.NONE, seeing);
    Row first = spark.read().parquet(parquet.resolve("validation").toString()).first();
    assertThat((byte[]) first.getAs("features")).hasSize(2 * per[0]);
    float[][] a = local.validationPredictions().probabilities();
    float[][] b = distributed.validationPredictions().probabilities();
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < a[i].length; k++) {
        max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
      }
    }
    assertThat(max).isLessThan(1e-3);
    assertThat(distributed.card().data()).containsEntry("featureCache", "float16");
  }

  @Test
  void aPhotographTheExecutorsCannotReadFailsTheRunByNameAndWritesNoModel() throws IOException {
    Path bad = data.resolve("1/broken.png");
    Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    try {
      Path run = tmp.resolve("broken-run");
      assertThatThrownBy(
              () ->
                  FineTuneJob.run(
                      request(run).withLoading(0, false),
                      TrainingListener.NONE,
                      DrSpark.featureProvider(spark, tmp.resolve("broken").toString())))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("broken.png")
          .hasMessageContaining("could not be read on the executors")
          .hasMessageContaining("fix or remove");
      assertThat(run.resolve("model")).doesNotExist();
    } finally {
      Files.delete(bad);
    }
  }

  @Test
  void aProviderNeedsARunThatTrainsFromTheFeatureCache() {
    FeatureProvider never =
        (FeatureJob job, FeatureJob.Sink sink) -> {
          throw new AssertionError("not called");
        };
    assertThatThrownBy(
            () ->
                FineTuneJob.run(
                    TinyBackbone.request(data, tmp.resolve("uncached"))
                        .withFeatureCache(false, null),
                    TrainingListener.NONE,
                    never))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature cache");
  }
}
