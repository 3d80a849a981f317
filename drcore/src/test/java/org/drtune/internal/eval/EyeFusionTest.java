package org.drtune.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.drtune.eval.EvaluationOptions;
import org.drtune.grading.PatientNaming;
import org.junit.jupiter.api.Test;

class EyeFusionTest {
  @Test
  void aPhotographTakesItsOtherEyesMeanAtTheWeight() {
    List<String> ids = List.of("1_left", "1_right", "1_right", "2_left", "3");
    float[][] p = {
      {1, 0}, {0, 1}, {0.5f, 0.5f}, {0.2f, 0.8f}, {0.9f, 0.1f},
    };
    float[][] f = EyeFusion.fuse(ids, p, PatientNaming.EYEPACS::identify, 0.4);
    // the left eye meets the mean of the two right photographs (0.25, 0.75)
    assertThat(f[0][0]).isCloseTo(0.6f * 1 + 0.4f * 0.25f, within(1e-6f));
    assertThat(f[0][1]).isCloseTo(0.4f * 0.75f, within(1e-6f));
    // each right photograph meets the left one
    assertThat(f[1][0]).isCloseTo(0.4f, within(1e-6f));
    assertThat(f[2][1]).isCloseTo(0.6f * 0.5f, within(1e-6f));
    // no other eye, or no patient: unchanged
    assertThat(f[3]).containsExactly(0.2f, 0.8f);
    assertThat(f[4]).containsExactly(0.9f, 0.1f);
    assertThat(EyeFusion.fuse(ids, p, PatientNaming.EYEPACS::identify, 0)).isEqualTo(p);
  }

  @Test
  void theChosenWeightUsesTheOtherEyeWhenItIsEvidence() {
    // each patient has one disease state; each eye sees it through its own noise
    Random r = new Random(3);
    List<String> ids = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int patient = 0; patient < 300; patient++) {
      boolean sick = r.nextDouble() < 0.3;
      for (String eye : new String[] {"left", "right"}) {
        double s = Math.max(0.01, Math.min(0.99, (sick ? 0.6 : 0.4) + r.nextGaussian() * 0.25));
        ids.add(patient + "_" + eye);
        rows.add(new float[] {(float) (1 - s), 0, (float) s});
        labels.add(sick ? 2 : 0);
      }
    }
    EyeFusion.Choice c =
        EyeFusion.choose(
            ids,
            labels.stream().mapToInt(Integer::intValue).toArray(),
            rows.toArray(float[][]::new),
            PatientNaming.EYEPACS::identify,
            EvaluationOptions.defaults());
    assertThat(c.weight()).isGreaterThan(0.2);
    assertThat(c.aucFused()).isGreaterThan(c.aucAlone() + 0.02);

    EyeFusion.Choice alone =
        EyeFusion.choose(
            ids,
            labels.stream().mapToInt(Integer::intValue).toArray(),
            rows.toArray(float[][]::new),
            id -> java.util.Optional.empty(),
            EvaluationOptions.defaults());
    assertThat(alone.weight()).isZero();
    assertThat(alone.aucFused()).isEqualTo(alone.aucAlone());
  }
}
