package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.drtune.model.Screening;
import org.drtune.model.SiteSample;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model calibrated on a site's sample: new thresholds that reach the target sensitivity on the
 * sample, the same weights, the original folder untouched, ensembles included.
 */
class SiteCalibrationTest {
  @TempDir static Path tmp;
  private static Path site;
  private static FineTuneJob.Result single;

  @BeforeAll
  static void train() throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("train.npz"), 60, 20, 0, 3, 5);
    Path data = TinyNpz.writeEyePacsFolder(npz, 3, tmp.resolve("train"));
    single = FineTuneJob.run(TinyBackbone.request(data, tmp.resolve("run")), TrainingListener.NONE);
    Path siteNpz = TinyNpz.write(tmp.resolve("site.npz"), 40, 20, 0, 3, 77);
    site = TinyNpz.writeEyePacsFolder(siteNpz, 3, tmp.resolve("site"));
  }

  @Test
  void theNewThresholdsReachTheTargetOnTheSiteWithTheSameWeights() throws IOException {
    byte[] cardBefore = Files.readAllBytes(single.modelDir().resolve(ModelCard.FILE_NAME));
    Path out = tmp.resolve("calibrated");
    SiteCalibration.Result r =
        SiteCalibration.run(single.modelDir(), site, out, SiteCalibration.Options.defaults());
    assertThat(Files.readAllBytes(single.modelDir().resolve(ModelCard.FILE_NAME)))
        .isEqualTo(cardBefore);
    ModelCard card = ModelCard.read(out.resolve(ModelCard.FILE_NAME));
    assertThat(card.trainableVariables()).isEqualTo(single.card().trainableVariables());
    assertThat(card.frozenVariables()).isEqualTo(single.card().frozenVariables());
    Screening s = card.screening();
    assertThat(s).isEqualTo(r.after());
    SiteSample sample = s.site();
    assertThat(sample.photographs()).isEqualTo(60);
    assertThat(sample.patients()).isEqualTo(30);
    assertThat(sample.data()).isEqualTo(site.toString());
    assertThat(sample.qualityLimitsRecalibrated()).isTrue();
    assertThat(s.validationSensitivity()).isGreaterThanOrEqualTo(0.9);
    assertThat(sample.sensitivity().lower()).isLessThanOrEqualTo(s.validationSensitivity());
    assertThat(sample.sensitivity().upper()).isGreaterThanOrEqualTo(s.validationSensitivity());
    assertThat(s.patients()).isNotNull();
    assertThat(s.patients().validationSensitivity()).isGreaterThanOrEqualTo(0.9);

    try (DrClassifier c = DrClassifier.load(out)) {
      assertThat(c.referableThreshold()).hasValue(s.referableThreshold());
      assertThat(c.patientReferableThreshold()).hasValue(s.patients().referableThreshold());
      // on the sample, the new threshold refers at least 90 % of the referable gradable photographs
      Grading g = c.classifyData(site, "all", true, ImageProgress.NONE);
      long positives = 0;
      long found = 0;
      for (GradedImage gi : g.graded()) {
        if (gi.result().gradable() && gi.label() >= 2) {
          positives++;
          found += gi.result().referableProbability() >= s.referableThreshold() ? 1 : 0;
        }
      }
      assertThat((double) found / positives).isGreaterThanOrEqualTo(0.9);
      // the threshold is a referable score at or below the k-th lowest, k = floor(0.1 (m + 1))
      double[] referable =
          g.graded().stream()
              .filter(gi -> gi.result().gradable() && gi.label() >= 2)
              .mapToDouble(gi -> gi.result().referableProbability())
              .sorted()
              .toArray();
      assertThat(sample.thresholdsForNewPatients()).isTrue();
      assertThat(sample.referableCases().get(0)).isEqualTo(referable.length);
      int k = (int) Math.floor(0.1 * (referable.length + 1));
      assertThat(s.referableThreshold()).isLessThanOrEqualTo(referable[Math.max(0, k - 1)] + 1e-6);
      assertThat(
              java.util.Arrays.stream(referable)
                  .anyMatch(x -> Math.abs(x - s.referableThreshold()) < 1e-6))
          .isTrue();
    }
    // the rule that reaches the target on the sample itself never catches more of the sample's
    // referable cases
    Screening onSample =
        SiteCalibration.run(
                single.modelDir(),
                site,
                tmp.resolve("on-sample"),
                SiteCalibration.Options.defaults().withForNewPatients(false))
            .after();
    assertThat(onSample.site().thresholdsForNewPatients()).isFalse();
    assertThat(onSample.validationSensitivity()).isLessThanOrEqualTo(s.validationSensitivity());
    assertThat(onSample.validationSensitivity()).isGreaterThanOrEqualTo(0.9);
    assertThat(onSample.patients().validationSensitivity())
        .isLessThanOrEqualTo(s.patients().validationSensitivity());
  }

  @Test
  void anExistingOutputIsRefusedAndLeftAlone() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(out.resolve("keep.txt"), "mine");
    assertThatThrownBy(
            () ->
                SiteCalibration.run(
                    single.modelDir(), site, out, SiteCalibration.Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exists");
    assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("mine");
  }

  @Test
  void anEnsembleGetsItsEnsembleCardRecalibratedAndStillLoads() throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("ens.npz"), 30, 10, 0, 3, 9);
    Path data = TinyNpz.writeEyePacsFolder(npz, 3, tmp.resolve("ens"));
    FineTuneJob.Result ens =
        FineTuneJob.run(
            TinyBackbone.request(data, tmp.resolve("ens-run")).withEnsembleMembers(2),
            TrainingListener.NONE);
    Path out = tmp.resolve("ens-calibrated");
    SiteCalibration.run(
        ens.modelDir(),
        site,
        out,
        SiteCalibration.Options.defaults().withRecalibratedQuality(false));
    EnsembleCard card = EnsembleCard.read(out.resolve(EnsembleCard.FILE_NAME));
    assertThat(card.screening().site()).isNotNull();
    assertThat(card.screening().site().qualityLimitsRecalibrated()).isFalse();
    assertThat(card.screening().quality()).isEqualTo(ens.ensembleCard().screening().quality());
    assertThat(card.members()).isEqualTo(ens.ensembleCard().members());
    try (DrClassifier c = DrClassifier.load(out)) {
      assertThat(c.ensembleSize()).isEqualTo(2);
      assertThat(c.referableThreshold()).hasValue(card.screening().referableThreshold());
    }
  }
}
