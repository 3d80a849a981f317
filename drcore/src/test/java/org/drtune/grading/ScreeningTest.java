package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.internal.data.DegradedImages;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.model.Screening;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a trained model screens with: the referral threshold chosen on its validation split and the
 * quality limits calibrated on its training photographs, both in the card and used by {@link
 * DrClassifier}; photographs it cannot grade get no grade and a reason, everywhere a grade appears.
 */
class ScreeningTest {
  @TempDir static Path tmp;
  static Path npz;
  static FineTuneJob.Result trained;

  @BeforeAll
  static void train() throws Exception {
    npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 12, 6, 3, 2);
    trained = FineTuneJob.run(TinyBackbone.request(npz, tmp.resolve("run")), TrainingListener.NONE);
  }

  @Test
  void theCardRecordsAThresholdChosenForSensitivityAndQualityLimitsCalibratedOnTheThumbnails() {
    Screening s = trained.card().screening();
    assertThat(s).isNotNull();
    assertThat(s.targetSensitivity()).isEqualTo(Screening.DEFAULT_TARGET_SENSITIVITY);
    var op = trained.validation().referable().atTargetSensitivity();
    assertThat(s.referableThreshold()).isEqualTo(op.threshold());
    assertThat(s.validationSensitivity()).isGreaterThanOrEqualTo(0.9);
    // 28-pixel training photographs: the size and sharpness limits follow them
    assertThat(s.quality().minSide()).isEqualTo(14);
    assertThat(s.quality().minSharpness()).isLessThan(QualityThresholds.defaults().minSharpness());
    assertThat(s.quality().maxFieldOfView())
        .isEqualTo(QualityThresholds.defaults().maxFieldOfView());
  }

  @Test
  void theClassifierRefersByTheThresholdAndRefusesWhatIsNotAFundus() throws Exception {
    FundusDataset test = MedMnistNpz.read(npz, 3).split("test");
    try (DrClassifier c = DrClassifier.load(trained.modelDir())) {
      double t = c.referableThreshold().orElseThrow();
      assertThat(t).isEqualTo(trained.card().screening().referableThreshold());
      for (int i = 0; i < test.size(); i++) {
        DrResult r = c.classify(test.load(i));
        assertThat(r.gradable()).as("test image %d: %s", i, r.quality()).isTrue();
        assertThat(r.referable()).isEqualTo(r.referableProbability() >= t);
      }
      BufferedImage noise = DegradedImages.nonFundus(28, 1).get("noise");
      DrResult refused = c.classify(noise);
      assertThat(refused.gradable()).isFalse();
      assertThat(refused.ungradableReason()).contains(UngradableReason.NOT_FUNDUS);
      assertThat(refused.grade()).isEmpty();
      assertThat(refused.refer()).isTrue();
      assertThat(refused.quality()).isNotNull();
      assertThat(refused.probabilities()).hasSize(3);
    }
    DrClassifier.Options off =
        DrClassifier.Options.defaults().withQualityCheck(false).withReferableThreshold(0.0);
    try (DrClassifier c = DrClassifier.load(trained.modelDir(), off)) {
      DrResult r = c.classify(DegradedImages.nonFundus(28, 1).get("noise"));
      assertThat(r.gradable()).isTrue();
      assertThat(r.quality()).isNull();
      assertThat(r.referable()).as("threshold 0 refers everything").isTrue();
    }
  }

  @Test
  void evaluateCountsRefusedPhotographsPerGradeAndScoresThemAsReferableInTheAllRow()
      throws Exception {
    Path data = tmp.resolve("folders");
    FundusDataset test = MedMnistNpz.read(npz, 3).split("test");
    for (String split : new String[] {"train", "test"}) {
      for (int i = 0; i < test.size(); i++) {
        Path f = data.resolve(split + "/" + test.label(i) + "/" + split + i + ".png");
        Files.createDirectories(f.getParent());
        ImageIO.write(test.load(i), "png", f.toFile());
      }
    }
    // two pictures that are not fundus photographs, filed under grade 0
    ImageIO.write(
        DegradedImages.nonFundus(28, 1).get("white"),
        "png",
        data.resolve("test/0/white.png").toFile());
    ImageIO.write(
        DegradedImages.nonFundus(28, 1).get("noise"),
        "png",
        data.resolve("test/0/noise.png").toFile());
    try (DrClassifier c = DrClassifier.load(trained.modelDir())) {
      DataEvaluation e = c.evaluate(data, null, false, ImageProgress.NONE);
      assertThat(e.split()).isEqualTo("test");
      assertThat(e.readImages()).isEqualTo(test.size() + 2);
      assertThat(e.ungradable()).isEqualTo(2);
      assertThat(e.ungradableByGrade()).containsExactly(2, 0, 0);
      assertThat(e.rejected())
          .extracting(DataEvaluation.Rejected::reason)
          .containsOnly(UngradableReason.NOT_FUNDUS);
      assertThat(e.evaluation().n()).isEqualTo(test.size());
      assertThat(e.allPhotographs().n()).isEqualTo(test.size() + 2);
      // both refused grade-0 photographs count as referable: two more false referrals
      assertThat(e.allPhotographs().confusion()[0][2])
          .isEqualTo(e.evaluation().confusion()[0][2] + 2);
      Path json = tmp.resolve("eval/metrics.json");
      List<Path> files = e.writeFiles(json, c.modelCard());
      assertThat(Files.readString(files.get(2)))
          .contains("not graded (quality check)", "<td>white</td>", "not-fundus");

      Grading g = c.classifyData(data, "test", false, ImageProgress.NONE);
      String csv = g.toCsv();
      assertThat(csv.lines().findFirst().orElseThrow())
          .isEqualTo("id,grade,p0,p1,p2,referable_p,referable,ungradable");
      assertThat(csv).containsPattern("\nwhite,,[^\n]*,1,not-fundus\n");
    }
  }

  @Test
  void trainingLeavesOutRefusedPhotographsOnlyWhenAsked() throws Exception {
    Path data = tmp.resolve("withjunk");
    FundusDataset train = MedMnistNpz.read(npz, 3).split("train");
    FundusDataset val = MedMnistNpz.read(npz, 3).split("val");
    for (int i = 0; i < train.size(); i++) {
      write(train.load(i), data.resolve("train/" + train.label(i) + "/t" + i + ".png"));
    }
    for (int i = 0; i < val.size(); i++) {
      write(val.load(i), data.resolve("val/" + val.label(i) + "/v" + i + ".png"));
    }
    write(DegradedImages.nonFundus(28, 2).get("noise"), data.resolve("train/1/junk1.png"));
    write(DegradedImages.nonFundus(28, 2).get("black"), data.resolve("train/2/junk2.png"));
    FineTuneRequest asked =
        TinyBackbone.request(data, tmp.resolve("skip")).withSkipUngradable(true);
    FineTuneJob.Result r = FineTuneJob.run(asked, TrainingListener.NONE);
    assertThat(r.ungradable())
        .extracting(SkippedImage::id)
        .containsExactlyInAnyOrder("junk1", "junk2");
    assertThat(r.ungradable())
        .allSatisfy(u -> assertThat(u.reason()).startsWith("ungradable: not-fundus"));
    assertThat(r.card().data())
        .containsEntry("trainImages", train.size())
        .containsEntry("ungradableSkipped", 2);
    FineTuneJob.Result all =
        FineTuneJob.run(TinyBackbone.request(data, tmp.resolve("noskip")), TrainingListener.NONE);
    assertThat(all.ungradable()).isEmpty();
    assertThat(all.card().data()).containsEntry("trainImages", train.size() + 2);
  }

  @Test
  void encodedPhotographsGradeAsTheirFilesAndABadEntryIsListedNotFatal() throws Exception {
    FundusDataset test = MedMnistNpz.read(npz, 3).split("test");
    List<Path> files = new java.util.ArrayList<>();
    List<String> ids = new java.util.ArrayList<>();
    List<byte[]> bytes = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path f = tmp.resolve("encoded/" + i + ".png");
      write(test.load(i), f);
      files.add(f);
      ids.add(f.toString());
      bytes.add(Files.readAllBytes(f));
    }
    ids.add(1, "corrupt");
    bytes.add(1, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
    ids.add("missing");
    bytes.add(null);
    try (DrClassifier c = DrClassifier.load(trained.modelDir())) {
      Grading fromFiles = c.classifyFiles(files, true, ImageProgress.NONE);
      Grading fromBytes = c.classifyEncoded(ids, bytes, ImageProgress.NONE);
      assertThat(fromBytes.graded()).hasSize(4);
      for (int i = 0; i < 4; i++) {
        assertThat(fromBytes.graded().get(i).id()).isEqualTo(files.get(i).toString());
        assertThat(fromBytes.graded().get(i).result().probabilities())
            .isEqualTo(fromFiles.graded().get(i).result().probabilities());
      }
      assertThat(fromBytes.skipped())
          .extracting(SkippedImage::id)
          .containsExactly("corrupt", "missing");
      assertThat(fromBytes.skipped().get(1).reason()).contains("no content");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> c.classifyEncoded(List.of("a"), List.of(), ImageProgress.NONE))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void write(BufferedImage im, Path file) throws java.io.IOException {
    Files.createDirectories(file.getParent());
    ImageIO.write(im, "png", file.toFile());
  }
}
