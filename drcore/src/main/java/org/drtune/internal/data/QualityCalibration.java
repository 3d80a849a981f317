package org.drtune.internal.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.drtune.ImageLoadException;
import org.drtune.grading.QualityMeasures;
import org.drtune.grading.QualityThresholds;

/**
 * Calibrates the quality limits that depend on the camera and resolution to a training set: the
 * default limits loosened to half the {@value #PERCENTILE} quantile of the training photographs'
 * shorter side, brightness, sharpness and contrast (see {@link QualityThresholds#calibratedTo}),
 * measured on a seeded sample of at most {@value #SAMPLE} photographs.
 */
public final class QualityCalibration {
  /**
   * The quantile of the training photographs' values the limits are loosened to half of. The 0.02
   * quantile, not the 0.005 it was: a set with ungradable photographs in it (the raw 1024-px
   * EyePACS set: about 1 % nearly black or hazy) loosened the limits to accept those, and then 17 %
   * of its photographs darkened ×0.1 and 15 % blurred passed (docs/RESULTS.md, section 6).
   */
  public static final double PERCENTILE = 0.02;

  /** Photographs measured. */
  public static final int SAMPLE = 500;

  private QualityCalibration() {}

  /** The calibrated limits; the defaults when no photograph of the sample can be read. */
  public static QualityThresholds calibrate(FundusDataset train, long seed) {
    int n = train.size();
    int[] order = IntStream.range(0, n).toArray();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int m = Math.min(SAMPLE, n);
    QualityMeasures[] measured = new QualityMeasures[m];
    IntStream.range(0, m)
        .parallel()
        .forEach(
            k -> {
              try {
                measured[k] = FundusQuality.measure(train.load(order[k]));
              } catch (ImageLoadException e) {
                measured[k] = null; // unreadable: training reports it
              }
            });
    QualityMeasures[] ok =
        Arrays.stream(measured).filter(q -> q != null).toArray(QualityMeasures[]::new);
    if (ok.length == 0) {
      return QualityThresholds.defaults();
    }
    return QualityThresholds.defaults()
        .calibratedTo(
            low(Arrays.stream(ok).mapToDouble(q -> Math.min(q.width(), q.height())).toArray()),
            low(Arrays.stream(ok).mapToDouble(QualityMeasures::brightness).toArray()),
            low(Arrays.stream(ok).mapToDouble(QualityMeasures::sharpness).toArray()),
            low(Arrays.stream(ok).mapToDouble(QualityMeasures::contrast).toArray()));
  }

  private static double low(double[] v) {
    double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (s.length == 0) {
      return Double.POSITIVE_INFINITY;
    }
    return s[(int) Math.floor(PERCENTILE * (s.length - 1))];
  }

  /**
   * The photographs of {@code data} that pass {@code limits}; every other one is added to {@code
   * refused} with its reason (unreadable ones stay, for the loader to report).
   */
  public static FundusDataset gradable(
      FundusDataset data,
      QualityThresholds limits,
      java.util.List<org.drtune.grading.SkippedImage> refused) {
    String[] reasons = new String[data.size()];
    IntStream.range(0, data.size())
        .parallel()
        .forEach(
            i -> {
              try {
                reasons[i] =
                    limits.check(FundusQuality.measure(data.load(i))).map(r -> r.id()).orElse(null);
              } catch (ImageLoadException e) {
                reasons[i] = null;
              }
            });
    int[] keep = IntStream.range(0, data.size()).filter(i -> reasons[i] == null).toArray();
    for (int i = 0; i < data.size(); i++) {
      if (reasons[i] != null) {
        refused.add(new org.drtune.grading.SkippedImage(data.id(i), "ungradable: " + reasons[i]));
      }
    }
    return keep.length == data.size() ? data : data.subset(keep);
  }
}
