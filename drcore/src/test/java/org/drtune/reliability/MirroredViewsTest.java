package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.drtune.grading.DrClassifier;
import org.drtune.internal.data.Fixtures;
import org.drtune.internal.data.Rotation;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained with {@code mirrors} records it in its card, and test-time augmentation then
 * averages all eight views of a photograph: the classifier's TTA probabilities are the mean of its
 * plain probabilities of the photograph mirrored and rotated eight ways, not of the four rotations.
 */
class MirroredViewsTest {
  private static final int SIZE = 32;

  @Test
  void ttaOfAMirroredModelIsTheMeanOfTheEightViews(@TempDir Path tmp) throws IOException {
    Path npz = TinyModels.data(tmp.resolve("tiny.npz"));
    Path run = tmp.resolve("run");
    FineTuneJob.run(
        TinyModels.request(npz, run, 1)
            .withTraining(TinyModels.config(1).toBuilder().mirrors(true).build()),
        TrainingListener.NONE);
    BufferedImage photo = Fixtures.fundus(SIZE, SIZE, 7);
    double[] tta;
    try (DrClassifier c = DrClassifier.load(run)) {
      assertThat(c.modelCard().training().mirrors()).isTrue();
      assertThat(c.options().testTimeAugmentation()).isTrue();
      tta = probabilities(c.classify(photo).probabilities());
    }
    double[] eight = new double[tta.length];
    double[] four = new double[tta.length];
    try (DrClassifier plain =
        DrClassifier.load(run, DrClassifier.Options.defaults().withTestTimeAugmentation(false))) {
      for (Rotation v : Rotation.views(true)) {
        double[] p = probabilities(plain.classify(view(photo, v)).probabilities());
        for (int c = 0; c < p.length; c++) {
          eight[c] += p[c] / 8;
          four[c] += v.mirrored() ? 0 : p[c] / 4;
        }
      }
    }
    double apart = 0;
    for (int c = 0; c < tta.length; c++) {
      assertThat(tta[c]).as("class %d", c).isCloseTo(eight[c], within(2e-5));
      apart = Math.max(apart, Math.abs(eight[c] - four[c]));
    }
    // the mirrored views changed the mean: the four rotations alone give another answer
    assertThat(apart).isGreaterThan(1e-4);
  }

  private static double[] probabilities(List<Double> p) {
    return p.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static BufferedImage view(BufferedImage image, Rotation v) {
    int[] argb = image.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
    BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, SIZE, SIZE, v.apply(argb, SIZE), 0, SIZE);
    return out;
  }
}
