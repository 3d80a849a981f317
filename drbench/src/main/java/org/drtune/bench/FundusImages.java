package org.drtune.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes synthetic fundus-like JPEGs: an orange-red disc with a darker rim on a black background, a
 * bright optic disc, a few dark curved "vessels" and mild sensor noise (so the JPEG carries texture
 * like a real photograph). Only the decoding and preprocessing cost matters here, not realism.
 */
final class FundusImages {
  private static final float JPEG_QUALITY = 0.92f;

  private FundusImages() {}

  /**
   * Writes {@code count} JPEGs of {@code width × height} into {@code dir}.
   *
   * @return the files, in order
   */
  static List<Path> write(Path dir, int count, int width, int height, long seed)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path file = dir.resolve(String.format("fundus-%03d.jpg", i));
      writeJpeg(draw(width, height, new SplittableRandom(seed + i)), file);
      files.add(file);
    }
    return files;
  }

  /**
   * Draws one picture: the retina, the optic disc, the vessels, then the noise, taking the vessels'
   * and the noise's randomness from {@code random} in that order.
   */
  static BufferedImage draw(int width, int height, SplittableRandom random) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.fillRect(0, 0, width, height);
      float cx = width / 2f;
      float cy = height / 2f;
      float r = Math.min(width, height) * 0.47f;
      drawRetina(g, cx, cy, r);
      float discX = cx + r * 0.35f;
      drawOpticDisc(g, discX, cy, r * 0.12f);
      drawVessels(g, cx, cy, r, discX, random);
    } finally {
      g.dispose();
    }
    addNoise(img, random);
    return img;
  }

  /** The orange-red disc of radius {@code r}, darker towards its rim. */
  private static void drawRetina(Graphics2D g, float cx, float cy, float r) {
    g.setPaint(
        new RadialGradientPaint(
            cx,
            cy,
            r,
            new float[] {0f, 0.8f, 1f},
            new Color[] {new Color(205, 95, 45), new Color(180, 70, 30), new Color(110, 35, 15)}));
    g.fillOval(Math.round(cx - r), Math.round(cy - r), Math.round(2 * r), Math.round(2 * r));
  }

  /** The bright optic disc of radius {@code discR} at ({@code discX}, {@code cy}). */
  private static void drawOpticDisc(Graphics2D g, float discX, float cy, float discR) {
    g.setPaint(
        new RadialGradientPaint(
            discX,
            cy,
            discR,
            new float[] {0f, 1f},
            new Color[] {new Color(250, 220, 150), new Color(205, 110, 55)}));
    g.fillOval(
        Math.round(discX - discR),
        Math.round(cy - discR),
        Math.round(2 * discR),
        Math.round(2 * discR));
  }

  /** Eight dark curves from the optic disc towards the rim, of random width and direction. */
  private static void drawVessels(
      Graphics2D g, float cx, float cy, float r, float discX, SplittableRandom random) {
    g.setColor(new Color(120, 30, 20));
    for (int v = 0; v < 8; v++) {
      g.setStroke(
          new BasicStroke(Math.max(1f, r * (0.006f + 0.01f * (float) random.nextDouble()))));
      double a = random.nextDouble(0, 2 * Math.PI);
      double b = a + random.nextDouble(-0.6, 0.6);
      g.draw(
          new CubicCurve2D.Double(
              discX,
              cy,
              discX + Math.cos(a) * r * 0.5,
              cy + Math.sin(a) * r * 0.5,
              cx + Math.cos(b) * r * 0.7,
              cy + Math.sin(b) * r * 0.7,
              cx + Math.cos(b) * r * 0.95,
              cy + Math.sin(b) * r * 0.95));
    }
  }

  /** Sensor noise: each non-black pixel's channels moved together by -4 .. +4. */
  private static void addNoise(BufferedImage img, SplittableRandom random) {
    int width = img.getWidth();
    int height = img.getHeight();
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      img.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int p = row[x];
        if ((p & 0xffffff) != 0) {
          int n = random.nextInt(9) - 4;
          row[x] =
              (clamp(((p >> 16) & 0xff) + n) << 16)
                  | (clamp(((p >> 8) & 0xff) + n) << 8)
                  | clamp((p & 0xff) + n);
        }
      }
      img.setRGB(0, y, width, 1, row, 0, width);
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static void writeJpeg(BufferedImage img, Path file) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
  }
}
