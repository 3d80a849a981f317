package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.drtune.TinyBackbone;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.FundusQuality;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.internal.data.MedMnistNpzTest;
import org.drtune.internal.data.Rotation;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DrClassifier#explain}: the class activation map of the referable log-odds, on a real
 * TensorFlow ensemble of two small models trained here (the generated inception5h-like backbone, 32
 * px) to tell fundus-like thumbnails with a bright spot somewhere in the disc (grade 2, referable)
 * from those without (grade 0). The spot's place is random, so a map that points at it must come
 * from the features, not from a fixed place.
 */
class EvidenceMapTest {
  static final int SIDE = 28;
  @TempDir static Path tmp;
  static Path ensemble;
  static List<BufferedImage> referable = new ArrayList<>();
  static List<BufferedImage> all = new ArrayList<>();

  @BeforeAll
  static void trainOnSpots() throws IOException {
    Path npz = spots(tmp.resolve("spots.npz"), 240, 60, 7);
    TrainingConfig cfg =
        TrainingConfig.builder()
            .numClasses(2)
            .inputSize(32)
            .batchSize(16)
            .epochs(6)
            .patience(0)
            .learningRate(0.01)
            .cutLayer("mixed3b")
            .seed(3)
            .build();
    FineTuneJob.run(
        TinyBackbone.request(npz, tmp.resolve("run")).withTraining(cfg).withEnsembleMembers(2),
        TrainingListener.NONE);
    ensemble = tmp.resolve("run/model");
    FundusDataset val = MedMnistNpz.read(npz, 5).split("val");
    for (int i = 0; i < val.size(); i++) {
      all.add(val.load(i));
      if (val.label(i) == 2) {
        referable.add(val.load(i));
      }
    }
  }

  /** Thumbnails: a reddish disc on black; grade 2 (odd i) has a 5×5 yellow spot inside it. */
  static Path spots(Path file, int nTrain, int nVal, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    for (String split : new String[] {"train", "val"}) {
      int n = split.equals("train") ? nTrain : nVal;
      byte[] pixels = new byte[n * SIDE * SIDE * 3];
      byte[] labels = new byte[n];
      for (int i = 0; i < n; i++) {
        boolean spot = i % 2 == 1;
        labels[i] = (byte) (spot ? 2 : 0);
        double angle = rnd.nextDouble() * 2 * Math.PI;
        double radius = rnd.nextDouble() * 7;
        int sx = (int) Math.round(13.5 + radius * Math.cos(angle)) - 2;
        int sy = (int) Math.round(13.5 + radius * Math.sin(angle)) - 2;
        for (int y = 0; y < SIDE; y++) {
          for (int x = 0; x < SIDE; x++) {
            boolean disc = (x - 13.5) * (x - 13.5) + (y - 13.5) * (y - 13.5) <= 13 * 13;
            boolean inSpot = spot && x >= sx && x < sx + 5 && y >= sy && y < sy + 5;
            int[] rgb =
                !disc
                    ? new int[] {rnd.nextInt(4), rnd.nextInt(4), rnd.nextInt(4)}
                    : inSpot
                        ? new int[] {240, 220, 90}
                        : new int[] {
                          150 + rnd.nextInt(30), 70 + rnd.nextInt(30), 35 + rnd.nextInt(30)
                        };
            for (int ch = 0; ch < 3; ch++) {
              pixels[((i * SIDE + y) * SIDE + x) * 3 + ch] = (byte) rgb[ch];
            }
          }
        }
      }
      String shape = "(" + n + ", " + SIDE + ", " + SIDE + ", 3)";
      arrays.put(split + "_images.npy", MedMnistNpzTest.npy(1, "|u1", shape, pixels));
      arrays.put(split + "_labels.npy", MedMnistNpzTest.npy(1, "|u1", "(" + n + ", 1)", labels));
    }
    return MedMnistNpzTest.npz(file, arrays, false);
  }

  @Test
  void theMapOfARotatedPhotographIsTheRotatedMap() throws IOException {
    try (DrClassifier c = DrClassifier.load(ensemble)) {
      double worst = 0;
      for (BufferedImage im : referable.subList(0, 5)) {
        EvidenceMap map = c.explain(im);
        EvidenceMap turned = c.explain(rotate(im, Rotation.R90));
        float[] expected = Rotation.R90.apply(map.values(), SIDE, 1);
        worst = Math.max(worst, maxDifference(turned.values(), expected) / range(map));
        assertThat(turned.result().referableProbability())
            .isCloseTo(map.result().referableProbability(), within(1e-5));
      }
      System.out.printf(
          "rotated photograph vs rotated map: worst |difference| / range %.2e%n", worst);
      // the four rotations of test-time augmentation are closed under rotation: equal up to the
      // order of float sums
      assertThat(worst).isLessThan(1e-4);
    }
  }

  @Test
  void theTtaMapIsTheMeanOfTheViewsMapsTurnedBack() throws IOException {
    try (DrClassifier tta = DrClassifier.load(ensemble);
        DrClassifier single =
            DrClassifier.load(
                ensemble, DrClassifier.Options.defaults().withTestTimeAugmentation(false))) {
      BufferedImage im = referable.get(0);
      EvidenceMap map = tta.explain(im);
      assertThat(map.views()).isEqualTo(4);
      float[] mean = new float[SIDE * SIDE];
      double p = 0;
      for (Rotation r : Rotation.rotations()) {
        EvidenceMap view = single.explain(rotate(im, r));
        assertThat(view.views()).isEqualTo(1);
        float[] back = r.inverse().apply(view.values(), SIDE, 1);
        for (int i = 0; i < mean.length; i++) {
          mean[i] += back[i] / 4;
        }
        p += view.result().referableProbability() / 4;
      }
      double diff = maxDifference(map.values(), mean) / range(map);
      System.out.printf("TTA map vs mean of views turned back: |difference| / range %.2e%n", diff);
      assertThat(diff).isLessThan(1e-4);
      assertThat(map.result().referableProbability()).isCloseTo(p, within(1e-5));
      // the views differ (a CNN is not rotation-invariant), so the test compares something
      EvidenceMap r0 = single.explain(im);
      assertThat(maxDifference(r0.values(), map.values()) / range(map)).isGreaterThan(1e-3);
    }
  }

  @Test
  void anEnsemblesMapIsTheMeanOfItsMembersMaps() throws IOException {
    BufferedImage im = referable.get(1);
    try (DrClassifier both = DrClassifier.load(ensemble);
        DrClassifier m1 = DrClassifier.load(ensemble.resolve("member-1"));
        DrClassifier m2 = DrClassifier.load(ensemble.resolve("member-2"))) {
      EvidenceMap map = both.explain(im);
      float[] a = m1.explain(im).values();
      float[] b = m2.explain(im).values();
      float[] mean = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        mean[i] = (a[i] + b[i]) / 2;
      }
      assertThat(map.members()).isEqualTo(2);
      assertThat(maxDifference(a, b) / range(map)).isGreaterThan(1e-3);
      assertThat(maxDifference(map.values(), mean) / range(map)).isLessThan(1e-4);
      assertThat(map.result().referableProbability())
          .isCloseTo(both.classify(im).referableProbability(), within(1e-5));
    }
  }

  @Test
  void theMapIsZeroOutsideTheFieldOfViewAndExplainsWhatClassifyGives() throws IOException {
    try (DrClassifier c = DrClassifier.load(ensemble)) {
      BufferedImage im = referable.get(2);
      EvidenceMap map = c.explain(im);
      boolean[] fov = FundusQuality.fieldOfViewMask(im);
      int outside = 0;
      for (int i = 0; i < fov.length; i++) {
        if (!fov[i]) {
          outside++;
          assertThat(map.values()[i]).isZero();
        }
      }
      assertThat(outside).isGreaterThan(50);
      assertThat(map.width()).isEqualTo(SIDE);
      assertThat(map.featureNode()).startsWith("mixed3b");
      assertThat(map.gridSize()).isEqualTo(8);
      DrResult r = c.classify(im);
      assertThat(map.result().referableProbability())
          .isCloseTo(r.referableProbability(), within(1e-5));
      float[] shown = map.normalized();
      for (float v : shown) {
        assertThat(v).isBetween(0f, 1f);
      }
      assertThat(shown).contains(1f);
    }
  }

  /**
   * Greying the 10 % of the field of view where the map is highest lowers the referable probability
   * more than greying 10 % around a random place, averaged over the referable validation
   * photographs and 10 random places each.
   */
  @Test
  void greyingTheHighestRegionLowersTheReferableProbabilityMoreThanARandomOne() throws IOException {
    SplittableRandom rnd = new SplittableRandom(11);
    double top = 0;
    double random = 0;
    int topWins = 0;
    try (DrClassifier c = DrClassifier.load(ensemble)) {
      for (BufferedImage im : referable) {
        EvidenceMap map = c.explain(im);
        double p = map.result().referableProbability();
        boolean[] fov = FundusQuality.fieldOfViewMask(im);
        int k = (int) Math.round(0.1 * count(fov));
        double dropTop =
            p - c.classify(grey(im, highest(map.values(), fov, k), fov)).referableProbability();
        double dropRandom = 0;
        for (int t = 0; t < 10; t++) {
          dropRandom +=
              (p - c.classify(grey(im, around(fov, k, rnd), fov)).referableProbability()) / 10;
        }
        top += dropTop / referable.size();
        random += dropRandom / referable.size();
        topWins += dropTop > dropRandom ? 1 : 0;
      }
    }
    System.out.printf(
        "greying 10%% of the field of view, %d referable photographs: mean drop in referable"
            + " probability %.3f at the map's top, %.3f at random places; top larger in %d%n",
        referable.size(), top, random, topWins);
    assertThat(top).isGreaterThan(random).isGreaterThan(0.05);
    assertThat(topWins).isGreaterThan(referable.size() * 3 / 4);
  }

  static BufferedImage rotate(BufferedImage im, Rotation r) {
    int[] px = im.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE);
    BufferedImage out = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, SIDE, SIDE, r.apply(px, SIDE), 0, SIDE);
    return out;
  }

  static double maxDifference(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double range(EvidenceMap map) {
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (float v : map.values()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return Math.max(1e-6, hi - lo);
  }

  static int count(boolean[] mask) {
    int n = 0;
    for (boolean b : mask) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** The {@code k} field-of-view pixels with the highest values. */
  static boolean[] highest(float[] values, boolean[] fov, int k) {
    List<Integer> in = new ArrayList<>();
    for (int i = 0; i < fov.length; i++) {
      if (fov[i]) {
        in.add(i);
      }
    }
    in.sort((a, b) -> Float.compare(values[b], values[a]));
    boolean[] region = new boolean[fov.length];
    in.subList(0, k).forEach(i -> region[i] = true);
    return region;
  }

  /** The {@code k} field-of-view pixels nearest to a random field-of-view pixel. */
  static boolean[] around(boolean[] fov, int k, SplittableRandom rnd) {
    List<Integer> in = new ArrayList<>();
    for (int i = 0; i < fov.length; i++) {
      if (fov[i]) {
        in.add(i);
      }
    }
    int centre = in.get(rnd.nextInt(in.size()));
    int cx = centre % SIDE;
    int cy = centre / SIDE;
    in.sort(
        (a, b) ->
            Integer.compare(
                (a % SIDE - cx) * (a % SIDE - cx) + (a / SIDE - cy) * (a / SIDE - cy),
                (b % SIDE - cx) * (b % SIDE - cx) + (b / SIDE - cy) * (b / SIDE - cy)));
    boolean[] region = new boolean[fov.length];
    in.subList(0, k).forEach(i -> region[i] = true);
    return region;
  }

  /** {@code im} with the region painted in the mean colour of its field of view. */
  static BufferedImage grey(BufferedImage im, boolean[] region, boolean[] fov) {
    int[] px = im.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE);
    long[] sum = new long[3];
    int n = 0;
    for (int i = 0; i < px.length; i++) {
      if (fov[i]) {
        sum[0] += (px[i] >> 16) & 0xff;
        sum[1] += (px[i] >> 8) & 0xff;
        sum[2] += px[i] & 0xff;
        n++;
      }
    }
    int mean = (int) (sum[0] / n) << 16 | (int) (sum[1] / n) << 8 | (int) (sum[2] / n);
    for (int i = 0; i < px.length; i++) {
      if (region[i]) {
        px[i] = mean;
      }
    }
    BufferedImage out = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, SIDE, SIDE, px, 0, SIDE);
    return out;
  }
}
