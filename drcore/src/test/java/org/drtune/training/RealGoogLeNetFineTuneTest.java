package org.drtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.internal.data.MedMnistNpzTest;
import org.drtune.internal.graph.Backbone;
import org.drtune.model.ModelCard;
import org.drtune.model.Preprocessing;
import org.drtune.models.AssetResolver;
import org.drtune.models.SharedFixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;

/**
 * Fine-tunes the real BVLC GoogLeNet for two steps on a few real RetinaMNIST images and exports it.
 */
@Tag("slow")
class RealGoogLeNetFineTuneTest {

  @Test
  void twoStepsOnRealFundusImagesExportAndReload(@TempDir Path tmp) throws Exception {
    Path real = SharedFixtures.require().resolve("data/retinamnist/retinamnist_trainval.npz");
    MedMnistNpz npz = MedMnistNpz.read(real, 5);
    Path small = writeSubset(tmp.resolve("few.npz"), npz.split("train"), 16, npz.split("val"), 6);
    Backbone backbone = Backbone.bvlcGoogLeNet(AssetResolver.defaults().withDownloadEnabled(false));

    FineTuneRequest req =
        FineTuneRequest.of(small, tmp.resolve("run"))
            .withTraining(TrainingConfig.builder().inputSize(112).batchSize(8).epochs(1).build())
            .withPreprocessing(Preprocessing.defaults())
            .withEnsembleMembers(1)
            .withAssets(AssetResolver.defaults().withDownloadEnabled(false));
    FineTuneJob.Result r = FineTuneJob.run(req, TrainingListener.NONE);

    ModelCard card = r.card();
    assertThat(card.frozenLayers()).containsExactly("conv1", "conv2");
    assertThat(card.frozenVariables()).hasSize(6).containsKey("conv1/7x7_s2/weights");
    // frozen weights are bit-identical to the imported ImageNet weights
    Map<String, String> imported = new LinkedHashMap<>();
    for (NodeDef n : backbone.frozen().getNodeList()) {
      if (card.frozenVariables().containsKey(n.getName())) {
        imported.put(
            n.getName(),
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(
                            n.getAttrOrThrow("value")
                                .getTensor()
                                .getTensorContent()
                                .toByteArray())));
      }
    }
    assertThat(card.frozenVariables()).isEqualTo(imported);
    assertThat(card.history()).hasSize(1);
    assertThat(card.history().get(0).trainLoss()).isFinite();

    FundusDataset val = MedMnistNpz.read(small, 5).split("val");
    try (DrClassifier c = DrClassifier.load(r.modelDir())) {
      DrResult one = c.classify(val.load(0));
      assertThat(one.probabilities()).hasSize(5);
      assertThat(one.grade()).isPresent();
    }
  }

  /** Writes the first n images of two splits as a small .npz. */
  static Path writeSubset(Path file, FundusDataset train, int nTrain, FundusDataset val, int nVal)
      throws IOException {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    put(arrays, "train", train, nTrain);
    put(arrays, "val", val, nVal);
    return MedMnistNpzTest.npz(file, arrays, false);
  }

  private static void put(Map<String, byte[]> arrays, String name, FundusDataset d, int n)
      throws IOException {
    int side = d.load(0).getWidth();
    byte[] px = new byte[n * side * side * 3];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      BufferedImage im = d.load(i);
      labels[i] = (byte) d.label(i);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int rgb = im.getRGB(x, y);
          int o = ((i * side + y) * side + x) * 3;
          px[o] = (byte) (rgb >> 16);
          px[o + 1] = (byte) (rgb >> 8);
          px[o + 2] = (byte) rgb;
        }
      }
    }
    arrays.put(
        name + "_images.npy",
        MedMnistNpzTest.npy(1, "|u1", "(" + n + ", " + side + ", " + side + ", 3)", px));
    arrays.put(name + "_labels.npy", MedMnistNpzTest.npy(1, "|u1", "(" + n + ", 1)", labels));
  }
}
