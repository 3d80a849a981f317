package org.drtune.grading;

/**
 * What the quality check measured on one photograph, the values behind its decision (see {@link
 * QualityThresholds}). Measured on a working copy whose long side is at most 384 pixels; the field
 * of view is the largest bright region on a dark surround (Otsu threshold on the brightest
 * channel), and a circle is fitted to its edge away from the image border.
 *
 * @param width the photograph's width in pixels
 * @param height its height in pixels
 * @param fieldOfView share of the image the field of view covers (a fundus photograph: about
 *     0.5–0.95)
 * @param circleFit RMS distance of the field of view's edge from the fitted circle, relative to its
 *     radius (a fundus: below 0.05; NaN when no edge was found)
 * @param radius the fitted circle's radius relative to the image's longer side (a fundus: about
 *     0.3–0.6; a quarter of one: about 1)
 * @param circleInside share of the fitted circle's area inside the image (1 for a whole fundus,
 *     about 0.8 for the usual top and bottom cut, about 0.3 for a quarter)
 * @param fill share of the circle's area inside the image that the field of view fills
 * @param surround mean brightness outside the circle relative to inside (a fundus' black surround:
 *     below 0.1; NaN when the circle covers the whole image)
 * @param brightness mean luminance in the field of view, 0–255
 * @param contrast standard deviation of the luminance in the field of view, relative to its mean
 * @param saturated share of the field of view whose green channel is 250 or more (the channel that
 *     carries the vessels and lesions; the red channel of a well-exposed fundus often saturates)
 * @param redness mean red over the sum of the mean red, green and blue in the field of view (a
 *     fundus: about 0.5–0.7)
 * @param sharpness variance of the Laplacian of the green channel in the field of view (resampled
 *     to 256 pixels across), relative to the variance of the green channel: falls when the picture
 *     is out of focus, whatever its exposure
 * @param cornerContact how much of two adjacent image borders the field of view runs along: the
 *     largest, over the four corners, of the smaller of the two sides' shares of border pixels in
 *     the field of view (a whole fundus, even cut at the top and bottom: below about 0.3; a quarter
 *     of one, whose disc runs off the right and the bottom border: about 0.5–1; NaN in measures
 *     recorded before it was)
 * @param featureDistance how unlike the model's training photographs it looks to the frozen
 *     ImageNet layers of the model: the distance of its spatially averaged activations at the end
 *     of the frozen prefix to the k-th nearest of theirs, relative to the limit calibrated on them
 *     (at most about 1 for a photograph like them; above for natural photographs, textures and
 *     cards; see {@link DrClassifier}); measured only for pictures that fill the frame, NaN
 *     otherwise and when the model has no feature reference
 */
public record QualityMeasures(
    int width,
    int height,
    double fieldOfView,
    double circleFit,
    double radius,
    double circleInside,
    double fill,
    double surround,
    double brightness,
    double contrast,
    double saturated,
    double redness,
    double sharpness,
    double cornerContact,
    double featureDistance) {

  /** These measures with {@code d} as the {@link #featureDistance()}. */
  public QualityMeasures withFeatureDistance(double d) {
    return new QualityMeasures(
        width,
        height,
        fieldOfView,
        circleFit,
        radius,
        circleInside,
        fill,
        surround,
        brightness,
        contrast,
        saturated,
        redness,
        sharpness,
        cornerContact,
        d);
  }
}
