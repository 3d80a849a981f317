package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.drtune.grading.QualityMeasures;
import org.drtune.grading.QualityThresholds;
import org.drtune.grading.UngradableReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quality check on generated pictures: fundus-like photographs pass at any camera size;
 * darkened, blurred, quarter-cropped and tiny ones are refused with the right reason; pictures that
 * are not fundus photographs (blank, single colours, gradients, noise, textures, text, a disc on
 * grey) are all refused as not fundus. The EyePACS and RetinaMNIST figures behind the default
 * limits are in docs/RESULTS.md.
 */
class FundusQualityTest {
  private static final QualityThresholds LIMITS = QualityThresholds.defaults();

  private static UngradableReason reason(BufferedImage im) {
    return LIMITS.check(FundusQuality.measure(im)).orElse(null);
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 640, 1500})
  void aFundusPhotographPassesAndItsDegradedCopiesAreRefusedWithTheRightReason(int width) {
    for (long seed = 1; seed <= 3; seed++) {
      BufferedImage fundus = Fixtures.fundus(width, width * 3 / 4, seed);
      QualityMeasures m = FundusQuality.measure(fundus);
      assertThat(LIMITS.check(m)).as("width %d seed %d: %s", width, seed, m).isEmpty();
      assertThat(m.fieldOfView()).isBetween(0.4, 0.8);
      assertThat(m.circleFit()).isLessThan(0.05);
      assertThat(m.circleInside()).isGreaterThan(0.95);
      assertThat(reason(DegradedImages.darkened(fundus, 0.1))).isEqualTo(UngradableReason.TOO_DARK);
      assertThat(reason(DegradedImages.blurred(fundus, 0.02)))
          .isEqualTo(UngradableReason.OUT_OF_FOCUS);
      assertThat(reason(DegradedImages.quarter(fundus))).isEqualTo(UngradableReason.FIELD_CUT_OFF);
      assertThat(reason(DegradedImages.darkened(fundus, 3)))
          .isEqualTo(UngradableReason.OVEREXPOSED);
    }
  }

  @Test
  void aFundusCutAtTheTopAndBottomAsEyePacsCamerasDoStillPasses() {
    // disc radius larger than half the height: the top and bottom of the field of view are cut
    BufferedImage cut = Fixtures.fundus(800, 600, 400, 300, 340, 4);
    QualityMeasures m = FundusQuality.measure(cut);
    assertThat(LIMITS.check(m)).as("%s", m).isEmpty();
    assertThat(m.circleInside()).isBetween(0.8, 0.97);
  }

  @Test
  void aFieldOfViewRunningAlongTwoAdjacentBordersIsAPartOfADisc() {
    // a disc filling its frame, as the 256-px EyePACS set is cropped, touches each border briefly
    BufferedImage whole = Fixtures.fundus(256, 256, 128, 128, 127, 5);
    QualityMeasures m = FundusQuality.measure(whole);
    assertThat(LIMITS.check(m)).as("%s", m).isEmpty();
    assertThat(m.cornerContact()).isLessThan(0.3);
    // cut at the top and bottom: long contact with two opposite borders only
    QualityMeasures cut = FundusQuality.measure(Fixtures.fundus(800, 600, 400, 300, 340, 4));
    assertThat(cut.cornerContact()).isLessThan(0.3);
    // its top-left quarter runs along the right and the bottom border
    QualityMeasures quarter = FundusQuality.measure(DegradedImages.quarter(whole));
    assertThat(quarter.cornerContact()).isGreaterThan(0.6);
    assertThat(LIMITS.check(quarter)).contains(UngradableReason.FIELD_CUT_OFF);
    // whatever the circle fit says (a vignetted quarter can look like a small whole disc)
    QualityMeasures fooled =
        new QualityMeasures(
            m.width(),
            m.height(),
            m.fieldOfView(),
            m.circleFit(),
            m.radius(),
            m.circleInside(),
            m.fill(),
            m.surround(),
            m.brightness(),
            m.contrast(),
            m.saturated(),
            m.redness(),
            m.sharpness(),
            0.8,
            m.featureDistance());
    assertThat(LIMITS.check(fooled)).contains(UngradableReason.FIELD_CUT_OFF);
    // a card written before the limit existed keeps the check it was trained with: none
    QualityThresholds old =
        new QualityThresholds(
            16, 0.2, 0.86, 0.35, 1.2, 0.7, 0.5, 0.30, 0.75, 20, 0.85, 0.004, 0.04, null, null);
    assertThat(old.maxCornerContact()).isEqualTo(1.0);
    assertThat(old.check(fooled)).isEmpty();
  }

  @Test
  void aPictureFillingTheFrameIsGradedOnlyWhenTheModelsFeaturesPlaceItAmongFundusPhotographs() {
    // the inside of a fundus' field of view, as RetinaMNIST crops some: no surround, no disc
    BufferedImage fundus = Fixtures.fundus(800, 800, 400, 400, 390, 6);
    BufferedImage inside = fundus.getSubimage(140, 140, 520, 520);
    QualityMeasures m = FundusQuality.measure(inside);
    assertThat(m.fieldOfView()).isGreaterThan(LIMITS.maxFieldOfView());
    assertThat(m.featureDistance()).isNaN(); // measured by the model, not by the picture
    assertThat(LIMITS.check(m)).contains(UngradableReason.NOT_FUNDUS);
    assertThat(LIMITS.check(m.withFeatureDistance(0.8))).isEmpty();
    assertThat(LIMITS.fillsFrameLikeAFundus(m.withFeatureDistance(0.8))).isTrue();
    assertThat(LIMITS.check(m.withFeatureDistance(1.2))).contains(UngradableReason.NOT_FUNDUS);
    // the other limits still apply to it
    QualityMeasures dark = FundusQuality.measure(DegradedImages.darkened(inside, 0.1));
    assertThat(LIMITS.check(dark.withFeatureDistance(0.8))).contains(UngradableReason.TOO_DARK);
    // a blue card is not red enough for a fundus, whatever the features say
    QualityMeasures blue = FundusQuality.measure(DegradedImages.nonFundus(256, 1).get("blue"));
    assertThat(LIMITS.check(blue.withFeatureDistance(0.1))).contains(UngradableReason.NOT_FUNDUS);
    // a whole fundus keeps its shape checks: a quarter stays cut off, whatever its features
    QualityMeasures quarter = FundusQuality.measure(DegradedImages.quarter(fundus));
    assertThat(LIMITS.check(quarter.withFeatureDistance(0.1)))
        .contains(UngradableReason.FIELD_CUT_OFF);
  }

  @Test
  void picturesThatAreNotFundusPhotographsAreAllRefusedAsNotFundus() {
    Map<String, BufferedImage> pictures = DegradedImages.nonFundus(256, 3);
    assertThat(pictures).hasSizeGreaterThanOrEqualTo(14);
    pictures.forEach(
        (name, picture) ->
            assertThat(reason(picture)).as(name).isEqualTo(UngradableReason.NOT_FUNDUS));
    DegradedImages.nonFundus(900, 5)
        .forEach(
            (name, picture) ->
                assertThat(reason(picture))
                    .as(name + " 900 px")
                    .isEqualTo(UngradableReason.NOT_FUNDUS));
  }

  @Test
  void aTinyPhotographIsTooSmallUnlessTheModelWasTrainedOnThumbnails() {
    BufferedImage thumb = Fixtures.fundus(12, 12, 6, 6, 5, 1);
    assertThat(reason(thumb)).isEqualTo(UngradableReason.TOO_SMALL);
    // calibrated on 28-pixel training photographs: 14 px is the limit
    QualityThresholds thumbs = LIMITS.calibratedTo(28, 60, 0.0002, 0.1);
    assertThat(thumbs.minSide()).isEqualTo(14);
    assertThat(thumbs.minSharpness()).isEqualTo(0.0001);
    assertThat(thumbs.minBrightness()).isEqualTo(LIMITS.minBrightness());
    // the fundus-shape limits never move
    assertThat(thumbs.maxFieldOfView()).isEqualTo(LIMITS.maxFieldOfView());
    assertThat(thumbs.minRedness()).isEqualTo(LIMITS.minRedness());
  }

  @Test
  void otsuSplitsTwoLevelsAndTheLargestComponentIgnoresSpecks() {
    float[] v = new float[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i < 60 ? 10 : 200;
    }
    assertThat(FundusQuality.otsu(v)).isBetween(10.0, 200.0);
    boolean[] mask = new boolean[25];
    // a 3x3 block and a single speck in a 5x5 image
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 3; x++) {
        mask[y * 5 + x] = true;
      }
    }
    mask[24] = true;
    boolean[] big = FundusQuality.largestComponent(mask, 5, 5);
    assertThat(big[24]).isFalse();
    assertThat(big[12]).isTrue();
  }
}
