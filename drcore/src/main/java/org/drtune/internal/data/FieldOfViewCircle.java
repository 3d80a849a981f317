package org.drtune.internal.data;

/**
 * The circle fitted to the edge of a field of view (Kåsa's algebraic least squares), and how it
 * sits against the image and the field-of-view mask: the circle part of {@link FundusQuality}'s
 * measures. All lengths are in pixels of the working copy.
 *
 * @param r the radius, 0 when no circle was fitted
 * @param fit the RMS distance of the edge from the circle / r, NaN when no circle was fitted
 * @param inside the share of the circle's area inside the image
 * @param fill the share of the pixels in the circle that are in the mask
 * @param surround the mean brightness outside the circle over that inside, NaN when too few pixels
 *     lie outside or the inside is black
 */
record FieldOfViewCircle(double r, double fit, double inside, double fill, double surround) {

  /**
   * Fits the circle to {@code mask} (not when it is empty) and measures it against the image.
   *
   * @param mask the field of view, {@code w x h}
   * @param area the number of pixels set in {@code mask}
   * @param value the brightest channel of each pixel
   */
  static FieldOfViewCircle of(boolean[] mask, int area, float[] value, int w, int h) {
    double[] circle = area == 0 ? null : fitCircle(mask, w, h);
    double cx = circle == null ? w / 2.0 : circle[0];
    double cy = circle == null ? h / 2.0 : circle[1];
    double r = circle == null ? 0 : circle[2];
    double fit = circle == null ? Double.NaN : circle[3];
    int n = w * h;
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
    return new FieldOfViewCircle(r, fit, circleInside, fill, surround);
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
}
