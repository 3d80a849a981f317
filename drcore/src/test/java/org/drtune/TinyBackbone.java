package org.drtune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.graph.BackboneProfile;
import org.drtune.internal.graph.Inception5hFixture;
import org.drtune.internal.model.Digests;
import org.drtune.model.ChannelOrder;
import org.drtune.model.Preprocessing;
import org.drtune.training.BackboneRef;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingConfig;
import org.tensorflow.proto.GraphDef;

/**
 * The small generated backbone in inception5h naming (about 3k weights) that the fast tests
 * fine-tune, written once per JVM as a frozen graph file so that tests reach it the way a user
 * does: {@link BackboneRef#frozenGraph} ({@code --backbone-graph FILE --backbone-profile
 * inception5h} on the command line).
 */
public final class TinyBackbone {
  /** Its name in model cards (the file name without {@code .pb}). */
  public static final String NAME = "tiny-inception5h";

  /** The frozen graph. */
  public static final GraphDef GRAPH = Inception5hFixture.build(21);

  private static Path file;

  private TinyBackbone() {}

  /** The graph file, written on first use into a temporary folder deleted at exit. */
  public static synchronized Path file() {
    if (file == null) {
      try {
        Path dir = Files.createTempDirectory("drtune-tiny-backbone");
        Path f = dir.resolve(NAME + ".pb");
        Files.write(f, GRAPH.toByteArray());
        f.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        file = f;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  /** The reference a request or the command line uses. */
  public static BackboneRef ref() {
    return BackboneRef.frozenGraph(file(), BackboneRef.INCEPTION5H);
  }

  /** The backbone as loaded (for tests of internal training code). */
  public static Backbone backbone() {
    return Backbone.of(NAME, BackboneProfile.inception5h(), GRAPH);
  }

  /** The checksum model cards record. */
  public static String checksum() {
    return Digests.sha256(GRAPH.toByteArray());
  }

  /**
   * A quick fine-tune of this backbone (3 classes, 32 px, 2 epochs, one model): the request most
   * fast tests train.
   */
  public static FineTuneRequest request(Path data, Path run) {
    TrainingConfig cfg =
        TrainingConfig.builder()
            .numClasses(3)
            .inputSize(32)
            .batchSize(8)
            .epochs(2)
            .patience(0)
            .learningRate(0.003)
            .cutLayer("mixed3b")
            .seed(3)
            .build();
    Preprocessing p =
        Preprocessing.defaults()
            .withCropBorder(false)
            .withNormalisation(ChannelOrder.RGB, List.of(117.0, 117.0, 117.0));
    return FineTuneRequest.of(data, run)
        .withTraining(cfg)
        .withPreprocessing(p)
        .withEnsembleMembers(1)
        .withBackbone(ref());
  }
}
