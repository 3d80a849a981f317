package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import org.drtune.grading.QualityMeasures;

/**
 * Measures what the quality check decides on ({@link QualityMeasures}): the field of view (the
 * largest bright region on a dark surround, by an Otsu threshold of the brightest channel), a
 * circle fitted to its edge, exposure, contrast, redness and a contrast-free sharpness. Pure Java,
 * no TensorFlow; about a millisecond for a 256-pixel photograph.
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

  /** Measures one decoded photograph. */
  public static QualityMeasures measure(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    double scale = Math.min(1.0, (double) WORK / Math.max(width, height));
    int w = Math.max(1, (int) Math.round(width * scale));
    int h = Math.max(1, (int) Math.round(height * scale));
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    float[] rgb = Resampler.resample(argb, width, height, 0, 0, width, height, w, h);
    int n = w * h;
    float[] value = new float[n];
    for (int i = 0; i < n; i++) {
      value[i] = Math.max(rgb[3 * i], Math.max(rgb[3 * i + 1], rgb[3 * i + 2]));
    }
    // halfway below Otsu's split: the vignetted rim of the field of view belongs to it
    boolean[] mask =
        fillHoles(largestComponent(threshold(value, Math.max(6, otsu(value) / 2)), w, h), w, h);
    int area = 0;
    for (boolean b : mask) {
      area += b ? 1 : 0;
    }
    double fieldOfView = (double) area / n;
    double[] circle = area == 0 ? null : fitCircle(mask, w, h);
    double cx = circle == null ? w / 2.0 : circle[0];
    double cy = circle == null ? h / 2.0 : circle[1];
    double r = circle == null ? 0 : circle[2];
    double fit = circle == null ? Double.NaN : circle[3];
    // circle against the image and the mask
    int inCircle = 0;
    int maskInCircle = 0;
    double surroundSum = 0;
    int surroundCount = 0;
    double insideSum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        boolean inside = r > 0 && dx * dx + dy * dy <= r * r;
        if (inside) {
          inCircle++;
          maskInCircle += mask[i] ? 1 : 0;
          insideSum += value[i];
        } else {
          surroundSum += value[i];
          surroundCount++;
        }
      }
    }
    double circleArea = Math.PI * r * r;
    double circleInside = circleArea == 0 ? 0 : Math.min(1, inCircle / circleArea);
    double fill = inCircle == 0 ? 0 : (double) maskInCircle / inCircle;
    double insideMean = inCircle == 0 ? 0 : insideSum / inCircle;
    double surround =
        surroundCount < Math.max(8, n / 200) || insideMean == 0
            ? Double.NaN
            : (surroundSum / surroundCount) / insideMean;
    // statistics in the field of view, away from its rim
    boolean[] core = erode(mask, w, h, Math.max(1, (int) Math.round(0.03 * Math.max(r, 1))));
    double sumL = 0;
    double sumL2 = 0;
    double sumR = 0;
    double sumG = 0;
    double sumB = 0;
    int saturated = 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
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
      // the green channel carries a fundus' detail; a saturated red channel is common and harmless
      saturated += green >= 250 ? 1 : 0;
      count++;
    }
    double brightness = count == 0 ? 0 : sumL / count;
    double variance = count == 0 ? 0 : Math.max(0, sumL2 / count - brightness * brightness);
    double contrast = brightness <= 0 ? 0 : Math.sqrt(variance) / brightness;
    double colour = sumR + sumG + sumB;
    double redness = colour <= 0 ? 0 : sumR / colour;
    double sharpness = count == 0 ? 0 : sharpness(rgb, core, w, h);
    return new QualityMeasures(
        width,
        height,
        fieldOfView,
        fit,
        r / Math.max(w, h),
        circleInside,
        fill,
        surround,
        brightness,
        contrast,
        count == 0 ? 0 : (double) saturated / count,
        redness,
        sharpness,
        cornerContact(mask, w, h),
        Double.NaN);
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

  /**
   * Fits a circle to the mask's edge pixels that are not on the image border (Kåsa's algebraic
   * least squares): {cx, cy, r, RMS distance of the edge from the circle / r}; null with fewer than
   * 8 such pixels.
   */
  static double[] fitCircle(boolean[] mask, int w, int h) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    double sxz = 0;
    double syz = 0;
    double sz = 0;
    int m = 0;
    int[] xs = new int[mask.length];
    int[] ys = new int[mask.length];
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        if (mask[i] && (!mask[i - 1] || !mask[i + 1] || !mask[i - w] || !mask[i + w])) {
          double px = x + 0.5;
          double py = y + 0.5;
          double z = px * px + py * py;
          sx += px;
          sy += py;
          sxx += px * px;
          syy += py * py;
          sxy += px * py;
          sxz += px * z;
          syz += py * z;
          sz += z;
          xs[m] = x;
          ys[m] = y;
          m++;
        }
      }
    }
    if (m < 8) {
      return null;
    }
    // x^2 + y^2 + D x + E y + F = 0: normal equations of the least squares in D, E, F
    double[][] a = {{sxx, sxy, sx}, {sxy, syy, sy}, {sx, sy, m}};
    double[] b = {-sxz, -syz, -sz};
    double[] def = solve3(a, b);
    if (def == null) {
      return null;
    }
    double cx = -def[0] / 2;
    double cy = -def[1] / 2;
    double r2 = cx * cx + cy * cy - def[2];
    if (!(r2 > 0)) {
      return null;
    }
    double r = Math.sqrt(r2);
    double ss = 0;
    for (int k = 0; k < m; k++) {
      double d = Math.hypot(xs[k] + 0.5 - cx, ys[k] + 0.5 - cy) - r;
      ss += d * d;
    }
    return new double[] {cx, cy, r, Math.sqrt(ss / m) / r};
  }

  private static double[] solve3(double[][] a, double[] b) {
    double det = det3(a);
    if (Math.abs(det) < 1e-12) {
      return null;
    }
    double[] x = new double[3];
    for (int c = 0; c < 3; c++) {
      double[][] m = {a[0].clone(), a[1].clone(), a[2].clone()};
      for (int r = 0; r < 3; r++) {
        m[r][c] = b[r];
      }
      x[c] = det3(m) / det;
    }
    return x;
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
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
    int x0 = w;
    int y0 = h;
    int x1 = -1;
    int y1 = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (core[y * w + x]) {
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
        }
      }
    }
    if (x1 < x0 + 2 || y1 < y0 + 2) {
      return 0;
    }
    int bw = x1 - x0 + 1;
    int bh = y1 - y0 + 1;
    int[] green = new int[bw * bh];
    boolean[] in = new boolean[bw * bh];
    for (int y = 0; y < bh; y++) {
      for (int x = 0; x < bw; x++) {
        int i = (y0 + y) * w + x0 + x;
        int g = Math.max(0, Math.min(255, Math.round(rgb[3 * i + 1])));
        green[y * bw + x] = 0xff000000 | (g << 8);
        in[y * bw + x] = core[i];
      }
    }
    int s = SHARP;
    float[] g3 = Resampler.resample(green, bw, bh, 0, 0, bw, bh, s, s);
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
