package org.drtune.training;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.drtune.ImageLoadException;
import org.drtune.Precision;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.data.FundusDataset;
import org.drtune.model.Preprocessing;

/**
 * The named fine-tuning recipes, chosen by cross-validation (docs/RESULTS.md), and the choice among
 * them for a dataset. {@code drtune train} and {@link FineTuneJob#run} without explicit settings
 * both run {@link #forData(Path)}.
 */
public final class Recipes {
  private Recipes() {}

  /**
   * Models in the default ensembles: three seeds, steadier and better in cross-validation than one
   * model.
   */
  public static final int ENSEMBLE_MEMBERS = 3;

  /**
   * The thumbnail recipe, the best of the cross-validated settings on RetinaMNIST's 28×28
   * photographs (docs/RESULTS.md, table 3, {@code e12}): the frozen prefix (conv1, conv2), 112×112
   * input, Adam at 1e-4 with the new head at 10×, decay 0.9 per epoch, L2 1e-4, dropout 0.4, random
   * 90° rotations, up to 12 epochs with early stopping (patience 3) on the validation loss, an
   * ensemble of {@value #ENSEMBLE_MEMBERS} seeds; border crop, pad to square, BGR minus the
   * ImageNet mean; bfloat16 where the CPU has it (cross-validated against fp32 on RetinaMNIST:
   * referable AUC −0.000 [−0.004, +0.003], 1.42× faster; drbench/README.md).
   */
  public static Recipe thumbnails() {
    TrainingConfig t =
        TrainingConfig.builder()
            .strategy(Strategy.FROZEN_PREFIX)
            .inputSize(112)
            .epochs(12)
            .optimizer(OptimizerKind.ADAM)
            .learningRate(1e-4)
            .headLrMultiplier(10)
            .lrDecay(0.9)
            .patience(3)
            .precision(Precision.BF16)
            .build();
    return new Recipe(
        "thumbnails",
        "the cross-validated recipe of RetinaMNIST's 28-px photographs "
            + "(docs/RESULTS.md, table 3)",
        t,
        Preprocessing.defaults(),
        ENSEMBLE_MEMBERS);
  }

  /** Photographs whose median shorter side is below this are thumbnails. */
  public static final int THUMBNAIL_MAX_SIDE = 64;

  /** Photographs looked at to tell thumbnails from photographs. */
  static final int SAMPLE = 16;

  /**
   * The recipe for fundus photographs (EyePACS-like, 256 px and more), chosen by patient-level
   * cross-validation on 6,742 EyePACS photographs and checked on 758 raw photographs of other
   * patients (docs/RESULTS.md, section 7): the ImageNet GoogLeNet frozen up to inception_3b with
   * that part's output cached once per photograph and rotation (float16), inception_4a to 5b and
   * the new head trained at 224×224 with Adam at 3e-4 (head 10×), decay 0.9, up to 8 epochs with
   * early stopping (patience 3), bfloat16 where the CPU has it; each channel's histogram equalized
   * after the resize.
   */
  public static Recipe photographs() {
    TrainingConfig t =
        TrainingConfig.builder()
            .strategy(Strategy.FROZEN_PREFIX)
            .freeze(java.util.List.of("conv1", "conv2", "inception_3a", "inception_3b"))
            .inputSize(224)
            .epochs(8)
            .optimizer(OptimizerKind.ADAM)
            .learningRate(3e-4)
            .headLrMultiplier(10)
            .lrDecay(0.9)
            .patience(3)
            .precision(Precision.BF16)
            .build();
    return new Recipe(
        "photographs",
        "the recipe cross-validated on EyePACS photographs (docs/RESULTS.md, section 7)",
        t,
        Preprocessing.defaults().withEqualize(true),
        1);
  }

  /**
   * The recipe for {@code data}: {@link #thumbnails()} when its photographs are thumbnails (median
   * shorter side below {@value #THUMBNAIL_MAX_SIDE} px in a sample of {@value #SAMPLE}, like
   * RetinaMNIST's 28 px), else {@link #photographs()}. Data that cannot be read gets the thumbnail
   * recipe (training then fails on it with the reason).
   *
   * @param data the training data (a MedMNIST {@code .npz}, grade folders or a label CSV)
   */
  public static Recipe forData(Path data) {
    OptionalInt side = medianShorterSide(data);
    if (side.isPresent() && side.getAsInt() >= THUMBNAIL_MAX_SIDE) {
      Recipe r = photographs();
      return r.named(r.name(), "median shorter side " + side.getAsInt() + " px; " + r.reason());
    }
    Recipe r = thumbnails();
    return side.isPresent()
        ? r.named(r.name(), "median shorter side " + side.getAsInt() + " px; " + r.reason())
        : r;
  }

  /**
   * The median shorter side of a few photographs spread over the data, or empty if it cannot be
   * read.
   */
  static OptionalInt medianShorterSide(Path data) {
    try {
      FundusDataset all = Datasets.openAll(data, DatasetOptions.defaults());
      int n = Math.min(SAMPLE, all.size());
      if (n == 0) {
        return OptionalInt.empty();
      }
      int[] sides = new int[n];
      int read = 0;
      for (int k = 0; k < n; k++) {
        int index = (int) ((long) k * all.size() / n);
        try {
          // the file's own size: the decoder reads a big JPEG subsampled to about 512 px
          int side = storedShorterSide(all.file(index));
          if (side < 1) {
            java.awt.image.BufferedImage im = all.load(index);
            side = Math.min(im.getWidth(), im.getHeight());
          }
          sides[read++] = side;
        } catch (ImageLoadException e) {
          // an unreadable photograph says nothing about the size
        }
      }
      if (read == 0) {
        return OptionalInt.empty();
      }
      int[] s = java.util.Arrays.copyOf(sides, read);
      java.util.Arrays.sort(s);
      return OptionalInt.of(s[read / 2]);
    } catch (java.io.IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** The shorter side stored in an image file's header, or 0 when there is no file or header. */
  private static int storedShorterSide(Path file) {
    if (file == null) {
      return 0;
    }
    try (javax.imageio.stream.ImageInputStream in =
        javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return 0;
      }
      java.util.Iterator<javax.imageio.ImageReader> readers =
          javax.imageio.ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return 0;
      }
      javax.imageio.ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        return Math.min(r.getWidth(0), r.getHeight(0));
      } finally {
        r.dispose();
      }
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The recipe of {@code drtune demo}: {@link #thumbnails()} with 4 epochs per member, so that the
   * whole demo (weights, data, training, evaluation, export, classification) takes a few minutes on
   * 2 CPU cores.
   */
  public static Recipe demo() {
    Recipe r = thumbnails();
    return r.withTraining(r.training().toBuilder().epochs(4).build())
        .named("demo", "the thumbnail recipe with 4 epochs per member, to finish in minutes");
  }
}
