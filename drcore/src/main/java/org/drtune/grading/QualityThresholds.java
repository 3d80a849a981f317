package org.drtune.grading;

import java.util.Optional;

/**
 * The limits of the quality check: a photograph whose {@link QualityMeasures} break one of them is
 * not graded, and the first broken one, in the order of {@link UngradableReason}, is the reason.
 * Recorded in the model card at training time ({@code drtune train} calibrates the exposure and
 * sharpness limits on its training photographs, see {@link #calibratedTo}) and used by {@link
 * DrClassifier} by default.
 *
 * @param minSide photographs with a shorter side are {@code TOO_SMALL}
 * @param minFieldOfView a smaller field of view is {@code NOT_FUNDUS}
 * @param maxFieldOfView a larger one (no dark surround) is {@code NOT_FUNDUS}
 * @param maxCircleFit a field of view this far from a circle is {@code NOT_FUNDUS}
 * @param maxRadius a fitted circle this large (a straight edge) is {@code NOT_FUNDUS}
 * @param minFill a field of view filling less of its circle is {@code NOT_FUNDUS}
 * @param maxSurround a surround this bright is {@code NOT_FUNDUS}
 * @param minRedness a field of view less red than this is {@code NOT_FUNDUS}
 * @param minCircleInside less of the circle inside the image is {@code FIELD_CUT_OFF}
 * @param minBrightness a darker field of view is {@code TOO_DARK}
 * @param maxSaturated more saturated pixels than this share is {@code OVEREXPOSED}
 * @param minSharpness a blurrier field of view is {@code OUT_OF_FOCUS}
 * @param minContrast a flatter field of view is {@code LOW_CONTRAST}
 * @param maxCornerContact a field of view running along more of two adjacent borders is {@code
 *     FIELD_CUT_OFF} (a part of a disc: {@link QualityMeasures#cornerContact()}); null in cards
 *     written before it was recorded, read as 1 (no limit), the check those models were trained
 *     with
 * @param maxFeatureDistance a picture that fills the whole frame (a field of view above {@code
 *     maxFieldOfView}: no dark surround, no disc to fit) is taken for a fundus photograph cropped
 *     inside its field of view when its {@link QualityMeasures#featureDistance()} is at most this
 *     (1: the limit calibrated on the model's training photographs); it is then checked for
 *     redness, exposure, focus and contrast but not for its shape. A larger distance, or none
 *     measured (a model without a feature reference), leaves it {@code NOT_FUNDUS}. Null in cards
 *     written before it was recorded, read as 1
 */
public record QualityThresholds(
    int minSide,
    double minFieldOfView,
    double maxFieldOfView,
    double maxCircleFit,
    double maxRadius,
    double minFill,
    double maxSurround,
    double minRedness,
    double minCircleInside,
    double minBrightness,
    double maxSaturated,
    double minSharpness,
    double minContrast,
    Double maxCornerContact,
    Double maxFeatureDistance) {

  /**
   * Checks the limits are numbers; a null corner-contact limit is 1 (no limit), a null feature
   * distance limit 1 (the model's calibrated limit).
   */
  public QualityThresholds {
    maxCornerContact = maxCornerContact == null ? 1.0 : maxCornerContact;
    maxFeatureDistance = maxFeatureDistance == null ? 1.0 : maxFeatureDistance;
    for (double v :
        new double[] {
          minFieldOfView, maxFieldOfView, maxCircleFit, maxRadius, minFill, maxSurround,
          minRedness, minCircleInside, minBrightness, maxSaturated, minSharpness, minContrast,
          maxCornerContact, maxFeatureDistance
        }) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("quality thresholds must be numbers, got NaN");
      }
    }
    if (minSide < 1) {
      throw new IllegalArgumentException("minSide must be at least 1, got " + minSide);
    }
  }

  /**
   * The default {@link #maxCornerContact()}: no EyePACS photograph of the 256-px, 1024-px,
   * full-resolution or raw hold-out sets has more than 0.31, while 148 of 150 quarters of the
   * 256-px set (whose circle fit a vignetted quarter can fool) and every quarter of the raw sets
   * have more than 0.4 (docs/RESULTS.md, "Ungradable photographs").
   */
  public static final double MAX_CORNER_CONTACT = 0.4;

  /**
   * The limits chosen on the EyePACS photographs (256 px, 1024 px and full resolution) and on
   * RetinaMNIST so that at most about 1 % of them are rejected, while blank, single-colour,
   * natural-image-like and degraded fundus pictures are (docs/RESULTS.md, "Ungradable
   * photographs").
   */
  public static QualityThresholds defaults() {
    return new QualityThresholds(
        16,
        0.2,
        0.86,
        0.35,
        1.2,
        0.7,
        0.6,
        0.30,
        0.75,
        20,
        0.25,
        0.004,
        0.04,
        MAX_CORNER_CONTACT,
        1.0);
  }

  /**
   * The first limit {@code m} breaks, in the order of {@link UngradableReason}, or empty when the
   * photograph can be graded.
   */
  public Optional<UngradableReason> check(QualityMeasures m) {
    if (Math.min(m.width(), m.height()) < minSide) {
      return Optional.of(UngradableReason.TOO_SMALL);
    }
    if (fillsFrameLikeAFundus(m)) {
      // shape cannot tell a fundus cropped inside its field of view from a texture: the model's
      // features did; the colour, exposure, focus and contrast limits still apply
      if (!(m.redness() >= minRedness)) {
        return Optional.of(UngradableReason.NOT_FUNDUS);
      }
    } else {
      if (!(m.fieldOfView() >= minFieldOfView && m.fieldOfView() <= maxFieldOfView)
          || !(m.circleFit() <= maxCircleFit)
          || !(m.radius() <= maxRadius)
          || !(m.fill() >= minFill)
          || m.surround() > maxSurround
          || !(m.redness() >= minRedness)) {
        return Optional.of(UngradableReason.NOT_FUNDUS);
      }
      if (!(m.circleInside() >= minCircleInside) || m.cornerContact() > maxCornerContact) {
        return Optional.of(UngradableReason.FIELD_CUT_OFF);
      }
    }
    if (!(m.brightness() >= minBrightness)) {
      return Optional.of(UngradableReason.TOO_DARK);
    }
    if (!(m.saturated() <= maxSaturated)) {
      return Optional.of(UngradableReason.OVEREXPOSED);
    }
    if (!(m.sharpness() >= minSharpness)) {
      return Optional.of(UngradableReason.OUT_OF_FOCUS);
    }
    if (!(m.contrast() >= minContrast)) {
      return Optional.of(UngradableReason.LOW_CONTRAST);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code m} fills the whole frame (field of view above {@link #maxFieldOfView()}) and the
   * model's frozen layers place it among its training photographs ({@link
   * QualityMeasures#featureDistance()} at most {@link #maxFeatureDistance()}).
   */
  public boolean fillsFrameLikeAFundus(QualityMeasures m) {
    return m.fieldOfView() > maxFieldOfView && m.featureDistance() <= maxFeatureDistance;
  }

  /**
   * These limits with the ones that depend on the camera and resolution (side, brightness,
   * sharpness, contrast) loosened where a model's training photographs need it: each becomes at
   * most half a low percentile of the training photographs' values (drtune train uses the 2nd,
   * {@code QualityCalibration.PERCENTILE}; a thumbnail model trained on 28-pixel photographs
   * accepts 28-pixel photographs). The fundus-shape limits stay.
   *
   * @param minSideLow that percentile of the training photographs' shorter sides
   * @param brightnessLow that percentile of their brightness
   * @param sharpnessLow that percentile of their sharpness
   * @param contrastLow that percentile of their contrast
   */
  public QualityThresholds calibratedTo(
      double minSideLow, double brightnessLow, double sharpnessLow, double contrastLow) {
    return new QualityThresholds(
        (int) Math.max(1, Math.min(minSide, Math.floor(minSideLow / 2))),
        minFieldOfView,
        maxFieldOfView,
        maxCircleFit,
        maxRadius,
        minFill,
        maxSurround,
        minRedness,
        minCircleInside,
        Math.min(minBrightness, brightnessLow / 2),
        maxSaturated,
        Math.min(minSharpness, sharpnessLow / 2),
        Math.min(minContrast, contrastLow / 2),
        maxCornerContact,
        maxFeatureDistance);
  }
}
