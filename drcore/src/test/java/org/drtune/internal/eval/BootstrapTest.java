package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.drtune.internal.eval.GradedCases.EPS;
import static org.drtune.internal.eval.GradedCases.randomCases;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.drtune.eval.BootstrapIntervals;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.EvaluationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Bootstrap}: percentiles, case and cluster bootstrap, the paired bootstrap. */
class BootstrapTest {

  @ParameterizedTest
  @MethodSource("percentileTable")
  void percentileInterpolatesLinearly(double[] sorted, double p, double expected) {
    assertThat(Bootstrap.percentile(sorted, p)).isCloseTo(expected, within(EPS));
  }

  static Stream<Arguments> percentileTable() {
    double[] five = {1, 2, 3, 4, 5};
    return Stream.of(
        Arguments.of(five, 0.025, 1.1), // h = 4 * 0.025 = 0.1: 1 + 0.1 * (2 - 1)
        Arguments.of(five, 0.975, 4.9), // h = 3.9: 4 + 0.9 * (5 - 4)
        Arguments.of(five, 0.5, 3.0), // h = 2
        Arguments.of(five, 0.0, 1.0),
        Arguments.of(five, 1.0, 5.0),
        Arguments.of(new double[] {7}, 0.3, 7.0));
  }

  @Test
  void bootstrapOfPerfectPredictionsIsAPoint() {
    // Two grades, every case predicted right with a margin: every resample has accuracy 1.
    int[] labels = {0, 1, 0, 1, 0, 1};
    float[][] probs = {
      {0.9f, 0.1f}, {0.2f, 0.8f}, {0.7f, 0.3f}, {0.1f, 0.9f}, {0.6f, 0.4f}, {0.3f, 0.7f}
    };
    BootstrapIntervals intervals = Bootstrap.bootstrap(labels, probs, 200, 7, 0.95);
    assertThat(intervals.accuracy()).isEqualTo(new ConfidenceInterval(1, 1));
    // AUC and kappa are 1 whenever defined (resamples with one grade only are dropped).
    assertThat(intervals.meanAuc()).isEqualTo(new ConfidenceInterval(1, 1));
    assertThat(intervals.kappa()).isEqualTo(new ConfidenceInterval(1, 1));
  }

  @Test
  void bootstrapMatchesNaiveResampling() {
    // A reference bootstrap that materialises every resample and calls the plain metrics, with the
    // documented
    // draw order: one Random(seed), n calls of nextInt(n) per resample.
    Random data = new Random(1);
    int n = 60;
    int k = 5;
    int[] labels = new int[n];
    float[][] probs = new float[n][k];
    for (int i = 0; i < n; i++) {
      labels[i] = data.nextInt(k);
      float sum = 0;
      for (int c = 0; c < k; c++) {
        // Coarse values so that ties occur.
        probs[i][c] = 1 + data.nextInt(4) + (c == labels[i] ? data.nextInt(3) : 0);
        sum += probs[i][c];
      }
      for (int c = 0; c < k; c++) {
        probs[i][c] /= sum;
      }
    }
    int resamples = 300;
    long seed = 99;
    Random random = new Random(seed);
    List<Double> accuracies = new ArrayList<>();
    List<Double> aucs = new ArrayList<>();
    List<Double> kappas = new ArrayList<>();
    for (int b = 0; b < resamples; b++) {
      int[] l = new int[n];
      float[][] p = new float[n][];
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        l[i] = labels[j];
        p[i] = probs[j];
      }
      int[] predictions = Agreement.argmax(p);
      accuracies.add(Agreement.accuracy(l, predictions));
      addIfDefined(aucs, Ranking.meanOneVsRestAuc(l, p));
      addIfDefined(kappas, Agreement.quadraticWeightedKappa(l, predictions, k));
    }
    BootstrapIntervals intervals = Bootstrap.bootstrap(labels, probs, resamples, seed, 0.9);
    assertThat(intervals.resamples()).isEqualTo(resamples);
    assertInterval(intervals.accuracy(), accuracies, 0.9);
    assertInterval(intervals.meanAuc(), aucs, 0.9);
    assertInterval(intervals.kappa(), kappas, 0.9);
    // The intervals bracket the full-data estimates here.
    int[] predictions = Agreement.argmax(probs);
    assertThat(intervals.accuracy().contains(Agreement.accuracy(labels, predictions))).isTrue();
    assertThat(intervals.meanAuc().contains(Ranking.meanOneVsRestAuc(labels, probs))).isTrue();
    // Same seed, same intervals; another seed, other intervals.
    assertThat(Bootstrap.bootstrap(labels, probs, resamples, seed, 0.9)).isEqualTo(intervals);
    assertThat(Bootstrap.bootstrap(labels, probs, resamples, seed + 1, 0.9))
        .isNotEqualTo(intervals);
  }

  @Test
  void pairedBootstrapMatchesNaivePairedResampling() {
    // The reference: materialise each resample (the same draw order as bootstrap), compute both
    // models' plain metrics on it and take the difference.
    Object[] ca = randomCases(120, 21);
    int[] labels = (int[]) ca[0];
    float[][] a = (float[][]) ca[1];
    float[][] b = new float[a.length][];
    Random noise = new Random(5);
    for (int i = 0; i < a.length; i++) {
      // b: a blurred towards uniform, with some rows scrambled: a worse ranker of the same cases
      b[i] = new float[5];
      for (int c = 0; c < 5; c++) {
        b[i][c] = 0.5f * a[i][c] + 0.1f;
      }
      if (noise.nextInt(3) == 0) {
        float t = b[i][0];
        b[i][0] = b[i][4];
        b[i][4] = t;
      }
    }
    int resamples = 200;
    long seed = 3;
    Random random = new Random(seed);
    List<Double> auc = new ArrayList<>();
    List<Double> kappa = new ArrayList<>();
    List<Double> acc = new ArrayList<>();
    int above = 0;
    EvaluationOptions o = EvaluationOptions.defaults();
    for (int r = 0; r < resamples; r++) {
      int[] l = new int[labels.length];
      float[][] pa = new float[labels.length][];
      float[][] pb = new float[labels.length][];
      for (int i = 0; i < labels.length; i++) {
        int j = random.nextInt(labels.length);
        l[i] = labels[j];
        pa[i] = a[j];
        pb[i] = b[j];
      }
      double d =
          OperatingPoints.referable(l, pa, o).auc() - OperatingPoints.referable(l, pb, o).auc();
      addIfDefined(auc, d);
      above += d > 0 ? 1 : 0;
      addIfDefined(
          kappa,
          Agreement.quadraticWeightedKappa(l, Agreement.argmax(pa), 5)
              - Agreement.quadraticWeightedKappa(l, Agreement.argmax(pb), 5));
      acc.add(
          Agreement.accuracy(l, Agreement.argmax(pa))
              - Agreement.accuracy(l, Agreement.argmax(pb)));
    }
    org.drtune.eval.PairedDifference d =
        Bootstrap.pairedBootstrap(labels, a, b, resamples, seed, 0.95, null, 2, 0.9, 0.9);
    assertInterval(d.referableAucInterval(), auc, 0.95);
    assertInterval(d.kappaInterval(), kappa, 0.95);
    assertInterval(d.accuracyInterval(), acc, 0.95);
    assertThat(d.referableAucAboveShare()).isCloseTo((double) above / auc.size(), within(1e-12));
    assertThat(d.referableAuc())
        .isCloseTo(
            OperatingPoints.referable(labels, a, o).auc()
                - OperatingPoints.referable(labels, b, o).auc(),
            within(1e-12));
    assertThat(d.cases()).isEqualTo(120);
    assertThat(d.clusters()).isZero();
    // a against itself: no difference at all, in every resample
    org.drtune.eval.PairedDifference same =
        Bootstrap.pairedBootstrap(labels, a, a, 50, seed, 0.95, null, 2, 0.9, 0.9);
    assertThat(same.referableAuc()).isZero();
    assertThat(same.referableAucInterval()).isEqualTo(new ConfidenceInterval(0, 0));
    assertThat(same.kappaInterval()).isEqualTo(new ConfidenceInterval(0, 0));
    assertThat(same.referableAucAboveShare()).isZero();
    // swapping the two negates the difference and mirrors its interval
    org.drtune.eval.PairedDifference swapped =
        Bootstrap.pairedBootstrap(labels, b, a, resamples, seed, 0.95, null, 2, 0.9, 0.9);
    assertThat(swapped.referableAuc()).isCloseTo(-d.referableAuc(), within(1e-12));
    assertThat(swapped.referableAucInterval().lower())
        .isCloseTo(-d.referableAucInterval().upper(), within(1e-12));
    assertThatThrownBy(
            () ->
                Bootstrap.pairedBootstrap(
                    labels, a, java.util.Arrays.copyOf(b, 10), 10, 1, 0.95, null, 2, 0.9, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void addIfDefined(List<Double> values, double value) {
    if (!Double.isNaN(value)) {
      values.add(value);
    }
  }

  private static void assertInterval(
      ConfidenceInterval interval, List<Double> values, double level) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(interval.lower())
        .isCloseTo(Bootstrap.percentile(sorted, (1 - level) / 2), within(1e-9));
    assertThat(interval.upper())
        .isCloseTo(Bootstrap.percentile(sorted, (1 + level) / 2), within(1e-9));
    assertThat(interval.lower()).isLessThan(interval.upper());
  }

  @Test
  void aPatientLevelBootstrapOfTwinEyesEqualsTheCaseBootstrapOfOneEyeEach() {
    Object[] cases = randomCases(150, 11);
    int[] labels = (int[]) cases[0];
    float[][] probs = (float[][]) cases[1];
    int[] twinLabels = new int[300];
    float[][] twinProbs = new float[300][];
    String[] patients = new String[300];
    for (int i = 0; i < 150; i++) {
      twinLabels[2 * i] = labels[i];
      twinLabels[2 * i + 1] = labels[i];
      twinProbs[2 * i] = probs[i];
      twinProbs[2 * i + 1] = probs[i];
      patients[2 * i] = "p" + i;
      patients[2 * i + 1] = "p" + i;
    }
    BootstrapIntervals single = Bootstrap.bootstrap(labels, probs, 300, 7, 0.95, null, 2, 0.9, 0.9);
    BootstrapIntervals clustered =
        Bootstrap.bootstrap(twinLabels, twinProbs, 300, 7, 0.95, patients, 2, 0.9, 0.9);
    // the same draws of patients: every ratio metric is identical
    assertThat(clustered.referableAuc()).isEqualTo(single.referableAuc());
    assertThat(clustered.kappa()).isEqualTo(single.kappa());
    assertThat(clustered.specificityAtTargetSensitivity())
        .isEqualTo(single.specificityAtTargetSensitivity());
    assertThat(clustered.sensitivityAtTargetSpecificity())
        .isEqualTo(single.sensitivityAtTargetSpecificity());
    assertThat(clustered.clusters()).isEqualTo(150);
    assertThat(single.clusters()).isZero();
    // resampling the eyes as if independent pretends to twice the data: narrower, too optimistic
    BootstrapIntervals naive =
        Bootstrap.bootstrap(twinLabels, twinProbs, 300, 7, 0.95, null, 2, 0.9, 0.9);
    double width = clustered.referableAuc().upper() - clustered.referableAuc().lower();
    double naiveWidth = naive.referableAuc().upper() - naive.referableAuc().lower();
    assertThat(naiveWidth).isLessThan(width * 0.85);
    assertThat(single.referableAuc().lower())
        .isLessThan(
            Ranking.rocAuc(
                OperatingPoints.referableLabels(labels, 2),
                OperatingPoints.referableScores(probs, 2)));
    assertThatThrownBy(
            () -> Bootstrap.bootstrap(labels, probs, 10, 7, 0.95, new String[3], 2, 0.9, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 cluster ids for 150 cases");
  }
}
