package org.drtune.reliability;

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
 * The tiny fine-tune the reliability tests share: the generated inception5h-like backbone, a
 * generated 3-class .npz, 32×32 inputs. {@link #model()} trains it once per JVM and hands out the
 * exported model folder.
 */
final class TinyModels {
  /** Number of classes of the tiny model. */
  static final int CLASSES = 3;

  private static Path shared;

  private TinyModels() {}

  /** The tiny training configuration with {@code epochs} epochs. */
  static TrainingConfig config(int epochs) {
    return TrainingConfig.builder()
        .numClasses(CLASSES)
        .inputSize(32)
        .batchSize(8)
        .epochs(epochs)
        .patience(0)
        .learningRate(0.003)
        .cutLayer("mixed3b")
        .seed(3)
        .build();
  }

  /** A request training the tiny model on {@code npz} into {@code run}. */
  static FineTuneRequest request(Path npz, Path run, int epochs) {
    Preprocessing p =
        Preprocessing.defaults()
            .withCropBorder(false)
            .withNormalisation(ChannelOrder.RGB, List.of(117.0, 117.0, 117.0));
    return FineTuneRequest.of(npz, run)
        .withTraining(config(epochs))
        .withPreprocessing(p)
        .withEnsembleMembers(1)
        .withBackbone(TinyBackbone.ref());
  }

  /** Writes the tiny data set (24 train, 9 validation images). */
  static Path data(Path file) throws IOException {
    return TinyNpz.write(file, 24, 9, 0, CLASSES, 1);
  }

  /** The run folder of a tiny model trained once per JVM (its {@code model/} holds the export). */
  static synchronized Path model() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("drtune-reliab-model");
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        AtomicFiles.deleteRecursively(dir);
                      } catch (IOException e) {
                        // best effort
                      }
                    }));
        Path npz = data(dir.resolve("tiny.npz"));
        FineTuneJob.run(request(npz, dir.resolve("run"), 1), TrainingListener.NONE);
        shared = dir.resolve("run");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** Copies a folder tree (for tests that damage a model). */
  static Path copyTree(Path from, Path to) throws IOException {
    org.drtune.internal.model.AtomicFiles.copyTree(from, to);
    return to;
  }
}
