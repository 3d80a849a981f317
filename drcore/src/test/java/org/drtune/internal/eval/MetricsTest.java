package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.drtune.eval.BootstrapIntervals;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.OperatingPoint;
import org.drtune.eval.ReferableMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsTest {

  private static final double EPS = 1e-12;

  // Three grades, four cases; grade 2 never occurs in the labels.
  private static final int[] MISSING_CLASS_LABELS = {0, 0, 1, 1};
  private static final float[][] MISSING_CLASS_PROBS = {
    {0.7f, 0.2f, 0.1f},
    {0.4f, 0.4f, 0.2f},
    {0.5f, 0.3f, 0.2f},
    {0.3f, 0.4f, 0.3f},
  };

  @Test
  void accuracyCountsExactMatches() {
    // 0=0 yes, 1 vs 2 no, 2=2 yes, 2 vs 1 no: 2 of 4.
    assertThat(Metrics.accuracy(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1})).isEqualTo(0.5);
  }

  @Test
  void argmaxTakesLowestGradeOnTie() {
    float[][] probs = {{0.1f, 0.6f, 0.3f}, {0.4f, 0.4f, 0.2f}, {0.2f, 0.3f, 0.5f}};
    assertThat(Metrics.argmax(probs)).containsExactly(1, 0, 2);
  }

  @Test
  void confusionMatrixHasTrueRowsAndPredictedColumns() {
    int[][] confusion = Metrics.confusionMatrix(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1}, 3);
    // (0,0) once; true 1 predicted 2 once; true 2 predicted 1 once and 2 once.
    assertThat(confusion).isDeepEqualTo(new int[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 1}});
  }

  static Stream<Arguments> binaryAucTable() {
    return Stream.of(
        // Ties: positives 0.9, 0.5, 0.3; negatives 0.5, 0.1, 0.3.
        // 0.9 beats all three (3); 0.5 ties 0.5, beats 0.1 and 0.3 (2.5); 0.3 beats 0.1, ties 0.3
        // (1.5).
        // (3 + 2.5 + 1.5) / (3 * 3) = 7/9.
        Arguments.of(
            new boolean[] {true, true, false, false, true, false},
            new double[] {0.9, 0.5, 0.5, 0.1, 0.3, 0.3},
            7.0 / 9),
        // Perfect separation.
        Arguments.of(
            new boolean[] {false, false, true, true}, new double[] {0.1, 0.2, 0.8, 0.9}, 1.0),
        // Perfectly wrong.
        Arguments.of(
            new boolean[] {true, true, false, false}, new double[] {0.1, 0.2, 0.8, 0.9}, 0.0),
        // All scores equal: every pair a tie, 1/2.
        Arguments.of(
            new boolean[] {true, false, true, false}, new double[] {0.4, 0.4, 0.4, 0.4}, 0.5),
        // One positive 0.6 vs negatives 0.2, 0.6, 0.8: (1 + 0.5 + 0) / 3 = 0.5.
        Arguments.of(
            new boolean[] {false, true, false, false}, new double[] {0.2, 0.6, 0.6, 0.8}, 0.5));
  }

  @ParameterizedTest
  @MethodSource("binaryAucTable")
  void binaryAucIsMannWhitneyWithHalfTies(boolean[] positives, double[] scores, double expected) {
    assertThat(Metrics.rocAuc(positives, scores)).isCloseTo(expected, within(EPS));
  }

  @Test
  void binaryAucIsNaNWithOneClassOnly() {
    assertThat(Metrics.rocAuc(new boolean[] {true, true}, new double[] {0.1, 0.9})).isNaN();
    assertThat(Metrics.rocAuc(new boolean[] {false, false}, new double[] {0.1, 0.9})).isNaN();
  }

  @Test
  void oneVsRestAucIsNaNForMissingClass() {
    double[] aucs = Metrics.oneVsRestAuc(MISSING_CLASS_LABELS, MISSING_CLASS_PROBS);
    // Grade 0: positives 0.7, 0.4 vs negatives 0.5, 0.3: 0.7 wins 2, 0.4 wins 1 -> 3/4.
    assertThat(aucs[0]).isCloseTo(0.75, within(EPS));
    // Grade 1: positives 0.3, 0.4 vs negatives 0.2, 0.4: 0.3 wins 1, 0.4 wins 1 + tie 0.5 -> 2.5/4.
    assertThat(aucs[1]).isCloseTo(0.625, within(EPS));
    // Grade 2 has no positives.
    assertThat(aucs[2]).isNaN();
  }

  @Test
  void meanAucSkipsMissingClass() {
    // (0.75 + 0.625) / 2, grade 2 skipped.
    assertThat(Metrics.meanOneVsRestAuc(MISSING_CLASS_LABELS, MISSING_CLASS_PROBS))
        .isCloseTo(0.6875, within(EPS));
  }

  @Test
  void meanAucIsNaNWithOneClassOnly() {
    // Grade 1 has no negatives, grades 0 and 2 no positives.
    assertThat(Metrics.meanOneVsRestAuc(new int[] {1, 1, 1, 1}, MISSING_CLASS_PROBS)).isNaN();
  }

  static Stream<Arguments> kappaTable() {
    return Stream.of(
        // Confusion [[1,0,0],[0,0,1],[0,1,1]], W = (i-j)^2/4.
        // Observed: W12*1 + W21*1 = 1/4 + 1/4 = 0.5.
        // Histograms true [1,1,2], predicted [1,1,2], N = 4; expected = sum W r_i c_j / 4
        //   = (1/4)(W01*(1*1+1*1) + W02*(1*2+2*1) + W12*(1*2+2*1)) = (1/4)(0.5 + 4 + 1) = 1.375.
        // kappa = 1 - 0.5/1.375 = 7/11.
        Arguments.of(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1}, 3, 7.0 / 11),
        // Perfect agreement.
        Arguments.of(new int[] {0, 1, 2, 4}, new int[] {0, 1, 2, 4}, 5, 1.0),
        // Two grades swapped: observed 2, expected (1*1 + 1*1)/2 = 1 -> 1 - 2 = -1.
        Arguments.of(new int[] {0, 1}, new int[] {1, 0}, 2, -1.0),
        // One true grade, predictions split: observed 1, expected 2*1/2 = 1 -> 0.
        Arguments.of(new int[] {0, 0}, new int[] {0, 1}, 2, 0.0),
        // K = 5, labels [0,4], predictions [1,4]: W01 = 1/16. Observed 1/16.
        // r = [1,0,0,0,1], c = [0,1,0,0,1], N = 2: expected = (W01*1*1 + W04*1*1 + W41*1*1 +
        // W44*1*1)/2
        //   = (1/16 + 1 + 9/16 + 0)/2 = (26/16)/2 = 13/16; kappa = 1 - (1/16)/(13/16) = 12/13.
        Arguments.of(new int[] {0, 4}, new int[] {1, 4}, 5, 12.0 / 13));
  }

  @ParameterizedTest
  @MethodSource("kappaTable")
  void quadraticWeightedKappaMatchesHandComputation(
      int[] labels, int[] predictions, int k, double expected) {
    assertThat(Metrics.quadraticWeightedKappa(labels, predictions, k))
        .isCloseTo(expected, within(EPS));
  }

  @Test
  void kappaIsNaNWhenExpectedDisagreementIsZero() {
    // Every label and every prediction is grade 1: no chance disagreement to correct for.
    assertThat(Metrics.quadraticWeightedKappa(new int[] {1, 1, 1}, new int[] {1, 1, 1}, 5)).isNaN();
  }

  // Five grades, six cases. Referable scores (grades 2..4 summed):
  //   r0 0.05+0.05+0 = 0.1 (grade 0), r1 0.2+0.1+0 = 0.3 (grade 1), r2 0.4+0.2+0.1 = 0.7 (grade 2),
  //   r3 0.2+0.1+0 = 0.3 (grade 3), r4 0.1+0.3+0.6 = 1.0 (grade 4), r5 0.3+0.2+0.1 = 0.6 (grade 1).
  // Positives (grade >= 2): 0.7, 0.3, 1.0; negatives: 0.1, 0.3, 0.6.
  private static final int[] REF_LABELS = {0, 1, 2, 3, 4, 1};
  private static final float[][] REF_PROBS = {
    {0.8f, 0.1f, 0.05f, 0.05f, 0f},
    {0.3f, 0.4f, 0.2f, 0.1f, 0f},
    {0.1f, 0.2f, 0.4f, 0.2f, 0.1f},
    {0.2f, 0.5f, 0.2f, 0.1f, 0f},
    {0f, 0f, 0.1f, 0.3f, 0.6f},
    {0.1f, 0.3f, 0.3f, 0.2f, 0.1f},
  };

  @Test
  void referableScoresSumHighGrades() {
    assertThat(Metrics.referableScores(REF_PROBS, 2))
        .containsExactly(new double[] {0.1, 0.3, 0.7, 0.3, 1.0, 0.6}, within(1e-6));
    assertThat(Metrics.referableLabels(REF_LABELS, 2))
        .containsExactly(false, false, true, true, true, false);
  }

  @Test
  void referableMetricsMatchHandComputation() {
    ReferableMetrics referable =
        Metrics.referable(REF_LABELS, REF_PROBS, EvaluationOptions.defaults());
    assertThat(referable.positives()).isEqualTo(3);
    assertThat(referable.negatives()).isEqualTo(3);
    // 0.7 beats 0.1, 0.3, 0.6 (3); 0.3 beats 0.1, ties 0.3 (1.5); 1.0 beats all (3): 7.5/9.
    assertThat(referable.auc()).isCloseTo(7.5 / 9, within(EPS));
    // Threshold 0.5 refers 0.7, 1.0 (true) and 0.6 (false): sensitivity 2/3, specificity 2/3.
    assertThat(referable.atThreshold().sensitivity()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(referable.atThreshold().specificity()).isCloseTo(2.0 / 3, within(EPS));
    // Thresholds high to low: 1.0 (1/3, 1), 0.7 (2/3, 1), 0.6 (2/3, 2/3), 0.3 (1, 1/3), 0.1 (1, 0).
    // Sensitivity >= 0.9 first holds at 0.3, with the best specificity there, 1/3.
    OperatingPoint sensitive = referable.atTargetSensitivity();
    assertThat(sensitive.threshold()).isCloseTo(0.3, within(1e-6));
    assertThat(sensitive.sensitivity()).isEqualTo(1.0);
    assertThat(sensitive.specificity()).isCloseTo(1.0 / 3, within(EPS));
    // Specificity >= 0.9 holds down to 0.7, where sensitivity is best, 2/3.
    OperatingPoint specific = referable.atTargetSpecificity();
    assertThat(specific.threshold()).isCloseTo(0.7, within(1e-6));
    assertThat(specific.sensitivity()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(specific.specificity()).isEqualTo(1.0);
  }

  @Test
  void operatingPointAtSpecificityMayReferNobody() {
    // The highest score is a negative: only "refer nobody" (+Infinity) reaches specificity 1.
    OperatingPoint point =
        Metrics.operatingPointAtSpecificity(
            new boolean[] {true, false}, new double[] {0.4, 0.9}, 1.0);
    assertThat(point).isEqualTo(new OperatingPoint(Double.POSITIVE_INFINITY, 0, 1));
  }

  @Test
  void operatingPointTieOnGainPrefersTheOtherRate() {
    // Thresholds: 0.9 -> (sens 1/2, spec 1), 0.8 -> (1, 1), 0.2 -> (1, 1/2).
    // Specificity >= 0.5: best sensitivity 1 at 0.8 and 0.2; the tie goes to the better
    // specificity, 0.8.
    OperatingPoint point =
        Metrics.operatingPointAtSpecificity(
            new boolean[] {true, true, false, false}, new double[] {0.9, 0.8, 0.2, 0.1}, 0.5);
    assertThat(point).isEqualTo(new OperatingPoint(0.8, 1, 1));
  }

  @Test
  void referableIsUndefinedWithoutReferableCases() {
    int[] labels = {0, 1, 1, 0, 1, 0};
    ReferableMetrics referable = Metrics.referable(labels, REF_PROBS, EvaluationOptions.defaults());
    assertThat(referable.positives()).isZero();
    assertThat(referable.auc()).isNaN();
    assertThat(referable.atThreshold().sensitivity()).isNaN();
    // Scores 0.1, 0.3, 0.7, 0.3, 1.0, 0.6: three are below 0.5.
    assertThat(referable.atThreshold().specificity()).isEqualTo(0.5);
    assertThat(referable.atTargetSensitivity()).isEqualTo(OperatingPoint.UNDEFINED);
    assertThat(referable.atTargetSpecificity().defined()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("percentileTable")
  void percentileInterpolatesLinearly(double[] sorted, double p, double expected) {
    assertThat(Metrics.percentile(sorted, p)).isCloseTo(expected, within(EPS));
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
    BootstrapIntervals intervals = Metrics.bootstrap(labels, probs, 200, 7, 0.95);
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
      int[] predictions = Metrics.argmax(p);
      accuracies.add(Metrics.accuracy(l, predictions));
      addIfDefined(aucs, Metrics.meanOneVsRestAuc(l, p));
      addIfDefined(kappas, Metrics.quadraticWeightedKappa(l, predictions, k));
    }
    BootstrapIntervals intervals = Metrics.bootstrap(labels, probs, resamples, seed, 0.9);
    assertThat(intervals.resamples()).isEqualTo(resamples);
    assertInterval(intervals.accuracy(), accuracies, 0.9);
    assertInterval(intervals.meanAuc(), aucs, 0.9);
    assertInterval(intervals.kappa(), kappas, 0.9);
    // The intervals bracket the full-data estimates here.
    int[] predictions = Metrics.argmax(probs);
    assertThat(intervals.accuracy().contains(Metrics.accuracy(labels, predictions))).isTrue();
    assertThat(intervals.meanAuc().contains(Metrics.meanOneVsRestAuc(labels, probs))).isTrue();
    // Same seed, same intervals; another seed, other intervals.
    assertThat(Metrics.bootstrap(labels, probs, resamples, seed, 0.9)).isEqualTo(intervals);
    assertThat(Metrics.bootstrap(labels, probs, resamples, seed + 1, 0.9)).isNotEqualTo(intervals);
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
      double d = Metrics.referable(l, pa, o).auc() - Metrics.referable(l, pb, o).auc();
      addIfDefined(auc, d);
      above += d > 0 ? 1 : 0;
      addIfDefined(
          kappa,
          Metrics.quadraticWeightedKappa(l, Metrics.argmax(pa), 5)
              - Metrics.quadraticWeightedKappa(l, Metrics.argmax(pb), 5));
      acc.add(Metrics.accuracy(l, Metrics.argmax(pa)) - Metrics.accuracy(l, Metrics.argmax(pb)));
    }
    org.drtune.eval.PairedDifference d =
        Metrics.pairedBootstrap(labels, a, b, resamples, seed, 0.95, null, 2, 0.9, 0.9);
    assertInterval(d.referableAucInterval(), auc, 0.95);
    assertInterval(d.kappaInterval(), kappa, 0.95);
    assertInterval(d.accuracyInterval(), acc, 0.95);
    assertThat(d.referableAucAboveShare()).isCloseTo((double) above / auc.size(), within(1e-12));
    assertThat(d.referableAuc())
        .isCloseTo(
            Metrics.referable(labels, a, o).auc() - Metrics.referable(labels, b, o).auc(),
            within(1e-12));
    assertThat(d.cases()).isEqualTo(120);
    assertThat(d.clusters()).isZero();
    // a against itself: no difference at all, in every resample
    org.drtune.eval.PairedDifference same =
        Metrics.pairedBootstrap(labels, a, a, 50, seed, 0.95, null, 2, 0.9, 0.9);
    assertThat(same.referableAuc()).isZero();
    assertThat(same.referableAucInterval()).isEqualTo(new ConfidenceInterval(0, 0));
    assertThat(same.kappaInterval()).isEqualTo(new ConfidenceInterval(0, 0));
    assertThat(same.referableAucAboveShare()).isZero();
    // swapping the two negates the difference and mirrors its interval
    org.drtune.eval.PairedDifference swapped =
        Metrics.pairedBootstrap(labels, b, a, resamples, seed, 0.95, null, 2, 0.9, 0.9);
    assertThat(swapped.referableAuc()).isCloseTo(-d.referableAuc(), within(1e-12));
    assertThat(swapped.referableAucInterval().lower())
        .isCloseTo(-d.referableAucInterval().upper(), within(1e-12));
    assertThatThrownBy(
            () ->
                Metrics.pairedBootstrap(
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
        .isCloseTo(Metrics.percentile(sorted, (1 - level) / 2), within(1e-9));
    assertThat(interval.upper())
        .isCloseTo(Metrics.percentile(sorted, (1 + level) / 2), within(1e-9));
    assertThat(interval.lower()).isLessThan(interval.upper());
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> Metrics.accuracy(new int[] {0, 1}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels has 2 cases but predictions has 1");
    assertThatThrownBy(() -> Metrics.accuracy(new int[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels is empty");
    assertThatThrownBy(
            () -> Metrics.meanOneVsRestAuc(new int[] {0, 1}, new float[][] {{0.5f, 0.5f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels has 2 cases but probabilities has 1 rows");
    assertThatThrownBy(() -> Metrics.rocAuc(new boolean[] {true, false}, new double[] {0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "positives has 2 cases but scores has 1: they must be the same cases");
    assertThatThrownBy(() -> Metrics.rocAuc(new boolean[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scores is empty");
    assertThatThrownBy(() -> Metrics.confusionMatrix(new int[] {0, 3}, new int[] {0, 1}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels[1] is 3, expected a grade in 0..2");
    assertThatThrownBy(() -> Metrics.meanOneVsRestAuc(new int[] {0}, new float[][] {{2.5f, -1f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not logits");
    assertThatThrownBy(() -> Metrics.argmax(new float[][] {{0.5f, 0.6f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sums to");
    assertThatThrownBy(() -> Metrics.argmax(new float[][] {{0.5f, 0.5f}, {1f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probabilities[1] has 1 values, expected 2");
    assertThatThrownBy(() -> Metrics.argmax(new float[][] {{1f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 classes");
    assertThatThrownBy(() -> Metrics.referableScores(REF_PROBS, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minGrade must be in 1..4");
    assertThatThrownBy(() -> Metrics.rocAuc(new boolean[] {true}, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scores[0] is NaN");
    assertThatThrownBy(() -> Metrics.bootstrap(REF_LABELS, REF_PROBS, 0, 1, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resamples must be >= 1");
    assertThatThrownBy(() -> Metrics.quadraticWeightedKappa(new int[][] {{1, 0}, {0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("square");
  }

  /** Random 5-grade labels and probabilities that are informative about the grade. */
  private static Object[] randomCases(int n, long seed) {
    Random r = new Random(seed);
    int[] labels = new int[n];
    float[][] probs = new float[n][5];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(5);
      double sum = 0;
      double[] raw = new double[5];
      for (int c = 0; c < 5; c++) {
        raw[c] = Math.exp(r.nextGaussian() + (c == labels[i] ? 1.2 : 0));
        sum += raw[c];
      }
      for (int c = 0; c < 5; c++) {
        probs[i][c] = (float) (raw[c] / sum);
      }
    }
    return new Object[] {labels, probs};
  }

  @Test
  void weightedTargetPointsEqualTheOperatingPointsOfTheExpandedCases() {
    Object[] cases = randomCases(200, 5);
    int[] labels = (int[]) cases[0];
    float[][] probs = (float[][]) cases[1];
    double[] scores = Metrics.referableScores(probs, 2);
    boolean[] positives = Metrics.referableLabels(labels, 2);
    RankedScores ranked = new RankedScores(scores);
    double[] unit = ranked.targetPoints(positives, null, 0.9, 0.9);
    assertThat(unit[0])
        .isEqualTo(Metrics.operatingPointAtSensitivity(positives, scores, 0.9).specificity());
    assertThat(unit[1])
        .isEqualTo(Metrics.operatingPointAtSpecificity(positives, scores, 0.9).sensitivity());
    // weights = multiplicities: the same as the cases repeated that many times
    int[] weights = new Random(9).ints(200, 0, 4).toArray();
    List<Double> s = new ArrayList<>();
    List<Boolean> p = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      for (int w = 0; w < weights[i]; w++) {
        s.add(scores[i]);
        p.add(positives[i]);
      }
    }
    double[] es = s.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] ep = new boolean[p.size()];
    for (int i = 0; i < ep.length; i++) {
      ep[i] = p.get(i);
    }
    double[] weighted = ranked.targetPoints(positives, weights, 0.8, 0.95);
    assertThat(weighted[0])
        .isCloseTo(Metrics.operatingPointAtSensitivity(ep, es, 0.8).specificity(), within(1e-12));
    assertThat(weighted[1])
        .isCloseTo(Metrics.operatingPointAtSpecificity(ep, es, 0.95).sensitivity(), within(1e-12));
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
    BootstrapIntervals single = Metrics.bootstrap(labels, probs, 300, 7, 0.95, null, 2, 0.9, 0.9);
    BootstrapIntervals clustered =
        Metrics.bootstrap(twinLabels, twinProbs, 300, 7, 0.95, patients, 2, 0.9, 0.9);
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
        Metrics.bootstrap(twinLabels, twinProbs, 300, 7, 0.95, null, 2, 0.9, 0.9);
    double width = clustered.referableAuc().upper() - clustered.referableAuc().lower();
    double naiveWidth = naive.referableAuc().upper() - naive.referableAuc().lower();
    assertThat(naiveWidth).isLessThan(width * 0.85);
    assertThat(single.referableAuc().lower())
        .isLessThan(
            Metrics.rocAuc(Metrics.referableLabels(labels, 2), Metrics.referableScores(probs, 2)));
    assertThatThrownBy(
            () -> Metrics.bootstrap(labels, probs, 10, 7, 0.95, new String[3], 2, 0.9, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 cluster ids for 150 cases");
  }
}
