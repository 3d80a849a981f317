package org.drtune.internal.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test fixtures: synthetic fundus-like images and the shared data folder. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * Draws a fundus-like image: an orange-red disc on black, centred at (cx, cy) with the given
   * radius, with darker vessel-like curves and dots.
   */
  public static BufferedImage fundus(int width, int height, int cx, int cy, int radius, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.fillRect(0, 0, width, height);
      g.setColor(new Color(200, 90, 40));
      g.fillOval(cx - radius, cy - radius, 2 * radius, 2 * radius);
      g.setColor(new Color(240, 200, 120));
      g.fillOval(cx + radius / 4, cy - radius / 10, radius / 5, radius / 5);
      Random random = new Random(seed);
      g.setColor(new Color(120, 30, 20));
      g.setStroke(new BasicStroke(Math.max(1, radius / 60f)));
      for (int i = 0; i < 8; i++) {
        double angle = random.nextDouble() * 2 * Math.PI;
        int x2 = cx + (int) (0.9 * radius * Math.cos(angle));
        int y2 = cy + (int) (0.9 * radius * Math.sin(angle));
        g.drawLine(cx + radius / 3, cy, x2, y2);
      }
      for (int i = 0; i < 12; i++) {
        double angle = random.nextDouble() * 2 * Math.PI;
        double r = random.nextDouble() * 0.8 * radius;
        int dot = Math.max(2, radius / 50);
        g.fillOval(cx + (int) (r * Math.cos(angle)), cy + (int) (r * Math.sin(angle)), dot, dot);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** A fundus centred in a 4:3 frame, as cameras produce. */
  public static BufferedImage fundus(int width, int height, long seed) {
    return fundus(width, height, width / 2, height / 2, (int) (height * 0.46), seed);
  }

  public static byte[] encode(BufferedImage image, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path write(BufferedImage image, String format, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, encode(image, format));
    return file;
  }

  /** An image of one colour. */
  public static BufferedImage solid(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /**
   * Finds the shared data folder: env {@code DRTUNE_MIRROR}, else the first sibling named {@code
   * shared} of the working directory or one of its ancestors.
   */
  public static Optional<Path> sharedFolder() {
    String mirror = System.getenv("DRTUNE_MIRROR");
    if (mirror != null && !mirror.isBlank() && Files.isDirectory(Path.of(mirror))) {
      return Optional.of(Path.of(mirror));
    }
    for (Path a = Path.of("").toAbsolutePath();
        a != null && a.getParent() != null;
        a = a.getParent()) {
      Path candidate = a.resolveSibling("shared");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
