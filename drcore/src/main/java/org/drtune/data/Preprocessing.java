package org.drtune.data;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The fundus preprocessing applied before the backbone, as an immutable value that serialises to JSON with Jackson
 * so a model card can record exactly what the model was trained on. The steps, in order, each optional:
 *
 * <ol>
 *   <li>{@code cropBorder}: crop the black border to the bounding box of the circular field of view, found as the
 *       rows and columns with enough pixels whose brightest channel exceeds {@code borderThreshold};</li>
 *   <li>{@code padToSquare}: centre that box in a black square (otherwise it is stretched to a square);</li>
 *   <li>resize to {@code inputSize x inputSize}: area averaging when shrinking, bilinear when enlarging;</li>
 *   <li>{@code localColourSubtraction}: Ben Graham's Kaggle 2015 trick, {@code 4*img - 4*blur(img) + 128}
 *       clipped to 0..255, with a Gaussian blur of sigma {@code inputSize * blurSigmaFraction};</li>
 *   <li>a {@link Rotation}, then the backbone normalisation: channels in {@code channelOrder}, {@code mean}
 *       (given in that order) subtracted.</li>
 * </ol>
 *
 * <p>The defaults suit the Caffe-trained ImageNet GoogLeNet: 224 pixels, BGR, mean [104, 117, 123], no scaling.
 *
 * <pre>{@code
 * Preprocessing prep = Preprocessing.defaults().withLocalColourSubtraction(true);
 * float[] input = new float[prep.valuesPerImage()];
 * prep.write(image, Rotation.R0, input, 0);
 * }</pre>
 *
 * @param inputSize the side of the square network input; defaults to {@value #DEFAULT_INPUT_SIZE}
 * @param cropBorder whether to crop the black border; defaults to {@code true}
 * @param borderThreshold brightest-channel value (0..254) above which a pixel belongs to the fundus; defaults to
 *        {@value #DEFAULT_BORDER_THRESHOLD}
 * @param padToSquare whether to pad to a square rather than stretch; defaults to {@code true}
 * @param localColourSubtraction whether to subtract the local average colour; defaults to {@code false}
 * @param blurSigmaFraction the blur sigma as a fraction of {@code inputSize}; defaults to 1/30
 * @param channelOrder the channel order of the output; defaults to {@link ChannelOrder#BGR}
 * @param mean three values subtracted from the channels, in {@code channelOrder}; defaults to [104, 117, 123]
 */
public record Preprocessing(int inputSize, boolean cropBorder, int borderThreshold, boolean padToSquare,
        boolean localColourSubtraction, double blurSigmaFraction, ChannelOrder channelOrder, List<Double> mean) {

    /** Default input side: 224, GoogLeNet's. */
    public static final int DEFAULT_INPUT_SIZE = 224;

    /** Default border threshold: 15 of 255, above the noise of JPEG-compressed black borders. */
    public static final int DEFAULT_BORDER_THRESHOLD = 15;

    /** Default blur sigma fraction: 1/30 of the input side, as in Ben Graham's Kaggle 2015 solution. */
    public static final double DEFAULT_BLUR_SIGMA_FRACTION = 1.0 / 30;

    /** Default mean: the ImageNet BGR mean of the Caffe GoogLeNet. */
    public static final List<Double> DEFAULT_MEAN = List.of(104.0, 117.0, 123.0);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if a value is out of range or the mean does not have three values
     */
    public Preprocessing {
        if (inputSize < 1 || inputSize > 4096) {
            throw new IllegalArgumentException("inputSize must be 1..4096 pixels, got " + inputSize);
        }
        if (borderThreshold < 0 || borderThreshold > 254) {
            throw new IllegalArgumentException("borderThreshold must be 0..254, got " + borderThreshold);
        }
        if (!(blurSigmaFraction > 0 && blurSigmaFraction <= 1)) {
            throw new IllegalArgumentException("blurSigmaFraction must be in (0, 1], got " + blurSigmaFraction);
        }
        if (channelOrder == null) {
            throw new IllegalArgumentException("channelOrder must be RGB or BGR, got null");
        }
        if (mean == null || mean.size() != 3 || mean.stream().anyMatch(m -> m == null || !Double.isFinite(m))) {
            throw new IllegalArgumentException("mean must hold three finite values in channel order, got " + mean
                    + ": use List.of(0.0, 0.0, 0.0) for no mean subtraction");
        }
        mean = List.copyOf(mean);
    }

    /**
     * Returns the defaults for the ImageNet GoogLeNet: 224, border crop, pad to square, no local colour
     * subtraction, BGR, mean [104, 117, 123].
     *
     * @return the default preprocessing
     */
    public static Preprocessing defaults() {
        return new Preprocessing(DEFAULT_INPUT_SIZE, true, DEFAULT_BORDER_THRESHOLD, true, false,
                DEFAULT_BLUR_SIGMA_FRACTION, ChannelOrder.BGR, DEFAULT_MEAN);
    }

    /**
     * Returns a copy with another input size.
     *
     * @param size the side of the square network input
     * @return a new value
     */
    public Preprocessing withInputSize(int size) {
        return new Preprocessing(size, cropBorder, borderThreshold, padToSquare, localColourSubtraction,
                blurSigmaFraction, channelOrder, mean);
    }

    /**
     * Returns a copy with the border crop switched on or off.
     *
     * @param crop whether to crop the black border
     * @return a new value
     */
    public Preprocessing withCropBorder(boolean crop) {
        return new Preprocessing(inputSize, crop, borderThreshold, padToSquare, localColourSubtraction,
                blurSigmaFraction, channelOrder, mean);
    }

    /**
     * Returns a copy with local-average-colour subtraction switched on or off.
     *
     * @param subtract whether to subtract the local average colour
     * @return a new value
     */
    public Preprocessing withLocalColourSubtraction(boolean subtract) {
        return new Preprocessing(inputSize, cropBorder, borderThreshold, padToSquare, subtract,
                blurSigmaFraction, channelOrder, mean);
    }

    /**
     * Returns a copy with another channel order and mean.
     *
     * @param order the output channel order
     * @param channelMean three values subtracted, in {@code order}
     * @return a new value
     */
    public Preprocessing withNormalisation(ChannelOrder order, List<Double> channelMean) {
        return new Preprocessing(inputSize, cropBorder, borderThreshold, padToSquare, localColourSubtraction,
                blurSigmaFraction, order, channelMean);
    }

    /**
     * Returns the number of floats one image takes: {@code inputSize * inputSize * 3}.
     *
     * @return the values per image
     */
    public int valuesPerImage() {
        return inputSize * inputSize * 3;
    }

    /**
     * Finds the field of view: the bounding box of the rows and columns in which more than 1% of the pixels have
     * a brightest channel above {@link #borderThreshold()}. Returns the whole image when nothing qualifies.
     *
     * @param image an RGB image
     * @return the bounding box of the fundus, within the image
     */
    public Rectangle fieldOfView(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        return fieldOfView(rgbPixels(image), width, height);
    }

    private Rectangle fieldOfView(int[] pixels, int width, int height) {
        int[] rowCounts = new int[height];
        int[] columnCounts = new int[width];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int p = pixels[row + x];
                int brightest = Math.max((p >> 16) & 0xff, Math.max((p >> 8) & 0xff, p & 0xff));
                if (brightest > borderThreshold) {
                    rowCounts[y]++;
                    columnCounts[x]++;
                }
            }
        }
        int rowMin = width / 100;
        int columnMin = height / 100;
        int top = first(rowCounts, rowMin);
        int left = first(columnCounts, columnMin);
        if (top < 0 || left < 0) {
            return new Rectangle(0, 0, width, height);
        }
        int bottom = last(rowCounts, rowMin);
        int right = last(columnCounts, columnMin);
        return new Rectangle(left, top, right - left + 1, bottom - top + 1);
    }

    private static int first(int[] counts, int min) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > min) {
                return i;
            }
        }
        return -1;
    }

    private static int last(int[] counts, int min) {
        for (int i = counts.length - 1; i >= 0; i--) {
            if (counts[i] > min) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Applies the border crop, square padding, resize and optional local colour subtraction, without rotation or
     * normalisation.
     *
     * @param image a decoded image of any size
     * @return {@code inputSize*inputSize*3} RGB values in 0..255, row-major HWC
     */
    public float[] prepare(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = rgbPixels(image);
        Rectangle box = cropBorder ? fieldOfView(pixels, width, height) : new Rectangle(0, 0, width, height);
        double x0 = box.x;
        double y0 = box.y;
        double regionWidth = box.width;
        double regionHeight = box.height;
        if (padToSquare && box.width != box.height) {
            double side = Math.max(box.width, box.height);
            x0 = box.x + (box.width - side) / 2;
            y0 = box.y + (box.height - side) / 2;
            regionWidth = side;
            regionHeight = side;
        }
        float[] rgb = Resampler.resample(pixels, width, height, x0, y0, regionWidth, regionHeight, inputSize);
        if (localColourSubtraction) {
            float[] blur = Resampler.gaussianBlur(rgb, inputSize, 3, inputSize * blurSigmaFraction);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = Math.max(0f, Math.min(255f, 4 * rgb[i] - 4 * blur[i] + 128));
            }
        }
        return rgb;
    }

    /**
     * Preprocesses one image, rotates it and writes its normalised float32 HWC values into {@code dst}.
     *
     * @param image a decoded image of any size
     * @param rotation the rotation to apply to the square image
     * @param dst the destination, for example a batch buffer
     * @param offset where in {@code dst} the {@link #valuesPerImage()} values start
     * @throws IllegalArgumentException if {@code dst} has no room for one image at {@code offset}
     */
    public void write(BufferedImage image, Rotation rotation, float[] dst, int offset) {
        int length = valuesPerImage();
        if (offset < 0 || (long) offset + length > dst.length) {
            throw new IllegalArgumentException("dst has " + dst.length + " values; one " + inputSize + "x"
                    + inputSize + "x3 image at offset " + offset + " needs " + ((long) offset + length)
                    + ": allocate batchSize * valuesPerImage() floats");
        }
        float[] rgb = rotation.apply(prepare(image), inputSize, 3);
        boolean bgr = channelOrder == ChannelOrder.BGR;
        float m0 = mean.get(0).floatValue();
        float m1 = mean.get(1).floatValue();
        float m2 = mean.get(2).floatValue();
        for (int i = 0; i < length; i += 3) {
            float red = rgb[i];
            float blue = rgb[i + 2];
            dst[offset + i] = (bgr ? blue : red) - m0;
            dst[offset + i + 1] = rgb[i + 1] - m1;
            dst[offset + i + 2] = (bgr ? red : blue) - m2;
        }
    }

    private static int[] rgbPixels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        return image.getRGB(0, 0, width, height, null, 0, width);
    }
}
