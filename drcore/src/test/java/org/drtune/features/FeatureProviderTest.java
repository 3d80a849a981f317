package org.drtune.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.grading.ModelLoadException;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FineTuneJob#run(FineTuneRequest, TrainingListener, FeatureProvider)} with providers that
 * compute the features with {@link FeatureExtractor} (as a Spark executor does), give too few or
 * wrong ones, or are given a run that cannot use them.
 */
class FeatureProviderTest {
  @TempDir static Path tmp;
  static Path npz;
  static Path data;

  @BeforeAll
  static void writePhotographs() throws IOException {
    npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 8, 3, 11);
    data = TinyNpz.writeGradeFolders(npz, 3, tmp.resolve("photos"));
  }

  private static FineTuneRequest request(Path run) {
    return TinyBackbone.request(data, run).withFeatureCache(true, CacheDtype.FLOAT32);
  }

  /** Computes every record with a FeatureExtractor opened on the spec, in batches of 5. */
  static final class ExtractorProvider implements FeatureProvider {
    final Map<String, Integer> records = new HashMap<>();

    @Override
    public void compute(FeatureJob job, FeatureJob.Sink sink) throws IOException {
      try (FeatureExtractor x =
          FeatureExtractor.open(job.extractor(), Path.of(job.extractor().backboneFolder()))) {
        assertThat(x.valuesPerExample()).isEqualTo(job.valuesPerExample());
        for (int start = 0; start < job.size(); start += 5) {
          List<byte[]> bytes = new ArrayList<>();
          List<String> names = new ArrayList<>();
          for (int i = start; i < Math.min(job.size(), start + 5); i++) {
            bytes.add(Files.readAllBytes(Path.of(job.files().get(i))));
            names.add(job.files().get(i));
          }
          for (int r = job.rotations() - 1; r >= 0; r--) { // any order will do
            List<float[]> v = x.extract(bytes, names, r);
            for (int i = 0; i < v.size(); i++) {
              sink.accept(start + i, r, v.get(i));
              records.merge(job.split(), 1, Integer::sum);
            }
          }
        }
      }
    }
  }

  @Test
  void featuresFromAnExtractorTrainTheModelTheLocalCacheTrains() throws IOException {
    FineTuneJob.Result local =
        FineTuneJob.run(request(tmp.resolve("local")), TrainingListener.NONE);
    ExtractorProvider p = new ExtractorProvider();
    FineTuneJob.Result elsewhere =
        FineTuneJob.run(request(tmp.resolve("elsewhere")), TrainingListener.NONE, p);
    int train = (Integer) local.card().data().get("trainImages");
    int val = (Integer) local.card().data().get("validationImages");
    assertThat(p.records).containsEntry("train", 4 * train).containsEntry("validation", val);
    // the same photographs, decoder, preprocessing and graph: the same features, so the same
    // seeded training gives the same weights (here bit for bit)
    assertThat(elsewhere.card().trainableVariables()).isEqualTo(local.card().trainableVariables());
    assertThat(elsewhere.validationPredictions().probabilities())
        .isDeepEqualTo(local.validationPredictions().probabilities());
  }

  @Test
  void aProviderThatLeavesRecordsOutFailsTheRunAndLeavesNoModelOrCache() {
    Path run = tmp.resolve("short");
    FeatureProvider half =
        (job, sink) ->
            new ExtractorProvider()
                .compute(
                    job,
                    (i, r, v) -> {
                      if (i % 2 == 0) {
                        sink.accept(i, r, v);
                      }
                    });
    assertThatThrownBy(() -> FineTuneJob.run(request(run), TrainingListener.NONE, half))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the feature provider gave")
        .hasMessageContaining("first missing one is image");
    assertThat(run.resolve("model")).doesNotExist();
    assertThat(run.resolve("feature-cache"))
        .satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
  }

  @Test
  void featuresOfTheWrongLengthAreRefused() {
    FeatureProvider wrong = (job, sink) -> sink.accept(0, 0, new float[3]);
    assertThatThrownBy(
            () -> FineTuneJob.run(request(tmp.resolve("wrong")), TrainingListener.NONE, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("have 3 values, expected");
  }

  @Test
  void anExtractorRefusesABackboneWhoseFrozenWeightsDiffer() throws IOException {
    FeatureJob[] seen = new FeatureJob[1];
    FeatureProvider capture =
        (job, sink) -> {
          seen[0] = job;
          throw new IOException("stop here");
        };
    assertThatThrownBy(
            () -> FineTuneJob.run(request(tmp.resolve("cap")), TrainingListener.NONE, capture))
        .hasMessageContaining("stop here");
    FeatureExtractor.Spec s = seen[0].extractor();
    Map<String, String> other = new HashMap<>(s.frozenChecksums());
    other.replaceAll((k, v) -> "0".repeat(64));
    FeatureExtractor.Spec tampered =
        new FeatureExtractor.Spec(
            s.backboneProfile(),
            s.backboneFiles(),
            s.backboneFolder(),
            s.frozenGraph(),
            s.trainingJson(),
            s.preprocessingJson(),
            s.maxImagePixels(),
            s.node(),
            s.exampleShape(),
            s.dtype(),
            other,
            s.batchSize());
    assertThatThrownBy(() -> FeatureExtractor.open(tampered, Path.of(s.backboneFolder())))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("frozen weights differ");
  }

  @Test
  void photographsInsideAnNpzCannotBeComputedElsewhere() {
    assertThatThrownBy(
            () ->
                FineTuneJob.run(
                    TinyBackbone.request(npz, tmp.resolve("npz"))
                        .withFeatureCache(true, CacheDtype.FLOAT32),
                    TrainingListener.NONE,
                    new ExtractorProvider()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads the photographs as files");
  }
}
