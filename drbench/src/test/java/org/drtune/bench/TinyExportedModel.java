package org.drtune.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.model.ChannelOrder;
import org.drtune.model.Preprocessing;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingListener;

/**
 * A user's exported model in miniature, as drcore's reliability tests make it: drcore's generated
 * inception5h-like backbone fine-tuned for one epoch on a generated 3-class .npz at 32×32, exported
 * through the public {@code FineTuneJob} like {@code drtune train} does. Trained once per JVM (a
 * few seconds).
 */
final class TinyExportedModel {
  /** The input size its card records. */
  static final int INPUT_SIZE = 32;

  private static Path model;

  private TinyExportedModel() {}

  /** The run folder's {@code model/}, what {@code --model} takes. */
  static synchronized Path folder() {
    if (model == null) {
      try {
        Path dir = Files.createTempDirectory("drbench-tiny-model");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        Path npz = TinyNpz.write(dir.resolve("tiny.npz"), 24, 9, 0, 3, 1);
        TrainingConfig cfg =
            TrainingConfig.builder()
                .numClasses(3)
                .inputSize(INPUT_SIZE)
                .batchSize(8)
                .epochs(1)
                .patience(0)
                .cutLayer("mixed3b")
                .seed(3)
                .build();
        FineTuneRequest request =
            FineTuneRequest.of(npz, dir.resolve("run"))
                .withTraining(cfg)
                .withPreprocessing(
                    Preprocessing.defaults()
                        .withCropBorder(false)
                        .withNormalisation(ChannelOrder.RGB, List.of(117.0, 117.0, 117.0)))
                .withEnsembleMembers(1)
                .withBackbone(TinyBackbone.ref());
        FineTuneJob.run(request, TrainingListener.NONE);
        model = dir.resolve("run").resolve("model");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return model;
  }

  private static void deleteQuietly(Path dir) {
    try {
      AtomicFiles.deleteRecursively(dir);
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
