package org.drtune.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.drtune.models.ModelRecipe;
import org.drtune.models.SharedFixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

@Tag("slow")
class GoogLeNetConverterTest {

  @Test
  void frozenGraphReproducesTheReferencePool5AndSoftmax(@TempDir Path tmp) throws IOException {
    Path dir = SharedFixtures.googLeNet();
    ModelRecipe recipe = ModelRecipe.bvlcGoogLeNet();
    Path pb = GoogLeNetConverter.writeFrozenGraph(dir, recipe, tmp.resolve("googlenet.pb"));
    GraphDef gd = GraphDef.parseFrom(Files.readAllBytes(pb));

    assertThat(gd.getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet()))
        .contains("Const", "Conv2D", "LRN", "MaxPool", "AvgPool", "ConcatV2", "MatMul", "Softmax")
        .doesNotContain("VariableV2", "VarHandleOp");
    assertThat(gd.getNodeList().stream().map(NodeDef::getName))
        .contains(
            "data",
            "conv1/7x7_s2",
            "inception_5b/output",
            "pool5/7x7_s1",
            "loss3/classifier",
            "prob");

    float[] input =
        SharedFixtures.chwToHwc(
            SharedFixtures.readFloats(
                dir.resolve("reference/eagle_input_bgr_meansub_chw_3x224x224_f32le.bin")),
            3,
            224,
            224);
    float[] pool5Expected =
        SharedFixtures.readFloats(dir.resolve("reference/eagle_pool5_1024_f32le.bin"));
    float[] probExpected =
        SharedFixtures.readFloats(dir.resolve("reference/eagle_softmax_1000_f32le.bin"));

    try (Graph g = new Graph()) {
      g.importGraphDef(gd);
      try (Session s = new Session(g);
          TFloat32 x =
              TFloat32.tensorOf(Shape.of(1, 224, 224, 3), DataBuffers.of(input, true, false));
          Result r = s.runner().feed("data", x).fetch("pool5/flatten").fetch("prob").run()) {
        float[] pool5 = new float[1024];
        float[] prob = new float[1000];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(pool5, false, false));
        ((TFloat32) r.get(1)).copyTo(DataBuffers.of(prob, false, false));
        assertThat(maxAbsDiff(pool5, pool5Expected)).isLessThan(1e-4f);
        assertThat(maxAbsDiff(prob, probExpected)).isLessThan(1e-4f);
        assertThat(argmax(prob)).isEqualTo(22); // bald eagle
        assertThat(prob[22]).isBetween(0.79f, 0.81f);
      }
    }
  }

  @Test
  void aTruncatedWeightFileIsNamedInTheError(@TempDir Path tmp) throws IOException {
    Path dir = SharedFixtures.googLeNet();
    ModelRecipe recipe = ModelRecipe.bvlcGoogLeNet();
    for (ModelRecipe.FileEntry f : recipe.files()) {
      Path dst = tmp.resolve(f.path());
      Files.createDirectories(dst.getParent());
      Files.copy(dir.resolve(f.path()), dst);
    }
    Path bad = tmp.resolve("weights/inception_4c/3x3_filter.bin");
    byte[] b = Files.readAllBytes(bad);
    Files.write(bad, java.util.Arrays.copyOf(b, b.length - 4));
    assertThatThrownBy(() -> GoogLeNetConverter.convert(tmp, recipe))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("inception_4c/3x3_filter.bin")
        .hasMessageContaining("expected " + b.length);
  }

  @Test
  void filterPermutationMovesOutputChannelsLast() {
    // out=2, kh=1, kw=2, in=3; value encodes (o, x, c) as o*100 + x*10 + c
    float[] ohwi = new float[2 * 1 * 2 * 3];
    for (int o = 0; o < 2; o++) {
      for (int x = 0; x < 2; x++) {
        for (int c = 0; c < 3; c++) {
          ohwi[(o * 2 + x) * 3 + c] = o * 100 + x * 10 + c;
        }
      }
    }
    float[] hwio = GoogLeNetConverter.ohwiToHwio(ohwi, 2, 1, 2, 3);
    for (int x = 0; x < 2; x++) {
      for (int c = 0; c < 3; c++) {
        for (int o = 0; o < 2; o++) {
          assertThat(hwio[(x * 3 + c) * 2 + o]).isEqualTo(o * 100 + x * 10 + c);
        }
      }
    }
  }

  static float maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static int argmax(float[] a) {
    int best = 0;
    for (int i = 1; i < a.length; i++) {
      if (a[i] > a[best]) {
        best = i;
      }
    }
    return best;
  }
}
