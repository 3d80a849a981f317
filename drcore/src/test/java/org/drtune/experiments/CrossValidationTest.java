package org.drtune.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.drtune.internal.data.DrawnDataset;
import org.drtune.internal.eval.Agreement;
import org.drtune.internal.eval.OperatingPoints;
import org.drtune.training.BackboneRef;
import org.junit.jupiter.api.Test;

/**
 * Fold assignment and ensembles of cross-validated settings (pure Java: no model is trained here).
 */
class CrossValidationTest {
  private static final BackboneRef BVLC = BackboneRef.bvlcGoogLeNet();

  @Test
  void foldsAreStratifiedDisjointAndSeeded() {
    int[] labels = new int[103];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
    }
    int[] folds = CrossValidation.assignFolds(labels, 5, 2024);
    assertThat(CrossValidation.assignFolds(labels, 5, 2024)).isEqualTo(folds);
    assertThat(CrossValidation.assignFolds(labels, 5, 7)).isNotEqualTo(folds);
    for (int c = 0; c < 3; c++) {
      int[] perFold = new int[5];
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          perFold[folds[i]]++;
        }
      }
      int min = Arrays.stream(perFold).min().orElseThrow();
      int max = Arrays.stream(perFold).max().orElseThrow();
      assertThat(max - min)
          .as("class %d per fold %s", c, Arrays.toString(perFold))
          .isLessThanOrEqualTo(1);
    }
    assertThatThrownBy(() -> CrossValidation.assignFolds(labels, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void patientLevelFoldsKeepBothEyesTogetherAndStratifyByTheWorseEye() {
    int patients = 60;
    String[] groups = new String[2 * patients];
    int[] labels = new int[2 * patients];
    for (int p = 0; p < patients; p++) {
      groups[2 * p] = "p" + p;
      groups[2 * p + 1] = "p" + p;
      labels[2 * p] = p % 4 == 0 ? 2 : 0; // one eye referable in a quarter of the patients
      labels[2 * p + 1] = 0;
    }
    int[] folds = CrossValidation.assignFolds(groups, labels, 5, 2024);
    assertThat(CrossValidation.assignFolds(groups, labels, 5, 2024)).isEqualTo(folds);
    int[] referablePatients = new int[5];
    int[] perFold = new int[5];
    for (int p = 0; p < patients; p++) {
      assertThat(folds[2 * p + 1]).as("patient %d", p).isEqualTo(folds[2 * p]);
      perFold[folds[2 * p]]++;
      if (labels[2 * p] == 2) {
        referablePatients[folds[2 * p]]++;
      }
    }
    assertThat(referablePatients).containsOnly(3);
    assertThat(perFold).containsOnly(12);
    assertThatThrownBy(
            () -> CrossValidation.assignFolds(new String[] {"a", "a", "a"}, new int[3], 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("number of groups (1)");
  }

  @Test
  void experimentsFindEyePacsPatientsOnlyWhenEveryIdHasOne() {
    assertThat(Experiments.patients(DrawnDataset.ids("0_left", "0_right", "17_left")))
        .containsExactly("0", "0", "17");
    assertThat(Experiments.patients(DrawnDataset.ids("0_left", "train/3"))).isNull();
  }

  /**
   * Two members that are each right on a different half: their mean is right wherever one is
   * confident.
   */
  @Test
  void anEnsembleAveragesTheMembersHeldOutProbabilities() {
    int[] held = {0, 3, 5, 8};
    int[] labels = {0, 1, 0, 1};
    float[][] a = {{0.9f, 0.1f}, {0.6f, 0.4f}, {0.45f, 0.55f}, {0.2f, 0.8f}};
    float[][] b = {{0.4f, 0.6f}, {0.1f, 0.9f}, {0.8f, 0.2f}, {0.6f, 0.4f}};
    var memberA = List.of(new CrossValidation.FoldPredictions(0, held, labels, a, a, null));
    var memberB = List.of(new CrossValidation.FoldPredictions(0, held, labels, b, b, null));
    CrossValidation.SettingResult r =
        CrossValidation.ensemble(
            "ab", List.of(memberA, memberB), List.of(new double[] {10}, new double[] {20}));

    float[][] mean = r.folds().get(0).predictions().plain();
    for (int i = 0; i < held.length; i++) {
      for (int c = 0; c < 2; c++) {
        assertThat(mean[i][c]).isCloseTo((a[i][c] + b[i][c]) / 2, within(1e-6f));
      }
    }
    // members alone: 2/4 right each; the mean: (0.65,0.35) (0.35,0.65) (0.625,0.375) (0.4,0.6) ->
    // 4/4
    assertThat(Agreement.accuracy(labels, Agreement.argmax(a))).isEqualTo(0.5);
    assertThat(Agreement.accuracy(labels, Agreement.argmax(b))).isEqualTo(0.5);
    assertThat(r.mean().accuracy()).isEqualTo(1.0);
    assertThat(r.folds().get(0).seconds()).isEqualTo(30);
    assertThat(r.setting()).isNull();
  }

  @Test
  void membersRunOnOtherFoldsAreRefused() {
    float[][] p = {{0.5f, 0.5f}, {0.5f, 0.5f}};
    var one =
        List.of(
            new CrossValidation.FoldPredictions(0, new int[] {1, 2}, new int[] {0, 1}, p, p, null));
    var other =
        List.of(
            new CrossValidation.FoldPredictions(0, new int[] {1, 3}, new int[] {0, 1}, p, p, null));
    List<double[]> secs = List.of(new double[] {1}, new double[] {1});
    assertThatThrownBy(() -> CrossValidation.ensemble("x", List.of(one, other), secs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("held out other images")
        .hasMessageContaining("--fold-seed");
    assertThatThrownBy(() -> CrossValidation.ensemble("x", List.of(one), secs.subList(0, 1)))
        .hasMessageContaining("at least two members");
    assertThatThrownBy(
            () ->
                new CrossValidation.FoldPredictions(0, new int[] {1}, new int[] {0, 1}, p, p, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSubsampleKeepsWholePatientsAndTheGradeMix() {
    int n = 400;
    String[] groups = new String[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      groups[i] = "p" + (i / 2); // two eyes per patient
      labels[i] = i % 10 < 7 ? 0 : (i % 10 < 9 ? 2 : 4); // 70 % / 20 % / 10 %
    }
    int[] candidates = java.util.stream.IntStream.range(0, n).filter(i -> i % 5 != 0).toArray();
    int[] kept = CrossValidation.subsample(candidates, groups, labels, 100, 7);
    assertThat(kept.length).isBetween(100, 106); // at most one patient over per class
    assertThat(kept).isSorted();
    java.util.Set<Integer> allowed = new java.util.HashSet<>();
    Arrays.stream(candidates).forEach(allowed::add);
    java.util.Set<String> patients = new java.util.HashSet<>();
    for (int i : kept) {
      assertThat(allowed).contains(i);
      patients.add(groups[i]);
    }
    // whole patients: every candidate eye of a kept patient is kept
    long eyes = Arrays.stream(candidates).filter(i -> patients.contains(groups[i])).count();
    assertThat(kept.length).isEqualTo((int) eyes);
    // the grade mix of the candidates, within a patient per class
    long grade0 = Arrays.stream(kept).filter(i -> labels[i] == 0).count();
    assertThat((double) grade0 / kept.length).isCloseTo(0.7, within(0.08));
    assertThat(CrossValidation.subsample(candidates, groups, labels, 100, 7)).isEqualTo(kept);
    assertThat(CrossValidation.subsample(candidates, groups, labels, 100, 8)).isNotEqualTo(kept);
    assertThat(CrossValidation.subsample(candidates, null, labels, 1000, 7)).isEqualTo(candidates);
    assertThatThrownBy(() -> CrossValidation.subsample(candidates, groups, labels, 0, 7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CrossValidation.Setting.parse("lc:size=112,train=300", BVLC).trainImages())
        .isEqualTo(300);
    assertThat(CrossValidation.Setting.parse("all:size=112", BVLC).trainImages()).isZero();
    assertThatThrownBy(() -> CrossValidation.Setting.parse("lc:train=0", BVLC))
        .hasMessageContaining("train=N needs N >= 1");
  }

  @Test
  void aComparisonPairsTheImagesBothSettingsHeldOut(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    HeldOutResults.Written w = HeldOutResults.writeGoodAndPoor(dir);
    int n = w.labels().length;
    int[] held = w.held();
    int[] labels = w.labels();
    float[][] poor = w.poor();
    List<String> ids = w.ids();
    Experiments.Comparison c = Experiments.compare(dir, "good", "poor", true);
    assertThat(c.images()).isEqualTo(n);
    assertThat(c.patients()).isEqualTo(n / 2);
    assertThat(c.difference().clusters()).isEqualTo(n / 2);
    double aucGood = Experiments.summarize(dir, "good", true).pooled().referable().auc();
    assertThat(c.difference().referableAuc())
        .isCloseTo(
            aucGood
                - OperatingPoints.referable(
                        labels, poor, org.drtune.eval.EvaluationOptions.defaults())
                    .auc(),
            within(1e-9));
    assertThat(c.difference().referableAuc()).isPositive();
    assertThat(c.difference().referableAucInterval().lower()).isPositive();
    assertThat(c.difference().referableAucAboveShare()).isGreaterThan(0.95);
    assertThatThrownBy(() -> Experiments.compare(dir, "good", "missing", true))
        .hasMessageContaining("does not exist");
    int[] other = labels.clone();
    other[0] = other[0] == 0 ? 2 : 0;
    HeldOutResults.write(
        dir,
        "relabelled",
        List.of(new CrossValidation.FoldPredictions(0, held, other, poor, poor, ids)));
    assertThatThrownBy(() -> Experiments.compare(dir, "good", "relabelled", true))
        .hasMessageContaining("disagree on the grade");
  }
}
