package org.drtune.internal.data;

import java.util.Arrays;

/**
 * Separable resampling of a rectangular region of an RGB image to a square of floats. Downscaling
 * averages the source area each output pixel covers (box filter with fractional edges, no
 * aliasing); upscaling is bilinear. Source pixels outside the image count as black, which is how
 * padding to a square is done.
 */
final class Resampler {

  /** For each output index: the first source index and the weights of consecutive source pixels. */
  private record Taps(int[] first, float[][] weights) {}

  private Resampler() {}

  /**
   * Resamples the region {@code [x0, x0+regionWidth) x [y0, y0+regionHeight)} of a packed RGB image
   * into {@code size x size x 3} floats (RGB, 0..255).
   */
  static float[] resample(
      int[] pixels,
      int width,
      int height,
      double x0,
      double y0,
      double regionWidth,
      double regionHeight,
      int size) {
    return resample(pixels, width, height, x0, y0, regionWidth, regionHeight, size, size);
  }

  /**
   * Resamples the region {@code [x0, x0+regionWidth) x [y0, y0+regionHeight)} of a packed RGB image
   * into {@code outWidth x outHeight x 3} floats (RGB, 0..255).
   */
  static float[] resample(
      int[] pixels,
      int width,
      int height,
      double x0,
      double y0,
      double regionWidth,
      double regionHeight,
      int outWidth,
      int outHeight) {
    Taps xs = taps(x0, regionWidth, width, outWidth);
    Taps ys = taps(y0, regionHeight, height, outHeight);
    int rowMin = Integer.MAX_VALUE;
    int rowMax = -1;
    for (int o = 0; o < outHeight; o++) {
      if (ys.weights[o].length > 0) {
        rowMin = Math.min(rowMin, ys.first[o]);
        rowMax = Math.max(rowMax, ys.first[o] + ys.weights[o].length - 1);
      }
    }
    float[] out = new float[outWidth * outHeight * 3];
    if (rowMax < 0) {
      return out;
    }
    float[] tmp = resampleRows(pixels, width, xs, rowMin, rowMax - rowMin + 1, outWidth);
    resampleColumns(tmp, ys, rowMin, outWidth, outHeight, out);
    return out;
  }

  /**
   * The horizontal pass: source rows {@code rowMin .. rowMin+rows-1}, each resampled to {@code
   * outWidth} RGB float pixels.
   */
  private static float[] resampleRows(
      int[] pixels, int width, Taps xs, int rowMin, int rows, int outWidth) {
    float[] tmp = new float[rows * outWidth * 3];
    for (int r = 0; r < rows; r++) {
      int rowStart = (rowMin + r) * width;
      int tmpStart = r * outWidth * 3;
      for (int ox = 0; ox < outWidth; ox++) {
        float red = 0;
        float green = 0;
        float blue = 0;
        float[] w = xs.weights[ox];
        int at = rowStart + xs.first[ox];
        for (int k = 0; k < w.length; k++) {
          int p = pixels[at + k];
          red += w[k] * ((p >> 16) & 0xff);
          green += w[k] * ((p >> 8) & 0xff);
          blue += w[k] * (p & 0xff);
        }
        int t = tmpStart + ox * 3;
        tmp[t] = red;
        tmp[t + 1] = green;
        tmp[t + 2] = blue;
      }
    }
    return tmp;
  }

  /**
   * The vertical pass: adds each output row's weighted rows of {@code tmp} (whose first row is
   * source row {@code rowMin}) into {@code out}.
   */
  private static void resampleColumns(
      float[] tmp, Taps ys, int rowMin, int outWidth, int outHeight, float[] out) {
    int rowLength = outWidth * 3;
    for (int oy = 0; oy < outHeight; oy++) {
      float[] w = ys.weights[oy];
      int outStart = oy * rowLength;
      for (int k = 0; k < w.length; k++) {
        int tmpStart = (ys.first[oy] + k - rowMin) * rowLength;
        float weight = w[k];
        for (int i = 0; i < rowLength; i++) {
          out[outStart + i] += weight * tmp[tmpStart + i];
        }
      }
    }
  }

  /**
   * Computes the taps mapping the source interval {@code [start, start+length)} onto {@code size}
   * outputs.
   */
  private static Taps taps(double start, double length, int sourceLength, int size) {
    double scale = length / size;
    int[] first = new int[size];
    float[][] weights = new float[size][];
    double[] buffer = new double[(int) Math.ceil(scale) + 3];
    for (int o = 0; o < size; o++) {
      int lo;
      int count;
      if (scale > 1) {
        double a = start + o * scale;
        double b = a + scale;
        lo = (int) Math.floor(a);
        int hi = (int) Math.ceil(b) - 1;
        count = hi - lo + 1;
        for (int i = lo; i <= hi; i++) {
          buffer[i - lo] = (Math.min(i + 1, b) - Math.max(i, a)) / scale;
        }
      } else {
        double centre = start + (o + 0.5) * scale - 0.5;
        centre = Math.max(start, Math.min(start + length - 1, centre));
        lo = (int) Math.floor(centre);
        double f = centre - lo;
        count = 2;
        buffer[0] = 1 - f;
        buffer[1] = f;
      }
      // Drop taps outside the image: they are black padding.
      int from = Math.max(lo, 0);
      int to = Math.min(lo + count, sourceLength);
      first[o] = from;
      weights[o] = new float[Math.max(0, to - from)];
      for (int i = from; i < to; i++) {
        weights[o][i - from] = (float) buffer[i - lo];
      }
    }
    return new Taps(first, weights);
  }

  /**
   * Blurs an HWC float image with a Gaussian of the given sigma, separably, mirroring at the
   * borders.
   */
  static float[] gaussianBlur(float[] hwc, int size, int channels, double sigma) {
    int radius = Math.max(1, (int) Math.ceil(3 * sigma));
    float[] kernel = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= (float) sum;
    }
    int[] mirror = new int[size + 2 * radius];
    for (int i = -radius; i < size + radius; i++) {
      int m = i;
      while (m < 0 || m >= size) {
        m = m < 0 ? -m : 2 * (size - 1) - m;
        if (size == 1) {
          m = 0;
        }
      }
      mirror[i + radius] = m;
    }
    float[] tmp = new float[hwc.length];
    float[] out = new float[hwc.length];
    float[] acc = new float[channels];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        Arrays.fill(acc, 0);
        for (int k = 0; k < kernel.length; k++) {
          int from = (y * size + mirror[x + k]) * channels;
          for (int c = 0; c < channels; c++) {
            acc[c] += kernel[k] * hwc[from + c];
          }
        }
        System.arraycopy(acc, 0, tmp, (y * size + x) * channels, channels);
      }
    }
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        Arrays.fill(acc, 0);
        for (int k = 0; k < kernel.length; k++) {
          int from = (mirror[y + k] * size + x) * channels;
          for (int c = 0; c < channels; c++) {
            acc[c] += kernel[k] * tmp[from + c];
          }
        }
        System.arraycopy(acc, 0, out, (y * size + x) * channels, channels);
      }
    }
    return out;
  }
}
