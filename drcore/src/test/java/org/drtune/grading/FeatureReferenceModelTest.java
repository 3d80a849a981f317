package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.features.CacheDtype;
import org.drtune.internal.data.DegradedImages;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.model.CardJson;
import org.drtune.internal.model.Digests;
import org.drtune.internal.model.FeatureReference;
import org.drtune.model.ModelCard;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature reference end to end on a generated backbone: training writes its training
 * photographs' pooled frozen-prefix features next to the SavedModel and pins them in the card; the
 * classifier measures pictures that fill the frame against them; a damaged or missing file stops
 * the model from loading, and a model without one (written before there was one) still grades, with
 * no distance.
 */
class FeatureReferenceModelTest {
  @TempDir static Path tmp;
  static Path npz;
  static Path run;

  @BeforeAll
  static void train() throws IOException {
    npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 12, 0, 3, 5);
    run = tmp.resolve("run");
    FineTuneJob.run(TinyBackbone.request(npz, run), TrainingListener.NONE);
  }

  private static List<BufferedImage> split(String name) throws IOException {
    FundusDataset d = MedMnistNpz.read(npz, 3).split(name);
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      images.add(d.load(i));
    }
    return images;
  }

  /** A copy of the trained model folder whose card's {@code data} {@code edit} has changed. */
  private static Path copyWithCardData(String name, java.util.function.Consumer<ObjectNode> edit)
      throws IOException {
    Path copy = tmp.resolve(name);
    AtomicFiles.copyTree(run.resolve("model"), copy);
    Path cardFile = copy.resolve(ModelCard.FILE_NAME);
    ObjectNode json = (ObjectNode) CardJson.MAPPER.readTree(cardFile.toFile());
    edit.accept((ObjectNode) json.get("data"));
    CardJson.MAPPER.writeValue(cardFile.toFile(), json);
    return copy;
  }

  /** Limits under which every picture "fills the frame", so that every one is measured. */
  private static QualityThresholds everyPictureFillsTheFrame() {
    QualityThresholds d = QualityThresholds.defaults();
    return new QualityThresholds(
        d.minSide(),
        0.0,
        0.0,
        d.maxCircleFit(),
        d.maxRadius(),
        d.minFill(),
        d.maxSurround(),
        d.minRedness(),
        d.minCircleInside(),
        d.minBrightness(),
        d.maxSaturated(),
        d.minSharpness(),
        d.minContrast(),
        d.maxCornerContact(),
        d.maxFeatureDistance());
  }

  @Test
  void trainingWritesTheReferenceAndTheClassifierMeasuresAgainstIt() throws IOException {
    Path model = run.resolve("model");
    Path file = model.resolve(FeatureReference.FILE);
    assertThat(file).isRegularFile();
    ModelCard card = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
    Map<?, ?> entry = (Map<?, ?>) card.data().get(FeatureReference.CARD_KEY);
    FeatureReference ref = FeatureReference.read(file);
    assertThat(entry.get("photographs")).isEqualTo(24); // the training photographs
    assertThat(ref.size()).isEqualTo(24);
    assertThat(entry.get("k")).isEqualTo(ref.k());
    assertThat(entry.get("sha256")).isEqualTo(Digests.sha256(file));
    // the end of the frozen prefix (the tiny graph's frozen variables are conv2d0's; maxpool0 is
    // the frontier the feature cache stores): weights that training leaves alone
    assertThat(entry.get("node")).isEqualTo("maxpool0");

    // measured only for pictures that fill the frame: none of these do
    try (DrClassifier c = DrClassifier.load(run)) {
      assertThat(c.classifyAll(split("val")))
          .allMatch(r -> Double.isNaN(r.quality().featureDistance()));
    }
    try (DrClassifier c =
        DrClassifier.load(
            run,
            DrClassifier.Options.defaults().withQualityThresholds(everyPictureFillsTheFrame()))) {
      // each training photograph is its own nearest reference: at most the one above the limit's
      // quantile scores above 1 -- if the classifier computes the features training did
      List<DrResult> train = c.classifyAll(split("train"));
      assertThat(train).allMatch(r -> Double.isFinite(r.quality().featureDistance()));
      assertThat(train.stream().filter(r -> r.quality().featureDistance() <= 1.0).count())
          .isGreaterThanOrEqualTo(23);
      // a checkerboard is nothing like them
      BufferedImage checker = DegradedImages.nonFundus(64, 1).get("checkerboard");
      assertThat(c.classify(checker).quality().featureDistance()).isGreaterThan(1.5);
    }
    // without the quality check nothing is measured
    try (DrClassifier c =
        DrClassifier.load(run, DrClassifier.Options.defaults().withQualityCheck(false))) {
      assertThat(c.classifyAll(split("val"))).allMatch(r -> r.quality() == null);
    }
  }

  @Test
  void aRunTrainedFromTheFeatureCacheGetsTheSameReference(@TempDir Path other) throws IOException {
    // the cache holds the frozen prefix's values already: the reference is pooled from them
    Path cachedRun = other.resolve("cached");
    FineTuneJob.run(
        TinyBackbone.request(npz, cachedRun).withFeatureCache(true, CacheDtype.FLOAT32),
        TrainingListener.NONE);
    assertThat(ModelCard.read(cachedRun.resolve("model-card.json")).data().get("featureCache"))
        .isEqualTo("float32");
    FeatureReference cached =
        FeatureReference.read(cachedRun.resolve("model/" + FeatureReference.FILE));
    FeatureReference direct = FeatureReference.read(run.resolve("model/" + FeatureReference.FILE));
    assertThat(cached.size()).isEqualTo(direct.size());
    assertThat(cached.limit())
        .isCloseTo(direct.limit(), org.assertj.core.api.Assertions.within(1e-4));
    for (int i = 0; i < cached.size(); i++) {
      for (int j = 0; j < cached.features()[i].length; j++) {
        assertThat(cached.features()[i][j])
            .isCloseTo(direct.features()[i][j], org.assertj.core.api.Assertions.within(1e-4f));
      }
    }
  }

  @Test
  void aDamagedOrMissingReferenceStopsTheModelFromLoading() throws IOException {
    Path copy = tmp.resolve("damaged");
    AtomicFiles.copyTree(run.resolve("model"), copy);
    Path file = copy.resolve(FeatureReference.FILE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> DrClassifier.load(copy))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("sha256")
        .hasMessageContaining("export the model again");
    Files.delete(file);
    assertThatThrownBy(() -> DrClassifier.load(copy))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void aCardWhoseReferenceNamesNoNodeOrAMissingOneIsRefused() throws IOException {
    for (String node : new String[] {null, "no/such/node"}) {
      Path copy =
          copyWithCardData(
              "node-" + (node == null ? "none" : "missing"),
              data -> {
                ObjectNode entry = (ObjectNode) data.get(FeatureReference.CARD_KEY);
                if (node == null) {
                  entry.remove("node");
                } else {
                  entry.put("node", node);
                }
              });
      assertThatThrownBy(() -> DrClassifier.load(copy))
          .as(String.valueOf(node))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining(node == null ? "without the node" : "no such node")
          .hasMessageContaining("export the model again");
    }
  }

  @Test
  void aModelWrittenBeforeThereWasAReferenceStillGradesWithoutADistance() throws IOException {
    Path old = copyWithCardData("old", data -> data.remove(FeatureReference.CARD_KEY));
    Files.delete(old.resolve(FeatureReference.FILE));
    try (DrClassifier c =
        DrClassifier.load(
            old,
            DrClassifier.Options.defaults().withQualityThresholds(everyPictureFillsTheFrame()))) {
      List<DrResult> results = c.classifyAll(split("train"));
      assertThat(results).allMatch(r -> Double.isNaN(r.quality().featureDistance()));
      assertThat(results).allMatch(r -> r.probabilities().size() == 3);
      // and a picture filling the frame stays refused, as before
      assertThat(results).allMatch(r -> r.ungradable() == UngradableReason.NOT_FUNDUS);
    }
  }
}
