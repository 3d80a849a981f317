package org.drtune.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.EvidenceMap;

/**
 * Whether the evidence map explains (issue 27): on the referable photographs of a labelled folder,
 * greying out the given share of the field of view where the map is highest lowers the referable
 * probability more than greying out a random region of the same size and smoothness (the top share
 * of a random field on the same grid, upsampled like the map). Prints, per share, the mean drop of
 * each and their paired difference with a bootstrap interval over photographs.
 *
 * <pre>
 * java -cp drtune-bench.jar:lib/* org.drtune.bench.EvidenceFaithfulness MODEL LABELS.csv IMAGES [N]
 * </pre>
 *
 * <p>LABELS.csv is EyePACS' {@code image,level}; IMAGES holds {@code NAME.jpeg}; N limits the
 * photographs (all by default). Three random regions per photograph and share, seeded.
 */
public final class EvidenceFaithfulness {
  private static final double[] SHARES = {0.05, 0.10, 0.20};
  private static final int RANDOM_REGIONS = 3;
  private static final int GREY = 0x808080;

  private EvidenceFaithfulness() {}

  /** Runs the measurement; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: EvidenceFaithfulness MODEL LABELS.csv IMAGES [N]");
      System.exit(2);
    }
    List<Path> photos = referable(Path.of(args[1]), Path.of(args[2]));
    if (args.length > 3) {
      photos = photos.subList(0, Math.min(photos.size(), Integer.parseInt(args[3])));
    }
    double[][] top = new double[SHARES.length][photos.size()];
    double[][] random = new double[SHARES.length][photos.size()];
    SplittableRandom rng = new SplittableRandom(27);
    try (DrClassifier classifier = DrClassifier.load(Path.of(args[0]))) {
      for (int i = 0; i < photos.size(); i++) {
        measure(classifier, photos.get(i), rng, top, random, i);
      }
    }
    System.out.printf(Locale.ROOT, "%d referable photographs%n", photos.size());
    for (int s = 0; s < SHARES.length; s++) {
      report(SHARES[s], top[s], random[s]);
    }
  }

  /** The photographs of grade 2 or more, in the labels' order. */
  static List<Path> referable(Path labels, Path images) throws IOException {
    List<Path> photos = new ArrayList<>();
    for (String line : Files.readAllLines(labels)) {
      String[] f = line.split(",");
      if (f.length == 2 && f[1].trim().matches("[0-9]+") && Integer.parseInt(f[1].trim()) >= 2) {
        Path photo = images.resolve(f[0].trim() + ".jpeg");
        if (Files.isRegularFile(photo)) {
          photos.add(photo);
        }
      }
    }
    return photos;
  }

  private static void measure(
      DrClassifier classifier,
      Path photo,
      SplittableRandom rng,
      double[][] top,
      double[][] random,
      int i)
      throws IOException {
    BufferedImage image = ImageIO.read(photo.toFile());
    EvidenceMap map = classifier.explain(image);
    if (map.result().ungradable() != null) {
      for (int s = 0; s < SHARES.length; s++) {
        top[s][i] = Double.NaN;
        random[s][i] = Double.NaN;
      }
      return;
    }
    double p = map.result().referableProbability();
    float[] values = map.values();
    for (int s = 0; s < SHARES.length; s++) {
      top[s][i] = p - greyed(classifier, image, highest(values, values, SHARES[s]));
      double sum = 0;
      for (int r = 0; r < RANDOM_REGIONS; r++) {
        float[] field = randomField(map.width(), map.height(), map.gridSize(), rng);
        sum += p - greyed(classifier, image, highest(field, values, SHARES[s]));
      }
      random[s][i] = sum / RANDOM_REGIONS;
    }
  }

  /**
   * The pixels inside the field of view (where the map is not 0) whose {@code score} is in the top
   * {@code share} of them.
   */
  static boolean[] highest(float[] score, float[] map, double share) {
    int inside = 0;
    for (float v : map) {
      inside += v != 0 ? 1 : 0;
    }
    float[] sorted = new float[inside];
    int k = 0;
    for (int j = 0; j < map.length; j++) {
      if (map[j] != 0) {
        sorted[k++] = score[j];
      }
    }
    java.util.Arrays.sort(sorted);
    float cut = sorted[Math.max(0, inside - (int) Math.round(share * inside))];
    boolean[] mask = new boolean[map.length];
    for (int j = 0; j < map.length; j++) {
      mask[j] = map[j] != 0 && score[j] >= cut;
    }
    return mask;
  }

  /** A random field on a {@code grid × grid} lattice, upsampled bilinearly to the photograph. */
  static float[] randomField(int width, int height, int grid, SplittableRandom rng) {
    float[] cells = new float[grid * grid];
    for (int c = 0; c < cells.length; c++) {
      cells[c] = (float) rng.nextDouble();
    }
    float[] field = new float[width * height];
    for (int y = 0; y < height; y++) {
      double gy = Math.min(Math.max((y + 0.5) * grid / height - 0.5, 0), grid - 1.0);
      int y0 = (int) Math.min(Math.floor(gy), grid - 2.0);
      double fy = gy - Math.max(y0, 0);
      for (int x = 0; x < width; x++) {
        double gx = Math.min(Math.max((x + 0.5) * grid / width - 0.5, 0), grid - 1.0);
        int x0 = (int) Math.min(Math.floor(gx), grid - 2.0);
        double fx = gx - Math.max(x0, 0);
        int a = Math.max(y0, 0) * grid + Math.max(x0, 0);
        double top = cells[a] * (1 - fx) + cells[a + 1] * fx;
        double bottom = cells[a + grid] * (1 - fx) + cells[a + grid + 1] * fx;
        field[y * width + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return field;
  }

  private static double greyed(DrClassifier classifier, BufferedImage image, boolean[] mask) {
    BufferedImage copy =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    copy.getGraphics().drawImage(image, 0, 0, null);
    for (int j = 0; j < mask.length; j++) {
      if (mask[j]) {
        copy.setRGB(j % image.getWidth(), j / image.getWidth(), GREY);
      }
    }
    return classifier.classify(copy).referableProbability();
  }

  private static void report(double share, double[] top, double[] random) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < top.length; i++) {
      if (!Double.isNaN(top[i])) {
        pairs.add(new double[] {top[i], random[i]});
      }
    }
    double[] diff = pairs.stream().mapToDouble(d -> d[0] - d[1]).toArray();
    double[] ci = bootstrap(diff, 2000, new SplittableRandom(1));
    long wins = pairs.stream().filter(d -> d[0] > d[1]).count();
    System.out.printf(
        Locale.ROOT,
        "%2.0f %% of the field of view: mean drop top %.4f, random %.4f, paired difference %.4f"
            + " [%.4f, %.4f], top larger in %d of %d%n",
        share * 100,
        pairs.stream().mapToDouble(d -> d[0]).average().orElse(Double.NaN),
        pairs.stream().mapToDouble(d -> d[1]).average().orElse(Double.NaN),
        mean(diff),
        ci[0],
        ci[1],
        wins,
        pairs.size());
  }

  /** The 2.5th and 97.5th percentiles of the mean over {@code resamples} resamples. */
  static double[] bootstrap(double[] values, int resamples, SplittableRandom rng) {
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[rng.nextInt(values.length)];
      }
      means[r] = sum / values.length;
    }
    java.util.Arrays.sort(means);
    return new double[] {means[(int) (0.025 * resamples)], means[(int) (0.975 * resamples) - 1]};
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }
}
