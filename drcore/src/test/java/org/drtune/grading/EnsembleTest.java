package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.model.EnsembleCard;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --ensemble}: members trained with consecutive seeds, exported as one ensemble
 * folder, and {@link DrClassifier} averaging them — on real TensorFlow with the generated backbone.
 */
class EnsembleTest {
  @TempDir static Path tmp;
  static Path npz;
  static Path run;
  static FineTuneJob.Result result;
  static List<BufferedImage> images = new ArrayList<>();
  static int[] labels;
  static final List<String> events = new ArrayList<>();

  @BeforeAll
  static void trainAnEnsembleOfTwo() throws IOException {
    npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 0, 3, 1);
    run = tmp.resolve("run");
    result =
        FineTuneJob.run(
            TinyBackbone.request(npz, run).withEnsembleMembers(2),
            new TrainingListener() {
              @Override
              public void memberStarted(int member, int members, long seed) {
                events.add(member + "/" + members + " seed " + seed);
              }
            });
    FundusDataset val = MedMnistNpz.read(npz, 3).split("val");
    labels = new int[val.size()];
    for (int i = 0; i < val.size(); i++) {
      images.add(val.load(i));
      labels[i] = val.label(i);
    }
  }

  @Test
  void membersTrainWithConsecutiveSeedsIntoTheirOwnRunsAndOneEnsembleFolder() throws IOException {
    assertThat(events).containsExactly("1/2 seed 3", "2/2 seed 4");
    assertThat(result.memberCards()).extracting(c -> c.training().seed()).containsExactly(3L, 4L);
    assertThat(run.resolve("members/member-1/model/saved_model.pb")).isRegularFile();
    assertThat(run.resolve("members/member-2/checkpoints")).isDirectory();
    assertThat(run.resolve("model/ensemble.json")).isRegularFile();
    assertThat(run.resolve("model/member-1/saved_model.pb")).isRegularFile();
    assertThat(run.resolve("model/member-2/model-card.json")).isRegularFile();
    assertThat(run.resolve("ensemble.json")).isRegularFile();
    assertThat(run.resolve("report.html")).isRegularFile();
    EnsembleCard card = EnsembleCard.read(run.resolve("model/ensemble.json"));
    assertThat(card.members())
        .extracting(EnsembleCard.Member::folder)
        .containsExactly("member-1", "member-2");
    assertThat(card.members()).extracting(EnsembleCard.Member::seed).containsExactly(3L, 4L);
    assertThat(card.classes()).hasSize(3);
    // different seeds: different trained weights
    assertThat(result.memberCards().get(0).trainableVariables().get("head/weights"))
        .isNotEqualTo(result.memberCards().get(1).trainableVariables().get("head/weights"));
  }

  @Test
  void theClassifierAveragesTheMembersAndReproducesTheEnsemblesValidation() throws IOException {
    List<DrResult> ens;
    List<DrResult> m1;
    List<DrResult> m2;
    try (DrClassifier c = DrClassifier.load(run)) {
      assertThat(c.ensembleSize()).isEqualTo(2);
      assertThat(c.memberCards()).hasSize(2);
      assertThat(c.ensembleCard()).isPresent();
      ens = c.classifyAll(images);
    }
    try (DrClassifier a = DrClassifier.load(run.resolve("members/member-1/model"));
        DrClassifier b = DrClassifier.load(run.resolve("model/member-2"))) {
      assertThat(a.ensembleSize()).isEqualTo(1);
      m1 = a.classifyAll(images);
      m2 = b.classifyAll(images);
    }
    int[][] confusion = new int[3][3];
    boolean differ = false;
    for (int i = 0; i < images.size(); i++) {
      for (int k = 0; k < 3; k++) {
        double p1 = m1.get(i).probabilities().get(k);
        double p2 = m2.get(i).probabilities().get(k);
        differ |= Math.abs(p1 - p2) > 1e-4;
        assertThat(ens.get(i).probabilities().get(k)).isCloseTo((p1 + p2) / 2, within(1e-6));
      }
      confusion[labels[i]][ens.get(i).predictedClass()]++;
    }
    assertThat(differ).as("the two members disagree somewhere").isTrue();
    assertThat(confusion).isEqualTo(result.validation().confusion());
    assertThat(confusion)
        .isEqualTo(EnsembleCard.read(run.resolve("ensemble.json")).validation().confusion());
  }

  @Test
  void aReplacedMemberOrAForeignFolderNameIsRefused() throws IOException {
    Path copy = tmp.resolve("tampered");
    copyTree(run.resolve("model"), copy);
    Path memberCard = copy.resolve("member-2/model-card.json");
    Files.writeString(memberCard, Files.readString(memberCard) + " ");
    assertThatThrownBy(() -> DrClassifier.load(copy))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("member-2")
        .hasMessageContaining("pins");

    Path missing = tmp.resolve("missing");
    copyTree(run.resolve("model"), missing);
    deleteTree(missing.resolve("member-1"));
    assertThatThrownBy(() -> DrClassifier.load(missing))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("member-1")
        .hasMessageContaining("missing");

    Path escape = tmp.resolve("escape");
    copyTree(run.resolve("model"), escape);
    Path json = escape.resolve("ensemble.json");
    Files.writeString(
        json, Files.readString(json).replace("\"member-1\"", "\"../run\""), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> DrClassifier.load(escape))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("plain name");
  }

  @Test
  void aSingleModelTrainedIntoTheSameFolderReplacesTheEnsemble() throws IOException {
    Path again = tmp.resolve("again");
    copyTree(run, again);
    FineTuneJob.Result single =
        FineTuneJob.run(
            TinyBackbone.request(npz, again).withEnsembleMembers(1), TrainingListener.NONE);
    assertThat(single.memberCards()).hasSize(1);
    assertThat(again.resolve("model/ensemble.json")).doesNotExist();
    assertThat(again.resolve("ensemble.json")).doesNotExist();
    assertThat(again.resolve("model/saved_model.pb")).isRegularFile();
    try (DrClassifier c = DrClassifier.load(again)) {
      assertThat(c.ensembleSize()).isEqualTo(1);
    }
    assertThatThrownBy(() -> TinyBackbone.request(npz, again).withEnsembleMembers(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  /**
   * A killed ensemble run is resumed member by member; finished members come back with the same
   * weights.
   */
  @Test
  void resumingReusesEveryMembersCheckpoints() throws IOException {
    Path again = tmp.resolve("resumed");
    copyTree(run, again);
    deleteTree(again.resolve("model"));
    FineTuneJob.Result r =
        FineTuneJob.run(
            TinyBackbone.request(npz, again).withResume(true).withEnsembleMembers(2),
            TrainingListener.NONE);
    for (int m = 0; m < 2; m++) {
      assertThat(r.memberCards().get(m).trainableVariables())
          .isEqualTo(result.memberCards().get(m).trainableVariables());
    }
    assertThat(r.validation().confusion()).isEqualTo(result.validation().confusion());
  }

  static void copyTree(Path from, Path to) throws IOException {
    org.drtune.internal.model.AtomicFiles.copyTree(from, to);
  }

  static void deleteTree(Path p) throws IOException {
    org.drtune.internal.model.AtomicFiles.deleteRecursively(p);
  }
}
