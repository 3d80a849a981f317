package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.drtune.grading.QualityThresholds;
import org.junit.jupiter.api.Test;

/**
 * The calibration of the camera-dependent limits to a training set: a set whose own photographs are
 * darker moves the limit, a few nearly black (ungradable) photographs in a normal set do not.
 */
class QualityCalibrationTest {

  @Test
  void aFewNearlyBlackPhotographsDoNotLoosenTheBrightnessLimit() throws Exception {
    QualityThresholds d = QualityThresholds.defaults();
    // 1 % of the training photographs nearly black, as the raw 1024-px EyePACS set has
    FundusDataset mostlyNormal =
        DrawnDataset.gradeZero(
            300,
            i -> {
              BufferedImage f = Fixtures.fundus(320, 240, i);
              return i % 100 == 7 ? DegradedImages.darkened(f, 0.05) : f;
            });
    QualityThresholds calibrated = QualityCalibration.calibrate(mostlyNormal, 1);
    assertThat(calibrated.minBrightness()).isEqualTo(d.minBrightness());
    // a camera whose every photograph is dim moves it, so that its photographs are graded
    FundusDataset dim =
        DrawnDataset.gradeZero(
            300, i -> DegradedImages.darkened(Fixtures.fundus(320, 240, i), 0.15));
    QualityThresholds forDim = QualityCalibration.calibrate(dim, 1);
    assertThat(forDim.minBrightness()).isLessThan(d.minBrightness());
    assertThat(forDim.check(FundusQuality.measure(dim.load(0)))).isEmpty();
  }
}
