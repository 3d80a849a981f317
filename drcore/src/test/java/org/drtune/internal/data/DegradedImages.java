package org.drtune.internal.data;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The pictures a quality check must refuse: degraded versions of a fundus photograph (darkened,
 * blurred, cropped to a quarter) and generated non-fundus pictures (gradients, textures, noise,
 * text, blank and single-colour images). Used by the tests and by {@link QualityMeasurements}.
 */
public final class DegradedImages {
  private DegradedImages() {}

  /** Every channel multiplied by {@code factor} (above 1: over-exposed, clipped at 255). */
  public static BufferedImage darkened(BufferedImage src, double factor) {
    BufferedImage out =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < src.getHeight(); y++) {
      for (int x = 0; x < src.getWidth(); x++) {
        int p = src.getRGB(x, y);
        int r = (int) Math.min(255, Math.round(((p >> 16) & 0xff) * factor));
        int g = (int) Math.min(255, Math.round(((p >> 8) & 0xff) * factor));
        int b = (int) Math.min(255, Math.round((p & 0xff) * factor));
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /** A Gaussian blur with sigma = {@code fraction} of the image's longer side (two 1-D passes). */
  public static BufferedImage blurred(BufferedImage src, double fraction) {
    double sigma = Math.max(1, fraction * Math.max(src.getWidth(), src.getHeight()));
    int radius = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    BufferedImage rgb = copy(src);
    BufferedImage h =
        new ConvolveOp(new Kernel(k.length, 1, k), ConvolveOp.EDGE_ZERO_FILL, null)
            .filter(rgb, null);
    return new ConvolveOp(new Kernel(1, k.length, k), ConvolveOp.EDGE_ZERO_FILL, null)
        .filter(h, null);
  }

  /** The top-left quarter (half the width, half the height). */
  public static BufferedImage quarter(BufferedImage src) {
    return copy(src.getSubimage(0, 0, src.getWidth() / 2, src.getHeight() / 2));
  }

  private static BufferedImage copy(BufferedImage src) {
    BufferedImage out =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Generated pictures that are not fundus photographs, by name, {@code size} pixels square. */
  public static Map<String, BufferedImage> nonFundus(int size, long seed) {
    Map<String, BufferedImage> m = new LinkedHashMap<>();
    Random r = new Random(seed);
    m.put("black", solid(size, Color.BLACK));
    m.put("white", solid(size, Color.WHITE));
    m.put("grey", solid(size, new Color(128, 128, 128)));
    m.put("red", solid(size, new Color(200, 60, 30)));
    m.put("blue", solid(size, new Color(40, 80, 200)));
    m.put(
        "linear-gradient",
        paint(size, new GradientPaint(0, 0, Color.BLACK, size, size, new Color(230, 120, 60))));
    m.put(
        "radial-gradient",
        paint(
            size,
            new RadialGradientPaint(
                size / 2f,
                size / 2f,
                size / 2f,
                new float[] {0, 1},
                new Color[] {new Color(220, 110, 50), new Color(60, 20, 10)})));
    m.put("noise", noise(size, r, false));
    m.put("colour-noise", noise(size, r, true));
    m.put("checkerboard", checker(size, size / 8));
    m.put("stripes", stripes(size, size / 12));
    m.put("text-dark-on-light", text(size, new Color(245, 240, 230), Color.BLACK));
    m.put("text-light-on-dark", text(size, Color.BLACK, new Color(230, 230, 230)));
    m.put("bright-disc-on-grey", disc(size, new Color(140, 140, 140), new Color(210, 90, 40)));
    return m;
  }

  private static BufferedImage solid(int size, Color c) {
    BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = b.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, size, size);
    g.dispose();
    return b;
  }

  private static BufferedImage paint(int size, java.awt.Paint p) {
    BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = b.createGraphics();
    g.setPaint(p);
    g.fillRect(0, 0, size, size);
    g.dispose();
    return b;
  }

  private static BufferedImage noise(int size, Random r, boolean colour) {
    BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int v = r.nextInt(256);
        int rgb = colour ? r.nextInt(1 << 24) : (v << 16) | (v << 8) | v;
        b.setRGB(x, y, rgb);
      }
    }
    return b;
  }

  private static BufferedImage checker(int size, int cell) {
    BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        b.setRGB(x, y, ((x / cell + y / cell) % 2 == 0) ? 0xd05020 : 0x101010);
      }
    }
    return b;
  }

  private static BufferedImage stripes(int size, int width) {
    BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        b.setRGB(x, y, ((x / width) % 2 == 0) ? 0xc8643c : 0x281008);
      }
    }
    return b;
  }

  private static BufferedImage text(int size, Color background, Color ink) {
    BufferedImage b = solid(size, background);
    Graphics2D g = b.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(ink);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, size / 10)));
    for (int line = 1; line <= 8; line++) {
      g.drawString("Fundus photo " + line + " retina", size / 20, line * size / 9);
    }
    g.dispose();
    return b;
  }

  private static BufferedImage disc(int size, Color background, Color disc) {
    BufferedImage b = solid(size, background);
    Graphics2D g = b.createGraphics();
    g.setColor(disc);
    g.fillOval(size / 8, size / 8, size * 3 / 4, size * 3 / 4);
    g.dispose();
    return b;
  }
}
