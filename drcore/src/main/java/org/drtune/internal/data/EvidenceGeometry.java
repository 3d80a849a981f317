package org.drtune.internal.data;

/**
 * Puts a map computed on the network's input square back onto the photograph it came from: the
 * inverse of {@link Preprocessor}'s crop, padding and resize, with bilinear interpolation between
 * the centres of the map's cells, and 0 outside the field of view.
 */
public final class EvidenceGeometry {
  private EvidenceGeometry() {}

  /**
   * Samples a square map at every pixel of a photograph.
   *
   * @param grid the map, row-major {@code side × side}, covering the input square
   * @param side its side
   * @param region the photograph's region the input square shows ({@link Preprocessor#inputRegion}:
   *     {@code {x0, y0, width, height}})
   * @param width the photograph's width
   * @param height the photograph's height
   * @param fieldOfView the photograph's field of view ({@link FundusQuality#fieldOfViewMask}), or
   *     null for everywhere
   * @return {@code width × height} values, row-major; 0 outside the region and the field of view
   */
  public static float[] toPhoto(
      float[] grid, int side, double[] region, int width, int height, boolean[] fieldOfView) {
    if (grid.length != side * side) {
      throw new IllegalArgumentException(
          "a " + side + "x" + side + " map needs " + side * side + " values, got " + grid.length);
    }
    int[] x0 = new int[width];
    float[] fx = new float[width];
    boolean[] inX = new boolean[width];
    axis(region[0], region[2], side, x0, fx, inX);
    int[] y0 = new int[height];
    float[] fy = new float[height];
    boolean[] inY = new boolean[height];
    axis(region[1], region[3], side, y0, fy, inY);
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      if (!inY[y]) {
        continue;
      }
      int r0 = y0[y] * side;
      int r1 = Math.min(y0[y] + 1, side - 1) * side;
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        if (!inX[x] || (fieldOfView != null && !fieldOfView[i])) {
          continue;
        }
        int c0 = x0[x];
        int c1 = Math.min(c0 + 1, side - 1);
        float top = grid[r0 + c0] + fx[x] * (grid[r0 + c1] - grid[r0 + c0]);
        float bottom = grid[r1 + c0] + fx[x] * (grid[r1 + c1] - grid[r1 + c0]);
        out[i] = top + fy[y] * (bottom - top);
      }
    }
    return out;
  }

  /**
   * For each pixel along one axis: the map cell at or before it, the weight of the next cell, and
   * whether the pixel lies inside the region at all.
   */
  private static void axis(
      double start, double length, int side, int[] cell, float[] frac, boolean[] inside) {
    for (int p = 0; p < cell.length; p++) {
      double u = (p + 0.5 - start) / length; // 0..1 across the input square
      inside[p] = u >= 0 && u <= 1;
      double g = Math.max(0, Math.min(side - 1, u * side - 0.5));
      cell[p] = Math.min((int) Math.floor(g), side - 1);
      frac[p] = (float) (g - cell[p]);
    }
  }
}
