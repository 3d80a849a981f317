package org.drtune.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.drtune.eval.EvaluationOptions;
import org.drtune.grading.PatientNaming;
import org.drtune.internal.eval.EyeFusion;
import org.drtune.internal.eval.OperatingPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatientSummaryTest {

  /**
   * Two folds of 150 patients each, both eyes photographed: a patient's eyes share their grade (0
   * or 2, one eye of a referable patient sometimes 0) and each photograph's referable probability
   * is the truth plus its own noise, so the other eye is evidence about this one.
   */
  private static List<CrossValidation.FoldPredictions> twinEyes(List<String> ids) {
    Random r = new Random(11);
    List<CrossValidation.FoldPredictions> folds = new ArrayList<>();
    for (int fold = 0; fold < 2; fold++) {
      int n = 300;
      int[] labels = new int[n];
      float[][] probs = new float[n][];
      List<String> foldIds = new ArrayList<>();
      for (int p = 0; p < n / 2; p++) {
        boolean sick = r.nextInt(10) < 3;
        for (int e = 0; e < 2; e++) {
          int i = 2 * p + e;
          labels[i] = sick && (e == 0 || r.nextInt(5) > 0) ? 2 : 0;
          float s = sick ? 0.6f : 0.4f;
          float q = Math.min(0.98f, Math.max(0.02f, s + (float) r.nextGaussian() * 0.25f));
          probs[i] = new float[] {1 - q, 0, q, 0, 0};
          foldIds.add((fold * 1000 + p) + (e == 0 ? "_left" : "_right"));
        }
      }
      ids.addAll(foldIds);
      int offset = fold * n;
      folds.add(
          new CrossValidation.FoldPredictions(
              fold, IntStream.range(offset, offset + n).toArray(), labels, probs, probs, foldIds));
    }
    return folds;
  }

  @Test
  void theOtherEyeHelpsAndEachFoldsWeightIsChosenOnTheOtherFold(@TempDir Path dir)
      throws Exception {
    List<String> ids = new ArrayList<>();
    List<CrossValidation.FoldPredictions> folds = twinEyes(ids);
    HeldOutResults.write(dir, "twins", folds);

    PatientSummary s = PatientSummary.of(dir, "twins", true, PatientNaming.EYEPACS).orElseThrow();

    assertThat(s.photographs()).isEqualTo(600);
    assertThat(s.patients()).isEqualTo(300);
    EvaluationOptions eo = Experiments.options(5).withBootstrapResamples(0);
    for (int f = 0; f < 2; f++) {
      CrossValidation.FoldPredictions other = folds.get(1 - f);
      double chosen =
          EyeFusion.choose(
                  other.ids(), other.labels(), other.tta(), PatientNaming.EYEPACS::identify, eo)
              .weight();
      assertThat(s.foldWeights().get(f)).isEqualTo(chosen).isPositive();
    }
    assertThat(s.photographsAlone().referable().auc())
        .isCloseTo(
            Experiments.summarize(dir, "twins", true).pooled().referable().auc(), within(1e-12));
    assertThat(s.photographsFused().referable().auc())
        .isGreaterThan(s.photographsAlone().referable().auc());
    assertThat(s.photographsGain().referableAucInterval().lower()).isPositive();
    assertThat(s.photographsGain().clusters()).isEqualTo(300);
    // per patient: the worse eye's grade against the higher eye's probability
    int[] worse = new int[300];
    float[][] higher = new float[300][];
    int k = 0;
    for (CrossValidation.FoldPredictions f : folds) {
      for (int i = 0; i < f.labels().length; i += 2, k++) {
        worse[k] = Math.max(f.labels()[i], f.labels()[i + 1]);
        higher[k] = f.tta()[i][2] >= f.tta()[i + 1][2] ? f.tta()[i] : f.tta()[i + 1];
      }
    }
    assertThat(s.patientsAlone().referable().auc())
        .isCloseTo(OperatingPoints.referable(worse, higher, eo).auc(), within(1e-9));
    assertThat(s.patientsGain().referableAuc())
        .isCloseTo(
            s.patientsFused().referable().auc() - s.patientsAlone().referable().auc(),
            within(1e-9));
  }

  @Test
  void idsThatNameNoEyeGiveNoPatientSummary(@TempDir Path dir) throws Exception {
    HeldOutResults.write(
        dir,
        "anonymous",
        List.of(
            new CrossValidation.FoldPredictions(
                0,
                new int[] {0, 1},
                new int[] {0, 2},
                new float[][] {{1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}},
                new float[][] {{1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}},
                List.of("a", "b"))));
    assertThat(PatientSummary.of(dir, "anonymous", true, PatientNaming.EYEPACS)).isEmpty();
    // a naming that finds patients but no eyes cannot fuse them either
    assertThat(PatientSummary.of(dir, "anonymous", true, PatientNaming.of("(?<patient>[a-z])")))
        .isEmpty();
  }
}
