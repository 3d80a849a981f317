package org.drtune.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

class GraphSurgeryTest {
  private static final int N = 2;

  @Test
  void inception5hNamingWithLegacyConcatBecomesTrainableAndKeepsItsOutputs() {
    GraphDef frozen = Inception5hFixture.build(7);
    assertThat(ops(frozen)).contains("Concat").doesNotContain("ConcatV2");
    BackboneProfile p = BackboneProfile.inception5h();
    String cut = p.layer("mixed3b").output();

    GraphDef prepared = BackboneImport.prepareForTraining(frozen, p, cut);

    assertThat(ops(prepared)).contains("ConcatV2", "VariableV2", "Assign").doesNotContain("Concat");
    Set<String> names =
        prepared.getNodeList().stream().map(NodeDef::getName).collect(Collectors.toSet());
    assertThat(names)
        .contains("conv2d0_w", "conv2d0_w/initial_value", "mixed3b_3x3_b", "Init")
        .doesNotContain("softmax2_w", "softmax2", "avgpool0"); // pruned above the cut
    float[] input = Inception5hFixture.randoms(new SplittableRandom(1), N * 16 * 16 * 3);
    float[] before = run(frozen, cut, input);
    float[] after = run(prepared, cut, input);
    assertThat(after).containsExactly(before); // bit-identical: same weights, same ops

    // Gradients flow through the rewritten ConcatV2 down to conv2d0; one SGD step changes the
    // weights.
    try (Graph g = new Graph()) {
      g.importGraphDef(prepared);
      Ops tf = Ops.create(g);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> out = (Operand<TFloat32>) g.output(cut);
      Operand<TFloat32> loss =
          tf.reduceSum(tf.math.square(out), tf.constant(new int[] {0, 1, 2, 3}));
      Output<?> w = g.output("conv2d0_w");
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {w});
      assertThat(grads).hasSize(1);
      @SuppressWarnings("unchecked")
      Output<TFloat32> grad = (Output<TFloat32>) grads[0];
      @SuppressWarnings("unchecked")
      Operand<TFloat32> wv = (Operand<TFloat32>) w;
      var step = tf.train.applyGradientDescent(wv, tf.constant(0.01f), grad);
      try (Session s = new Session(g);
          TFloat32 x =
              TFloat32.tensorOf(Shape.of(N, 16, 16, 3), DataBuffers.of(input, true, false))) {
        float[] w0 = fetch(s, "conv2d0_w");
        s.runner().feed("input", x).addTarget(step).run();
        float[] w1 = fetch(s, "conv2d0_w");
        assertThat(w1).isNotEqualTo(w0);
      }
    }
  }

  @Test
  void resourceVariablesAreRejectedWithAClearMessage() {
    GraphDef withResource =
        Inception5hFixture.build(1).toBuilder()
            .addNode(
                NodeDef.newBuilder()
                    .setName("v")
                    .setOp("VarHandleOp")
                    .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()))
            .build();
    assertThatThrownBy(
            () ->
                BackboneImport.prepareForTraining(
                    withResource, BackboneProfile.inception5h(), "mixed3b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resource variables")
        .hasMessageContaining("VarHandleOp 'v'");
  }

  @Test
  void aMissingCutNodeIsNamed() {
    assertThatThrownBy(
            () ->
                BackboneImport.prepareForTraining(
                    Inception5hFixture.build(1), BackboneProfile.inception5h(), "mixed4e"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no node named 'mixed4e'");
    assertThatThrownBy(() -> BackboneProfile.inception5h().layer("mixed9"))
        .hasMessageContaining("valid layers: conv2d0, conv2d1");
  }

  @Test
  void weightConstantsAreTheFloatTensorsOnly() {
    GraphDef g = Inception5hFixture.build(3);
    Set<String> w = GraphSurgery.weightConstants(g);
    assertThat(w)
        .contains("conv2d0_w", "conv2d0_b", "softmax2_w")
        .noneMatch(n -> n.endsWith("/shape") || n.endsWith("/concat_dim"));
  }

  @Test
  void profileAssignsVariablesToLayerGroups() {
    BackboneProfile g = BackboneProfile.bvlcGoogLeNet();
    assertThat(g.layerOf("conv2/3x3_reduce/weights")).contains("conv2");
    assertThat(g.layerOf("inception_4e/5x5/biases")).contains("inception_4e");
    assertThat(g.layerOf("head/weights")).isEmpty();
    assertThat(g.layersUpTo("conv2")).isEqualTo(List.of("conv1", "conv2"));
    assertThat(BackboneProfile.inception5h().layerOf("mixed4a_3x3_w")).contains("mixed4a");
  }

  static List<String> ops(GraphDef g) {
    return g.getNodeList().stream().map(NodeDef::getOp).distinct().toList();
  }

  static float[] run(GraphDef gd, String fetch, float[] input) {
    try (Graph g = new Graph()) {
      g.importGraphDef(gd);
      try (Session s = new Session(g);
          TFloat32 x =
              TFloat32.tensorOf(Shape.of(N, 16, 16, 3), DataBuffers.of(input, true, false));
          Result r = s.runner().feed("input", x).fetch(fetch).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }

  static float[] fetch(Session s, String name) {
    try (Result r = s.runner().fetch(name).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }
}
