package org.drtune.internal.data;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.drtune.model.ChannelOrder;
import org.drtune.model.Preprocessing;

/**
 * Applies a {@link Preprocessing} to decoded images: field of view, crop, pad, resize, colour,
 * rotation, mean.
 */
public final class Preprocessor {

  private Preprocessor() {}

  /**
   * Finds the field of view: the bounding box of the rows and columns in which more than 1% of the
   * pixels have a brightest channel above {@link Preprocessing#borderThreshold()}. Returns the
   * whole image when nothing qualifies.
   *
   * @param image an RGB image
   * @return the bounding box of the fundus, within the image
   */
  public static Rectangle fieldOfView(Preprocessing p, BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    return fieldOfView(rgbPixels(image), width, height, p.borderThreshold());
  }

  private static Rectangle fieldOfView(int[] pixels, int width, int height, int borderThreshold) {
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
   * Applies the border crop, square padding, resize and optional local colour subtraction, without
   * rotation or normalisation.
   *
   * @param image a decoded image of any size
   * @return {@code inputSize*inputSize*3} RGB values in 0..255, row-major HWC
   */
  public static float[] prepare(Preprocessing p, BufferedImage image) {
    int inputSize = p.inputSize();
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = rgbPixels(image);
    double[] r = inputRegion(p, pixels, width, height);
    float[] rgb = Resampler.resample(pixels, width, height, r[0], r[1], r[2], r[3], inputSize);
    if (p.equalize()) {
      equalize(rgb);
    }
    if (p.localColourSubtraction()) {
      float[] blur = Resampler.gaussianBlur(rgb, inputSize, 3, inputSize * p.blurSigmaFraction());
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = Math.max(0f, Math.min(255f, 4 * rgb[i] - 4 * blur[i] + 128));
      }
    }
    return rgb;
  }

  /**
   * The region of {@code image} that {@link #prepare} resamples to the input square: {@code {x0,
   * y0, width, height}} in pixels (the field-of-view box, padded to a square when asked; it may
   * reach outside the image, where the padding is black).
   */
  public static double[] inputRegion(Preprocessing p, BufferedImage image) {
    return inputRegion(p, rgbPixels(image), image.getWidth(), image.getHeight());
  }

  private static double[] inputRegion(Preprocessing p, int[] pixels, int width, int height) {
    Rectangle box =
        p.cropBorder()
            ? fieldOfView(pixels, width, height, p.borderThreshold())
            : new Rectangle(0, 0, width, height);
    double x0 = box.x;
    double y0 = box.y;
    double regionWidth = box.width;
    double regionHeight = box.height;
    if (p.padToSquare() && box.width != box.height) {
      double side = Math.max(box.width, box.height);
      x0 = box.x + (box.width - side) / 2;
      y0 = box.y + (box.height - side) / 2;
      regionWidth = side;
      regionHeight = side;
    }
    return new double[] {x0, y0, regionWidth, regionHeight};
  }

  /**
   * Preprocesses one image, rotates it and writes its normalised float32 HWC values into {@code
   * dst}.
   *
   * @param image a decoded image of any size
   * @param rotation the rotation to apply to the square image
   * @param dst the destination, for example a batch buffer
   * @param offset where in {@code dst} the {@link Preprocessing#valuesPerImage()} values start
   * @throws IllegalArgumentException if {@code dst} has no room for one image at {@code offset}
   */
  public static void write(
      Preprocessing p, BufferedImage image, Rotation rotation, float[] dst, int offset) {
    write(p, image, Jitter.NONE, rotation, dst, offset);
  }

  /**
   * As {@link #write(Preprocessing, BufferedImage, Rotation, float[], int)}, the prepared image
   * jittered ({@link Jitter}) before its rotation.
   */
  public static void write(
      Preprocessing p,
      BufferedImage image,
      Jitter jitter,
      Rotation rotation,
      float[] dst,
      int offset) {
    int inputSize = p.inputSize();
    int length = p.valuesPerImage();
    if (offset < 0 || (long) offset + length > dst.length) {
      throw new IllegalArgumentException(
          "dst has "
              + dst.length
              + " values; one "
              + inputSize
              + "x"
              + inputSize
              + "x3 image at offset "
              + offset
              + " needs "
              + ((long) offset + length)
              + ": allocate batchSize * valuesPerImage() floats");
    }
    float[] prepared = prepare(p, image);
    if (!jitter.isNone()) {
      prepared = jitter.apply(prepared, inputSize, 3);
    }
    float[] rgb = rotation.apply(prepared, inputSize, 3);
    boolean bgr = p.channelOrder() == ChannelOrder.BGR;
    float m0 = p.mean().get(0).floatValue();
    float m1 = p.mean().get(1).floatValue();
    float m2 = p.mean().get(2).floatValue();
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

  /**
   * Equalizes the histogram of each channel of interleaved RGB values in 0..255 in place: a value
   * becomes 255 × (the share of values not above it − the share of the lowest value) / (1 − that
   * share), the mapping of ImageMagick's {@code -equalize}.
   */
  static void equalize(float[] rgb) {
    int n = rgb.length / 3;
    for (int c = 0; c < 3; c++) {
      int[] hist = new int[256];
      for (int i = 0; i < n; i++) {
        hist[Math.max(0, Math.min(255, Math.round(rgb[3 * i + c])))]++;
      }
      int[] cdf = new int[256];
      int sum = 0;
      int min = -1;
      for (int v = 0; v < 256; v++) {
        sum += hist[v];
        cdf[v] = sum;
        if (min < 0 && hist[v] > 0) {
          min = cdf[v];
        }
      }
      if (n - min <= 0) {
        continue; // a single value: nothing to spread
      }
      float[] map = new float[256];
      for (int v = 0; v < 256; v++) {
        map[v] = Math.max(0, 255f * (cdf[v] - min) / (n - min));
      }
      for (int i = 0; i < n; i++) {
        rgb[3 * i + c] = map[Math.max(0, Math.min(255, Math.round(rgb[3 * i + c])))];
      }
    }
  }
}
