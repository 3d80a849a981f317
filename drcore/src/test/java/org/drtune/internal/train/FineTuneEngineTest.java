package org.drtune.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drtune.eval.Predictions;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.graph.BackboneProfile;
import org.drtune.internal.graph.Inception5hFixture;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.training.HeadKind;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingDivergedException;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * The fine-tuning engine on a small generated backbone in inception5h naming (fast; real
 * TensorFlow).
 */
class FineTuneEngineTest {
  static final GraphDef BACKBONE = Inception5hFixture.build(11);
  static final BackboneProfile PROFILE = BackboneProfile.inception5h();

  static TrainingConfig.Builder tiny() {
    return TrainingConfig.builder()
        .numClasses(3)
        .inputSize(TinyData.SIZE)
        .batchSize(8)
        .epochs(3)
        .patience(0)
        .learningRate(0.01)
        .headLrMultiplier(5)
        .seed(5)
        .cutLayer("mixed3b");
  }

  @Test
  void frozenPrefixStaysBitIdenticalAndEveryTrainableVariableChanges() throws IOException {
    TrainingConfig cfg = tiny().freeze(List.of("conv2d0", "mixed3a")).build();
    ExampleSource data = TinyData.make(24, 3, 1);
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
      FineTuneGraph g = t.spec();
      assertThat(g.frozenVariables())
          .isNotEmpty()
          .allMatch(v -> v.startsWith("conv2d0_") || v.startsWith("mixed3a_"));
      assertThat(g.trainableVariables())
          .contains("mixed3b_1x1_w", "head/weights", "head/biases")
          .noneMatch(v -> v.startsWith("conv2d0_") || v.startsWith("mixed3a_"));
      Map<String, float[]> frozenBefore = t.variableValues(g.frozenVariables());
      Map<String, float[]> trainBefore = t.variableValues(g.trainableVariables());
      // the frozen values are the imported ones
      Map<String, float[]> imported =
          t.variableValues(g.frozenVariables().stream().map(v -> v + "/initial_value").toList());
      g.frozenVariables()
          .forEach(
              v ->
                  assertThat(frozenBefore.get(v))
                      .containsExactly(imported.get(v + "/initial_value")));

      trainSteps(t, data, 4);

      Map<String, float[]> frozenAfter = t.variableValues(g.frozenVariables());
      Map<String, float[]> trainAfter = t.variableValues(g.trainableVariables());
      g.frozenVariables()
          .forEach(v -> assertThat(frozenAfter.get(v)).as(v).containsExactly(frozenBefore.get(v)));
      g.trainableVariables()
          .forEach(v -> assertThat(trainAfter.get(v)).as(v).isNotEqualTo(trainBefore.get(v)));
      assertThat(t.variableChecksums(g.frozenVariables()))
          .isEqualTo(
              Map.copyOf(
                  imported.entrySet().stream()
                      .collect(
                          java.util.stream.Collectors.toMap(
                              e -> e.getKey().replace("/initial_value", ""),
                              e -> org.drtune.internal.model.Digests.sha256(e.getValue())))));
    }
  }

  @Test
  void l2PenaltyCoversTrainableWeightsOnly() {
    double l2 = 0.01;
    TrainingConfig cfg = tiny().l2(l2).freeze(List.of("conv2d0")).build();
    ExampleSource data = TinyData.make(8, 3, 2);
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
      Map<String, float[]> trainable = t.variableValues(t.spec().trainableVariables());
      double expected = 0;
      for (Map.Entry<String, float[]> e : trainable.entrySet()) {
        if (!e.getKey().endsWith("_b") && !e.getKey().equals("head/biases")) {
          for (float w : e.getValue()) {
            expected += 0.5 * w * w;
          }
        }
      }
      expected *= l2;
      float[] pixels = new float[8 * TinyData.SIZE * TinyData.SIZE * 3];
      for (int i = 0; i < 8; i++) {
        try {
          data.write(i, Rotation.R0, pixels, i * TinyData.SIZE * TinyData.SIZE * 3);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      double actual = fetchScalar(t, GraphNames.L2_LOSS, pixels, data.labels());
      assertThat(actual).isCloseTo(expected, within(expected * 1e-4));
      // frozen conv2d0 weights are large enough that including them would change the sum noticeably
      double frozenPart = 0;
      for (float w : t.variableValues(List.of("conv2d0_w")).get("conv2d0_w")) {
        frozenPart += 0.5 * w * w * l2;
      }
      assertThat(frozenPart).isGreaterThan(expected * 1e-3);
    }
  }

  @Test
  void labelSmoothingMixesTheOneHotLossWithTheUniformOne() {
    ExampleSource data = TinyData.make(8, 3, 2);
    float[] pixels = new float[8 * TinyData.SIZE * TinyData.SIZE * 3];
    for (int i = 0; i < 8; i++) {
      try {
        data.write(i, Rotation.R0, pixels, i * TinyData.SIZE * TinyData.SIZE * 3);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    double[] loss = new double[3];
    double[] eps = {0, 0.2, 0.4};
    for (int i = 0; i < eps.length; i++) {
      // the same seed: the same head, so only the targets differ
      TrainingConfig cfg = tiny().dropout(0).labelSmoothing(eps[i]).build();
      try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
        loss[i] = fetchScalar(t, GraphNames.DATA_LOSS, pixels, data.labels());
      }
    }
    // (1 - eps) * CE(one-hot) + eps * CE(uniform): linear in eps, and not the one-hot loss
    assertThat(loss[2] - loss[1]).isCloseTo(loss[1] - loss[0], within(1e-5));
    assertThat(Math.abs(loss[1] - loss[0])).isGreaterThan(1e-4);
    assertThatThrownBy(() -> tiny().labelSmoothing(1).build())
        .hasMessageContaining("labelSmoothing must be in [0, 1)");
  }

  @Test
  void anOrdinalHeadGivesCumulativeProbabilitiesOfOneScoreAndLearns() {
    TrainingConfig cfg =
        tiny().numClasses(5).dropout(0).learningRate(0.002).head(HeadKind.ORDINAL).build();
    ExampleSource data = TinyData.make(16, 5, 3);
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
      assertThat(t.spec().trainableVariables())
          .contains("head/weights", "head/threshold0", "head/threshold_gaps")
          .doesNotContain("head/biases");
      List<Double> losses = trainSteps(t, data, 30);
      assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) * 0.8);
      float[] pixels = new float[16 * TinyData.SIZE * TinyData.SIZE * 3];
      for (int i = 0; i < 16; i++) {
        try {
          data.write(i, Rotation.R0, pixels, i * TinyData.SIZE * TinyData.SIZE * 3);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      float[][] p = t.predict(pixels, TinyData.SIZE, 16);
      double[][] atLeast = new double[16][5];
      for (int i = 0; i < 16; i++) {
        double sum = 0;
        for (int c = 4; c >= 0; c--) {
          sum += p[i][c];
          atLeast[i][c] = sum;
        }
        assertThat(sum).isCloseTo(1, within(1e-5));
      }
      // one score orders every cumulative probability the same way
      for (int a = 0; a < 16; a++) {
        for (int b = 0; b < 16; b++) {
          if (atLeast[a][1] > atLeast[b][1] + 1e-6) {
            for (int c = 1; c < 5; c++) {
              assertThat(atLeast[a][c])
                  .as("P(grade >= %d)", c)
                  .isGreaterThanOrEqualTo(atLeast[b][c] - 1e-6);
            }
          }
        }
      }
    }
    assertThatThrownBy(() -> HeadKind.parse("tree")).hasMessageContaining("softmax, ordinal");
  }

  @Test
  void lossDecreasesOnASmallBatch() {
    TrainingConfig cfg = tiny().dropout(0).learningRate(0.002).build();
    ExampleSource data = TinyData.make(16, 3, 3);
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
      List<Double> losses = trainSteps(t, data, 30);
      assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) * 0.5);
    }
  }

  @Test
  void resumeAfterAnInterruptionGivesTheSameWeightsAsAnUninterruptedRun(@TempDir Path tmp)
      throws IOException {
    ExampleSource train = TinyData.make(20, 3, 4);
    ExampleSource val = TinyData.make(9, 3, 5);
    TrainingConfig full = tiny().epochs(4).build();
    Map<String, float[]> uninterrupted;
    Trainer.Outcome a;
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, full, null)) {
      a = Trainer.fit(t, train, val, tmp.resolve("a"), false, TrainingListener.NONE);
      restoreLatestForComparison(t, tmp.resolve("a"));
      uninterrupted = t.variableValues(t.spec().trainableVariables());
    }
    // "killed" after two epochs: a process that stops once epoch 2's checkpoint is written
    try (FineTuner t =
        FineTuner.create(BACKBONE, PROFILE, full.toBuilder().epochs(2).build(), null)) {
      Trainer.fit(t, train, val, tmp.resolve("b"), false, TrainingListener.NONE);
    }
    Trainer.Outcome b;
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, full, null)) {
      b = Trainer.fit(t, train, val, tmp.resolve("b"), true, TrainingListener.NONE);
      restoreLatestForComparison(t, tmp.resolve("b"));
      Map<String, float[]> resumed = t.variableValues(t.spec().trainableVariables());
      uninterrupted.forEach((k, v) -> assertThat(resumed.get(k)).as(k).containsExactly(v));
    }
    assertThat(b.history()).isEqualTo(withoutTimes(a.history(), b.history()));
    assertThat(b.globalStep()).isEqualTo(a.globalStep());
  }

  @Test
  void sameSeedSameMetrics(@TempDir Path tmp) throws IOException {
    ExampleSource train = TinyData.make(16, 3, 6);
    ExampleSource val = TinyData.make(6, 3, 7);
    TrainingConfig cfg = tiny().epochs(2).build();
    Trainer.Outcome a;
    Trainer.Outcome b;
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
      a = Trainer.fit(t, train, val, tmp.resolve("a"), false, TrainingListener.NONE);
    }
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
      b = Trainer.fit(t, train, val, tmp.resolve("b"), false, TrainingListener.NONE);
    }
    assertThat(b.history()).isEqualTo(withoutTimes(a.history(), b.history()));
  }

  @Test
  void nanLossStopsWithAClearErrorAndKeepsTheLastCheckpoint(@TempDir Path tmp) throws IOException {
    ExampleSource train = TinyData.make(16, 3, 8);
    ExampleSource val = TinyData.make(6, 3, 9);
    Path ck = tmp.resolve("ck");
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, tiny().epochs(1).build(), null)) {
      Trainer.fit(t, train, val, ck, false, TrainingListener.NONE);
    }
    String latest = Files.readString(ck.resolve("latest"));
    byte[] index = Files.readAllBytes(ck.resolve(latest).resolve("ckpt.index"));
    // inputs so large that the activations overflow make the loss NaN or infinite
    float[][] bad = new float[4][TinyData.SIZE * TinyData.SIZE * 3];
    java.util.Arrays.fill(bad[2], 3e38f);
    ExampleSource nan = ExampleSource.inMemory(bad, new int[] {0, 1, 2, 0}, TinyData.SIZE);
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, tiny().epochs(3).build(), null)) {
      assertThatThrownBy(() -> Trainer.fit(t, nan, val, ck, true, TrainingListener.NONE))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageContaining("loss became")
          .hasMessageContaining("lower the learning rate");
    }
    assertThat(Files.readString(ck.resolve("latest"))).isEqualTo(latest);
    assertThat(Files.readAllBytes(ck.resolve(latest).resolve("ckpt.index"))).isEqualTo(index);
  }

  @Test
  void exportedSavedModelReloadsWithIdenticalProbabilities(@TempDir Path tmp) throws IOException {
    ExampleSource data = TinyData.make(8, 3, 10);
    try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, tiny().build(), null)) {
      trainSteps(t, data, 2);
      Predictions p = Trainer.predict(t, data, 4, false);
      Path model = tmp.resolve("model");
      AtomicFiles.replaceFolder(model, t::exportSavedModel);
      float[] pixels = new float[8 * TinyData.SIZE * TinyData.SIZE * 3];
      try (ExampleSource.CloseableIterator<Feed> it =
          data.batches(
              new int[] {0, 1, 2, 3, 4, 5, 6, 7},
              8,
              org.drtune.internal.data.RotationPolicy.none(),
              0)) {
        System.arraycopy(it.next().values(), 0, pixels, 0, pixels.length);
      }
      try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve");
          TFloat32 x =
              TFloat32.tensorOf(
                  Shape.of(8, TinyData.SIZE, TinyData.SIZE, 3),
                  DataBuffers.of(pixels, true, false));
          Result r =
              b.function(org.drtune.internal.model.ServingSignature.KEY)
                  .call(Map.of(org.drtune.internal.model.ServingSignature.INPUT, x))) {
        float[][] reloaded =
            FineTuner.copyRows(
                (TFloat32)
                    r.get(org.drtune.internal.model.ServingSignature.PROBABILITIES).orElseThrow(),
                8,
                3);
        for (int i = 0; i < 8; i++) {
          assertThat(reloaded[i]).containsExactly(p.probabilities()[i]);
        }
      }
    }
  }

  @Test
  void balancedSamplingDrawsTheRareClassAsOftenAsTheCommonOne(@TempDir Path tmp)
      throws IOException {
    // 12 examples of class 0, 3 of class 1, 3 of class 2: a shuffle sees class 0 four times as
    // often
    float[][] inputs = new float[18][TinyData.SIZE * TinyData.SIZE * 3];
    int[] labels = new int[18];
    for (int i = 12; i < 18; i++) {
      labels[i] = i < 15 ? 1 : 2;
    }
    ExampleSource skewed = ExampleSource.inMemory(inputs, labels, TinyData.SIZE);
    int[] seen = new int[3];
    ExampleSource counting =
        new ForwardingSource(skewed) {
          @Override
          public CloseableIterator<Feed> batches(
              int[] order, int batchSize, org.drtune.internal.data.RotationPolicy r, int e) {
            for (int i : order) {
              seen[labels[i]]++;
            }
            return base.batches(order, batchSize, r, e);
          }
        };
    try (FineTuner t =
        FineTuner.create(
            BACKBONE, PROFILE, tiny().balancedSampling(true).epochs(10).build(), null)) {
      Trainer.fit(t, counting, TinyData.make(6, 3, 1), tmp, false, TrainingListener.NONE);
    }
    // 10 epochs x 18 draws (validation uses another source); balanced: about 60 each instead of
    // 120/30/30
    int[] train = seen;
    assertThat(train[0] + train[1] + train[2]).isEqualTo(180);
    for (int c = 0; c < 3; c++) {
      assertThat(train[c]).as("class " + c).isBetween(40, 80);
    }
  }

  @Test
  void unknownFreezeLayerListsTheValidNames() {
    TrainingConfig cfg = tiny().freeze(List.of("conv9")).build();
    assertThatThrownBy(() -> FineTuner.create(BACKBONE, PROFILE, cfg, null))
        .hasMessageContaining("unknown layer 'conv9'")
        .hasMessageContaining("valid layers: conv2d0");
  }

  @Test
  void strategiesChooseWhatTrains() {
    for (Strategy s : Strategy.values()) {
      TrainingConfig cfg =
          tiny().strategy(s).cutLayer(s == Strategy.EARLY_FEATURES ? "mixed3a" : "mixed3b").build();
      try (FineTuner t = FineTuner.create(BACKBONE, PROFILE, cfg, null)) {
        List<String> tr = t.spec().trainableVariables();
        if (s == Strategy.EARLY_FEATURES) {
          assertThat(t.spec().cutNode()).isEqualTo("mixed3a");
        }
        switch (s) {
          case LINEAR, EARLY_FEATURES ->
              assertThat(tr).containsExactly("head/weights", "head/biases");
          case FULL -> assertThat(t.spec().frozenVariables()).isEmpty();
          case FROZEN_PREFIX ->
              assertThat(t.spec().frozenLayers()).isEqualTo(List.of("conv2d0", "conv2d1"));
        }
      }
    }
  }

  // -- helpers

  static List<Double> trainSteps(FineTuner t, ExampleSource data, int steps) {
    List<Double> losses = new java.util.ArrayList<>();
    int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
    for (int s = 0; s < steps; s++) {
      try (ExampleSource.CloseableIterator<Feed> it =
          data.batches(order, 8, org.drtune.internal.data.RotationPolicy.none(), 0)) {
        Feed b = it.next();
        losses.add(t.trainStep(b, t.config().learningRate(), s).loss());
      }
    }
    return losses;
  }

  static double fetchScalar(FineTuner t, String node, float[] pixels, int[] labels) {
    return t.lossPart(node, pixels, TinyData.SIZE, labels, labels.length);
  }

  /**
   * Final weights are the best epoch's; compare the latest epoch's instead, which both runs end on.
   */
  static void restoreLatestForComparison(FineTuner t, Path dir) throws IOException {
    Trainer.restoreLatest(t, dir);
  }

  static List<org.drtune.eval.EpochRecord> withoutTimes(
      List<org.drtune.eval.EpochRecord> a, List<org.drtune.eval.EpochRecord> timesFrom) {
    List<org.drtune.eval.EpochRecord> out = new java.util.ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      var r = a.get(i);
      out.add(
          new org.drtune.eval.EpochRecord(
              r.epoch(),
              r.trainLoss(),
              r.trainAccuracy(),
              r.valLoss(),
              r.valAccuracy(),
              r.valAuc(),
              r.valKappa(),
              r.learningRate(),
              timesFrom.get(i).seconds()));
    }
    return out;
  }
}
