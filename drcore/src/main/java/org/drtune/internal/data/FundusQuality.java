package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import org.drtune.grading.QualityMeasures;

/**
 * Measures what the quality check decides on ({@link QualityMeasures}): the field of view (the
 * largest bright region on a dark surround, by an Otsu threshold of the brightest channel), a
 * circle fitted to its edge ({@link FieldOfViewCircle}), exposure, contrast, redness and a
 * contrast-free sharpness. Pure Java, no TensorFlow; about a millisecond for a 256-pixel
 * photograph.
 */
public final class FundusQuality {
  /** Long side of the working copy. */
  static final int WORK = 384;

  /**
   * The field-of-view threshold as a share of Otsu's split (below it: the vignetted rim belongs
   * in).
   */
  static double FOV_FRACTION = Double.parseDouble(System.getProperty("drtune.fovFraction", "0.35"));

  /** Side the field of view is resampled to for the sharpness measure. */
  static final int SHARP = 256;

  private FundusQuality() {}

  /** The photograph resampled to at most {@value #WORK} pixels across: RGB floats, w × h. */
  private record WorkingCopy(int w, int h, float[] rgb) {
    static WorkingCopy of(BufferedImage image) {
      int width = image.getWidth();
      int height = image.getHeight();
      double scale = Math.min(1.0, (double) WORK / Math.max(width, height));
      int w = Math.max(1, (int) Math.round(width * scale));
      int h = Math.max(1, (int) Math.round(height * scale));
      int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
      return new WorkingCopy(
          w, h, Resampler.resample(argb, width, height, 0, 0, width, height, w, h));
    }
  }

  /**
   * Measures one decoded photograph on a working copy of at most {@value #WORK} pixels across: the
   * field of view, the circle fitted to it, then the statistics of its core.
   */
  public static QualityMeasures measure(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    WorkingCopy copy = WorkingCopy.of(image);
    int w = copy.w();
    int h = copy.h();
    float[] rgb = copy.rgb();
    int n = w * h;
    float[] value = new float[n];
    boolean[] mask = mask(rgb, w, h, value);
    int area = 0;
    for (boolean b : mask) {
      area += b ? 1 : 0;
    }
    double fieldOfView = (double) area / n;
    FieldOfViewCircle circle = FieldOfViewCircle.of(mask, area, value, w, h);
    // statistics in the field of view, away from its rim
    boolean[] core =
        erode(mask, w, h, Math.max(1, (int) Math.round(0.03 * Math.max(circle.r(), 1))));
    CoreMeasures inCore = CoreMeasures.of(rgb, core);
    double sharpness = inCore.count() == 0 ? 0 : sharpness(rgb, core, w, h);
    return new QualityMeasures(
        width,
        height,
        fieldOfView,
        circle.fit(),
        circle.r() / Math.max(w, h),
        circle.inside(),
        circle.fill(),
        circle.surround(),
        inCore.brightness(),
        inCore.contrast(),
        inCore.saturated(),
        inCore.redness(),
        sharpness,
        cornerContact(mask, w, h),
        Double.NaN);
  }

  /**
   * The field of view as {@link #measure} finds it, at the photograph's resolution: row-major,
   * {@code width × height}, true inside (each pixel takes the value of the working copy's pixel it
   * falls in).
   */
  public static boolean[] fieldOfViewMask(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    WorkingCopy copy = WorkingCopy.of(image);
    int w = copy.w();
    int h = copy.h();
    boolean[] small = mask(copy.rgb(), w, h, new float[w * h]);
    boolean[] full = new boolean[width * height];
    for (int y = 0; y < height; y++) {
      int sy = Math.min(h - 1, (int) ((long) y * h / height));
      for (int x = 0; x < width; x++) {
        full[y * width + x] = small[sy * w + Math.min(w - 1, (int) ((long) x * w / width))];
      }
    }
    return full;
  }

  /**
   * The field-of-view mask of a working copy; fills {@code value} with each pixel's brightest
   * channel.
   */
  private static boolean[] mask(float[] rgb, int w, int h, float[] value) {
    for (int i = 0; i < value.length; i++) {
      value[i] = Math.max(rgb[3 * i], Math.max(rgb[3 * i + 1], rgb[3 * i + 2]));
    }
    // halfway below Otsu's split: the vignetted rim of the field of view belongs to it
    return fillHoles(largestComponent(threshold(value, Math.max(6, otsu(value) / 2)), w, h), w, h);
  }

  /**
   * Exposure and colour over the core of the field of view.
   *
   * @param count the number of core pixels
   * @param brightness the mean luma, 0 without core pixels
   * @param contrast the luma's standard deviation over its mean
   * @param saturated the share of core pixels whose green channel is saturated
   * @param redness the red channel's share of the summed channels
   */
  private record CoreMeasures(
      int count, double brightness, double contrast, double saturated, double redness) {

    static CoreMeasures of(float[] rgb, boolean[] core) {
      double sumL = 0;
      double sumL2 = 0;
      double sumR = 0;
      double sumG = 0;
      double sumB = 0;
      int saturated = 0;
      int count = 0;
      for (int i = 0; i < core.length; i++) {
        if (!core[i]) {
          continue;
        }
        double red = rgb[3 * i];
        double green = rgb[3 * i + 1];
        double blue = rgb[3 * i + 2];
        double l = 0.299 * red + 0.587 * green + 0.114 * blue;
        sumL += l;
        sumL2 += l * l;
        sumR += red;
        sumG += green;
        sumB += blue;
        // the green channel carries a fundus' detail; a saturated red channel is common and
        // harmless
        saturated += green >= 250 ? 1 : 0;
        count++;
      }
      double brightness = count == 0 ? 0 : sumL / count;
      double variance = count == 0 ? 0 : Math.max(0, sumL2 / count - brightness * brightness);
      double contrast = brightness <= 0 ? 0 : Math.sqrt(variance) / brightness;
      double colour = sumR + sumG + sumB;
      double redness = colour <= 0 ? 0 : sumR / colour;
      return new CoreMeasures(
          count, brightness, contrast, count == 0 ? 0 : (double) saturated / count, redness);
    }
  }

  /**
   * The largest, over the four corners, of the smaller share of the two adjacent borders' pixels in
   * the mask: a field of view that runs along two adjacent borders is a part of a disc.
   */
  static double cornerContact(boolean[] mask, int w, int h) {
    int top = 0;
    int bottom = 0;
    for (int x = 0; x < w; x++) {
      top += mask[x] ? 1 : 0;
      bottom += mask[(h - 1) * w + x] ? 1 : 0;
    }
    int left = 0;
    int right = 0;
    for (int y = 0; y < h; y++) {
      left += mask[y * w] ? 1 : 0;
      right += mask[y * w + w - 1] ? 1 : 0;
    }
    double t = (double) top / w;
    double b = (double) bottom / w;
    double l = (double) left / h;
    double r = (double) right / h;
    return Math.max(
        Math.max(Math.min(t, l), Math.min(t, r)), Math.max(Math.min(b, l), Math.min(b, r)));
  }

  /**
   * Otsu's threshold of values in 0..255 (256 bins): the split that maximises between-class
   * variance.
   */
  static double otsu(float[] values) {
    int[] hist = new int[256];
    for (float v : values) {
      hist[Math.max(0, Math.min(255, (int) v))]++;
    }
    long total = values.length;
    double sumAll = 0;
    for (int i = 0; i < 256; i++) {
      sumAll += (double) i * hist[i];
    }
    double sumBelow = 0;
    long below = 0;
    double best = -1;
    int split = 0;
    for (int t = 0; t < 256; t++) {
      below += hist[t];
      if (below == 0) {
        continue;
      }
      long above = total - below;
      if (above == 0) {
        break;
      }
      sumBelow += (double) t * hist[t];
      double m0 = sumBelow / below;
      double m1 = (sumAll - sumBelow) / above;
      double between = (double) below * above * (m0 - m1) * (m0 - m1);
      if (between > best) {
        best = between;
        split = t;
      }
    }
    return split + 0.5;
  }

  private static boolean[] threshold(float[] values, double t) {
    boolean[] m = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      m[i] = values[i] > t;
    }
    return m;
  }

  /** The largest 4-connected region of the mask (breadth-first labelling). */
  static boolean[] largestComponent(boolean[] mask, int w, int h) {
    int[] label = new int[mask.length];
    int best = 0;
    int bestSize = 0;
    int next = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || label[start] != 0) {
        continue;
      }
      next++;
      int size = 0;
      label[start] = next;
      queue.add(start);
      while (!queue.isEmpty()) {
        int i = queue.poll();
        size++;
        int x = i % w;
        int y = i / w;
        if (x > 0) {
          visit(mask, label, queue, i - 1, next);
        }
        if (x < w - 1) {
          visit(mask, label, queue, i + 1, next);
        }
        if (y > 0) {
          visit(mask, label, queue, i - w, next);
        }
        if (y < h - 1) {
          visit(mask, label, queue, i + w, next);
        }
      }
      if (size > bestSize) {
        bestSize = size;
        best = next;
      }
    }
    boolean[] out = new boolean[mask.length];
    for (int i = 0; i < mask.length; i++) {
      out[i] = best != 0 && label[i] == best;
    }
    return out;
  }

  private static void visit(boolean[] mask, int[] label, ArrayDeque<Integer> queue, int i, int id) {
    if (mask[i] && label[i] == 0) {
      label[i] = id;
      queue.add(i);
    }
  }

  /** The mask with every region it encloses (not connected to the image border) filled. */
  static boolean[] fillHoles(boolean[] mask, int w, int h) {
    boolean[] outside = new boolean[mask.length];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int x = 0; x < w; x++) {
      seed(mask, outside, queue, x);
      seed(mask, outside, queue, (h - 1) * w + x);
    }
    for (int y = 0; y < h; y++) {
      seed(mask, outside, queue, y * w);
      seed(mask, outside, queue, y * w + w - 1);
    }
    while (!queue.isEmpty()) {
      int i = queue.poll();
      int x = i % w;
      int y = i / w;
      if (x > 0) {
        seed(mask, outside, queue, i - 1);
      }
      if (x < w - 1) {
        seed(mask, outside, queue, i + 1);
      }
      if (y > 0) {
        seed(mask, outside, queue, i - w);
      }
      if (y < h - 1) {
        seed(mask, outside, queue, i + w);
      }
    }
    boolean[] out = new boolean[mask.length];
    for (int i = 0; i < mask.length; i++) {
      out[i] = !outside[i];
    }
    return out;
  }

  private static void seed(boolean[] mask, boolean[] outside, ArrayDeque<Integer> queue, int i) {
    if (!mask[i] && !outside[i]) {
      outside[i] = true;
      queue.add(i);
    }
  }

  /** The mask shrunk by {@code radius} pixels (a square structuring element, two passes). */
  static boolean[] erode(boolean[] mask, int w, int h, int radius) {
    boolean[] rows = new boolean[mask.length];
    for (int y = 0; y < h; y++) {
      erodeLine(mask, rows, y * w, 1, w, radius);
    }
    boolean[] out = new boolean[mask.length];
    for (int x = 0; x < w; x++) {
      erodeLine(rows, out, x, w, h, radius);
    }
    return out;
  }

  /**
   * One line of {@link #erode}: the {@code n} pixels from {@code start} in steps of {@code step}
   * stay set in {@code out} when more than {@code radius} set pixels run up to them from both
   * sides.
   */
  private static void erodeLine(
      boolean[] in, boolean[] out, int start, int step, int n, int radius) {
    int[] before = new int[n];
    int run = 0;
    for (int k = 0; k < n; k++) {
      run = in[start + k * step] ? run + 1 : 0;
      before[k] = run;
    }
    run = 0;
    for (int k = n - 1; k >= 0; k--) {
      run = in[start + k * step] ? run + 1 : 0;
      out[start + k * step] = before[k] > radius && run > radius;
    }
  }

  /**
   * Variance of the 4-neighbour Laplacian of the green channel over the core of the field of view,
   * after resampling the core's bounding box to {@value #SHARP} pixels across, divided by the
   * variance of the green channel there (so that darkening does not change it).
   */
  static double sharpness(float[] rgb, boolean[] core, int w, int h) {
    Box box = Box.of(core, w, h);
    if (box.x1() < box.x0() + 2 || box.y1() < box.y0() + 2) {
      return 0;
    }
    int bw = box.x1() - box.x0() + 1;
    int bh = box.y1() - box.y0() + 1;
    int[] green = new int[bw * bh];
    boolean[] in = new boolean[bw * bh];
    for (int y = 0; y < bh; y++) {
      for (int x = 0; x < bw; x++) {
        int i = (box.y0() + y) * w + box.x0() + x;
        int g = Math.max(0, Math.min(255, Math.round(rgb[3 * i + 1])));
        green[y * bw + x] = 0xff000000 | (g << 8);
        in[y * bw + x] = core[i];
      }
    }
    int s = SHARP;
    float[] g3 = Resampler.resample(green, bw, bh, 0, 0, bw, bh, s, s);
    return laplacianOverGreenVariance(g3, in, bw, bh);
  }

  /**
   * The bounding box of a mask, inclusive; {@code x1 < x0} when the mask is empty.
   *
   * @param x0 the first column
   * @param y0 the first row
   * @param x1 the last column
   * @param y1 the last row
   */
  private record Box(int x0, int y0, int x1, int y1) {
    static Box of(boolean[] mask, int w, int h) {
      int x0 = w;
      int y0 = h;
      int x1 = -1;
      int y1 = -1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (mask[y * w + x]) {
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x);
            y1 = Math.max(y1, y);
          }
        }
      }
      return new Box(x0, y0, x1, y1);
    }
  }

  /**
   * The variance of the 4-neighbour Laplacian of the green channel of {@code g3} (an RGB image
   * {@value #SHARP} pixels square resampled from a {@code bw x bh} box) over the pixels whose
   * source is in {@code in}, divided by the green channel's variance there; 0 for fewer than 16
   * such pixels or a flat green.
   */
  private static double laplacianOverGreenVariance(float[] g3, boolean[] in, int bw, int bh) {
    int s = SHARP;
    double sumLap = 0;
    double sumLap2 = 0;
    double sumG = 0;
    double sumG2 = 0;
    int count = 0;
    for (int y = 1; y < s - 1; y++) {
      int sy = Math.min(bh - 1, (int) ((y + 0.5) * bh / s));
      for (int x = 1; x < s - 1; x++) {
        int sx = Math.min(bw - 1, (int) ((x + 0.5) * bw / s));
        if (!in[sy * bw + sx]) {
          continue;
        }
        double c = g3[3 * (y * s + x) + 1];
        double lap =
            g3[3 * (y * s + x - 1) + 1]
                + g3[3 * (y * s + x + 1) + 1]
                + g3[3 * ((y - 1) * s + x) + 1]
                + g3[3 * ((y + 1) * s + x) + 1]
                - 4 * c;
        sumLap += lap;
        sumLap2 += lap * lap;
        sumG += c;
        sumG2 += c * c;
        count++;
      }
    }
    if (count < 16) {
      return 0;
    }
    double varLap = sumLap2 / count - Math.pow(sumLap / count, 2);
    double varG = sumG2 / count - Math.pow(sumG / count, 2);
    return varG <= 1e-6 ? 0 : varLap / varG;
  }
}
