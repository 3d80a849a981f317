package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.model.HeadNodes;
import org.drtune.internal.model.ModelLoader;
import org.drtune.model.ModelCard;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.HeadKind;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * The map's scale for each kind of head, on real TensorFlow models trained here (3 grades, the
 * generated backbone): the mean of a view's map over the feature grid is the referable log-odds the
 * model's own probabilities give, for a softmax head over grades (where the map is the
 * linearisation of a non-linear log-odds plus the entropy terms that make it exact) and for an
 * ordinal head; and a model whose head does not pool a feature map says so and still classifies.
 */
class EvidenceMapHeadsTest {
  @TempDir static Path tmp;
  static Path softmax;
  static Path ordinal;
  static FundusDataset val;

  @BeforeAll
  static void trainBothHeads() throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 0, 3, 1);
    softmax = train(TinyBackbone.request(npz, tmp.resolve("softmax")));
    FineTuneRequest r = TinyBackbone.request(npz, tmp.resolve("ordinal"));
    ordinal = train(r.withTraining(r.training().toBuilder().head(HeadKind.ORDINAL).build()));
    val = MedMnistNpz.read(npz, 3).split("val");
  }

  private static Path train(FineTuneRequest request) throws IOException {
    FineTuneJob.run(request, TrainingListener.NONE);
    return request.runDir().resolve("model");
  }

  @Test
  void aSoftmaxHeadsMapAveragesToTheReferableLogOdds() throws IOException {
    assertMeanIsTheLogOdds(softmax);
  }

  @Test
  void anOrdinalHeadsMapAveragesToTheReferableLogOdds() throws IOException {
    assertMeanIsTheLogOdds(ordinal);
  }

  /** With one view, the grid map's mean against log(P / (1 − P)) of the fetched probabilities. */
  private static void assertMeanIsTheLogOdds(Path model) throws IOException {
    ModelLoader.LoadedFolder folder =
        ModelLoader.load(model, c -> ConfigProto.getDefaultInstance());
    ModelCard card = folder.members().get(0).card();
    try (Inference inference =
        new Inference(folder.members(), card.preprocessing(), card.numClasses(), false)) {
      double worst = 0;
      for (int i = 0; i < val.size(); i++) {
        Inference.Explained e = inference.explain(val.load(i), 2);
        float[] grid = e.grids()[0];
        double mean = 0;
        for (float v : grid) {
          mean += v / grid.length;
        }
        double p = e.probabilities()[2];
        worst = Math.max(worst, Math.abs(mean - Math.log(p / (1 - p))));
        assertThat(e.sides()[0]).isEqualTo(8);
      }
      System.out.printf(
          "%s head: worst |grid mean - referable log-odds| %.2e%n", card.training().head(), worst);
      assertThat(worst).isLessThan(1e-3);
    }
  }

  @Test
  void aModelWhoseHeadDoesNotPoolAFeatureMapSaysSoAndStillClassifies() throws IOException {
    Path copy = tmp.resolve("renamed");
    AtomicFiles.copyTree(softmax, copy);
    renameNode(copy.resolve("saved_model.pb"), HeadNodes.FEATURES, "head/pooled");
    BufferedImage im = val.load(0);
    try (DrClassifier renamed = DrClassifier.load(copy);
        DrClassifier original = DrClassifier.load(softmax)) {
      assertThat(renamed.classify(im).probabilities())
          .isEqualTo(original.classify(im).probabilities());
      assertThatThrownBy(() -> renamed.explain(im))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("cannot give an evidence map")
          .hasMessageContaining("no global average pooling head/gap")
          .hasMessageContaining("classify without one");
      assertThat(original.explain(im).values()).isNotEmpty();
    }
  }

  /** Renames a node of a SavedModel's graph and every reference to it. */
  private static void renameNode(Path savedModel, String from, String to) throws IOException {
    SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(savedModel));
    MetaGraphDef mg = sm.getMetaGraphs(0);
    GraphDef.Builder g = mg.getGraphDef().toBuilder().clearNode();
    for (NodeDef n : mg.getGraphDef().getNodeList()) {
      NodeDef.Builder b = n.toBuilder().clearInput();
      for (String in : n.getInputList()) {
        b.addInput(
            in.equals(from) || in.startsWith(from + ":") ? to + in.substring(from.length()) : in);
      }
      if (n.getName().equals(from)) {
        b.setName(to);
      }
      g.addNode(b);
    }
    Files.write(
        savedModel,
        sm.toBuilder().setMetaGraphs(0, mg.toBuilder().setGraphDef(g)).build().toByteArray());
  }
}
