package org.drtune.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.drtune.models.ModelRecipe;
import org.drtune.models.SharedFixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

@Tag("slow")
class RealGoogLeNetImportTest {

  @Test
  void variablesRewriteKeepsTheFeaturesBitIdentical() throws Exception {
    Path dir = SharedFixtures.googLeNet();
    GraphDef frozen = GoogLeNetConverter.convert(dir, ModelRecipe.bvlcGoogLeNet());
    BackboneProfile p = BackboneProfile.bvlcGoogLeNet();
    String cut = p.lastLayer().output();
    GraphDef prepared = BackboneImport.prepareForTraining(frozen, p, cut);

    assertThat(
            prepared.getNodeList().stream()
                .filter(n -> n.getOp().equals("VariableV2"))
                .map(NodeDef::getName))
        .hasSize(114) // 57 convolutions x (weights, biases); loss3/classifier pruned away
        .contains("conv1/7x7_s2/weights", "inception_5b/pool_proj/biases")
        .doesNotContain("loss3/classifier/weights");

    float[] input =
        SharedFixtures.chwToHwc(
            SharedFixtures.readFloats(
                dir.resolve("reference/eagle_input_bgr_meansub_chw_3x224x224_f32le.bin")),
            3,
            224,
            224);
    float[] a = run(frozen, cut, input);
    float[] b = run(prepared, cut, input);
    assertThat(b).hasSize(7 * 7 * 1024).containsExactly(a);
  }

  private static float[] run(GraphDef gd, String fetch, float[] input) {
    try (Graph g = new Graph()) {
      g.importGraphDef(gd);
      try (Session s = new Session(g);
          TFloat32 x =
              TFloat32.tensorOf(Shape.of(1, 224, 224, 3), DataBuffers.of(input, true, false));
          Result r = s.runner().feed("data", x).fetch(fetch).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }
}
