package org.drtune.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.grading.ModelLoadException;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.model.ModelCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a generated backbone and a generated .npz: train, export, card, report, reload.
 */
public class FineTuneJobTest {

  @Test
  void trainsExportsAndTheClassifierReproducesTheValidationResults(@TempDir Path tmp)
      throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 0, 3, 1);
    Path run = tmp.resolve("run");
    FineTuneJob.Result r = FineTuneJob.run(TinyBackbone.request(npz, run), TrainingListener.NONE);

    assertThat(r.modelDir()).isEqualTo(run.resolve("model"));
    assertThat(run.resolve("model/saved_model.pb")).isRegularFile();
    assertThat(run.resolve("model/model-card.json")).isRegularFile();
    assertThat(run.resolve("model-card.json")).isRegularFile();
    assertThat(run.resolve("report.html")).isRegularFile();
    assertThat(run.resolve("plots/loss.png")).isRegularFile();
    ModelCard card = ModelCard.read(run.resolve("model-card.json"));
    assertThat(card.backbone()).isEqualTo("tiny-inception5h");
    assertThat(card.backboneChecksum()).isEqualTo(TinyBackbone.checksum());
    assertThat(card.strategy()).isEqualTo("frozen-prefix");
    assertThat(card.frozenLayers()).containsExactly("conv2d0", "conv2d1");
    assertThat(card.frozenVariables()).containsOnlyKeys("conv2d0_w", "conv2d0_b");
    assertThat(card.trainableVariables()).containsKeys("head/weights", "mixed3b_3x3_w");
    assertThat(card.history()).hasSize(2);
    assertThat(card.training().seed()).isEqualTo(3);
    assertThat(card.preprocessing().inputSize()).isEqualTo(32);
    assertThat(card.versions()).containsKeys("drtune", "tensorflow");
    // the card, the console and the report state the operating point predict refers at
    double referral = card.screening().referableThreshold();
    assertThat(referral).isBetween(0.0, 1.0);
    assertThat(card.validation().referable().atThreshold().threshold()).isEqualTo(referral);
    assertThat(card.validation().referable().atThreshold().sensitivity())
        .isEqualTo(card.screening().validationSensitivity());
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("referral threshold")
        .doesNotContain("chosen threshold");

    FundusDataset val = MedMnistNpz.read(npz, 3).split("val");
    List<BufferedImage> images = new ArrayList<>();
    int[] labels = new int[val.size()];
    for (int i = 0; i < val.size(); i++) {
      images.add(val.load(i));
      labels[i] = val.label(i);
    }
    try (DrClassifier c = DrClassifier.load(run)) {
      List<DrResult> results = c.classifyAll(images);
      int[][] confusion = new int[3][3];
      for (int i = 0; i < labels.length; i++) {
        confusion[labels[i]][results.get(i).predictedClass()]++;
        assertThat(results.get(i).probabilities().stream().mapToDouble(Double::doubleValue).sum())
            .isBetween(0.999, 1.001);
      }
      assertThat(confusion).isEqualTo(card.validation().confusion());
      // one image at a time gives the same answer as a batch
      assertThat(c.classify(images.get(4))).isEqualTo(results.get(4));
    }
  }

  @Test
  void aNewExportReplacesTheOldModelOnlyWhenComplete(@TempDir Path tmp) throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 16, 6, 0, 3, 2);
    Path run = tmp.resolve("run");
    FineTuneJob.run(TinyBackbone.request(npz, run), TrainingListener.NONE);
    byte[] before = Files.readAllBytes(run.resolve("model/model-card.json"));
    // a second run that fails before export (bad data) leaves the model as it was
    Path bad = Files.writeString(tmp.resolve("bad.npz"), "not a zip");
    assertThatThrownBy(() -> FineTuneJob.run(TinyBackbone.request(bad, run), TrainingListener.NONE))
        .isInstanceOf(IOException.class);
    assertThat(Files.readAllBytes(run.resolve("model/model-card.json"))).isEqualTo(before);
    try (DrClassifier c = DrClassifier.load(run.resolve("model"))) {
      assertThat(c.modelCard().numClasses()).isEqualTo(3);
    }
  }

  @Test
  void missingOrForeignModelFoldersGetClearErrors(@TempDir Path tmp) throws IOException {
    assertThatThrownBy(() -> DrClassifier.load(tmp.resolve("nope")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("does not exist");
    Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> DrClassifier.load(tmp.resolve("empty")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no saved_model.pb");
  }
}
