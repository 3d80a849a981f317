package org.drtune.model;

import java.util.List;
import org.drtune.grading.DrClassifier;
import org.drtune.models.internal.RecordCopy;

/**
 * The fundus preprocessing applied before the backbone, as an immutable value that serialises to
 * JSON with Jackson so a model card can record exactly what the model was trained on ({@link
 * DrClassifier} repeats it). The steps, in order, each optional:
 *
 * <ol>
 *   <li>{@code cropBorder}: crop the black border to the bounding box of the circular field of
 *       view, found as the rows and columns with enough pixels whose brightest channel exceeds
 *       {@code borderThreshold};
 *   <li>{@code padToSquare}: centre that box in a black square (otherwise it is stretched to a
 *       square);
 *   <li>resize to {@code inputSize x inputSize}: area averaging when shrinking, bilinear when
 *       enlarging;
 *   <li>{@code equalize}: histogram equalization of each colour channel over the whole square (as
 *       ImageMagick's {@code -equalize}, the normalisation some public EyePACS copies were
 *       published with: applied to raw photographs it makes them look like those);
 *   <li>{@code localColourSubtraction}: Ben Graham's Kaggle 2015 trick, {@code 4*img - 4*blur(img)
 *       + 128} clipped to 0..255, with a Gaussian blur of sigma {@code inputSize *
 *       blurSigmaFraction};
 *   <li>a rotation by a multiple of 90° (training augmentation, test-time augmentation), then the
 *       backbone normalisation: channels in {@code channelOrder}, {@code mean} (given in that
 *       order) subtracted.
 * </ol>
 *
 * <p>The defaults suit the Caffe-trained ImageNet GoogLeNet: 224 pixels, BGR, mean [104, 117, 123],
 * no scaling.
 *
 * <pre>{@code
 * Preprocessing prep = Recipes.thumbnails().preprocessing().withLocalColourSubtraction(true);
 * FineTuneRequest request = FineTuneRequest.of(data, runDir).withPreprocessing(prep);
 * }</pre>
 *
 * @param inputSize the side of the square network input; defaults to {@value #DEFAULT_INPUT_SIZE}
 * @param cropBorder whether to crop the black border; defaults to {@code true}
 * @param borderThreshold brightest-channel value (0..254) above which a pixel belongs to the
 *     fundus; defaults to {@value #DEFAULT_BORDER_THRESHOLD}
 * @param padToSquare whether to pad to a square rather than stretch; defaults to {@code true}
 * @param localColourSubtraction whether to subtract the local average colour; defaults to {@code
 *     false}
 * @param blurSigmaFraction the blur sigma as a fraction of {@code inputSize}; defaults to 1/30
 * @param channelOrder the channel order of the output; defaults to {@link ChannelOrder#BGR}
 * @param mean three values subtracted from the channels, in {@code channelOrder}; defaults to [104,
 *     117, 123]
 * @param equalize whether to equalize each channel's histogram after the resize; defaults to {@code
 *     false}
 */
public record Preprocessing(
    int inputSize,
    boolean cropBorder,
    int borderThreshold,
    boolean padToSquare,
    boolean localColourSubtraction,
    double blurSigmaFraction,
    ChannelOrder channelOrder,
    List<Double> mean,
    boolean equalize) {

  /** Default input side: 224, GoogLeNet's. */
  public static final int DEFAULT_INPUT_SIZE = 224;

  /** Default border threshold: 15 of 255, above the noise of JPEG-compressed black borders. */
  public static final int DEFAULT_BORDER_THRESHOLD = 15;

  /**
   * Default blur sigma fraction: 1/30 of the input side, as in Ben Graham's Kaggle 2015 solution.
   */
  public static final double DEFAULT_BLUR_SIGMA_FRACTION = 1.0 / 30;

  /** Default mean: the ImageNet BGR mean of the Caffe GoogLeNet. */
  public static final List<Double> DEFAULT_MEAN = List.of(104.0, 117.0, 123.0);

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a value is out of range or the mean does not have three
   *     values
   */
  public Preprocessing {
    if (inputSize < 1 || inputSize > 4096) {
      throw new IllegalArgumentException("inputSize must be 1..4096 pixels, got " + inputSize);
    }
    if (borderThreshold < 0 || borderThreshold > 254) {
      throw new IllegalArgumentException("borderThreshold must be 0..254, got " + borderThreshold);
    }
    if (!(blurSigmaFraction > 0 && blurSigmaFraction <= 1)) {
      throw new IllegalArgumentException(
          "blurSigmaFraction must be in (0, 1], got " + blurSigmaFraction);
    }
    if (channelOrder == null) {
      throw new IllegalArgumentException("channelOrder must be RGB or BGR, got null");
    }
    if (mean == null
        || mean.size() != 3
        || mean.stream().anyMatch(m -> m == null || !Double.isFinite(m))) {
      throw new IllegalArgumentException(
          "mean must hold three finite values in channel order, got "
              + mean
              + ": use List.of(0.0, 0.0, 0.0) for no mean subtraction");
    }
    mean = List.copyOf(mean);
  }

  /**
   * Returns the defaults for the ImageNet GoogLeNet: 224, border crop, pad to square, no local
   * colour subtraction, BGR, mean [104, 117, 123].
   *
   * @return the default preprocessing
   */
  public static Preprocessing defaults() {
    return new Preprocessing(
        DEFAULT_INPUT_SIZE,
        true,
        DEFAULT_BORDER_THRESHOLD,
        true,
        false,
        DEFAULT_BLUR_SIGMA_FRACTION,
        ChannelOrder.BGR,
        DEFAULT_MEAN,
        false);
  }

  /**
   * Returns a copy with another input size.
   *
   * @param size the side of the square network input
   * @return a new value
   */
  public Preprocessing withInputSize(int size) {
    return RecordCopy.with(this, "inputSize", size);
  }

  /**
   * Returns a copy with the border crop switched on or off.
   *
   * @param crop whether to crop the black border
   * @return a new value
   */
  public Preprocessing withCropBorder(boolean crop) {
    return RecordCopy.with(this, "cropBorder", crop);
  }

  /**
   * Returns a copy with local-average-colour subtraction switched on or off.
   *
   * @param subtract whether to subtract the local average colour
   * @return a new value
   */
  public Preprocessing withLocalColourSubtraction(boolean subtract) {
    return RecordCopy.with(this, "localColourSubtraction", subtract);
  }

  /**
   * Returns a copy with another channel order and mean.
   *
   * @param order the output channel order
   * @param channelMean three values subtracted, in {@code order}
   * @return a new value
   */
  public Preprocessing withNormalisation(ChannelOrder order, List<Double> channelMean) {
    return RecordCopy.with(this, "channelOrder", order, "mean", channelMean);
  }

  /**
   * Returns a copy with histogram equalization switched on or off.
   *
   * @param on whether to equalize each channel's histogram
   * @return a new value
   */
  public Preprocessing withEqualize(boolean on) {
    return RecordCopy.with(this, "equalize", on);
  }

  /**
   * Returns the number of floats one image takes: {@code inputSize * inputSize * 3}.
   *
   * @return the values per image
   */
  public int valuesPerImage() {
    return inputSize * inputSize * 3;
  }
}
