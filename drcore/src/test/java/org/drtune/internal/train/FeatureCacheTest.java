package org.drtune.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.drtune.features.CacheDtype;
import org.drtune.internal.data.Rotation;
import org.drtune.training.HeadKind;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureCacheTest {

  @Test
  void cacheNodeIsTheFrontierOfTheFrozenPart() {
    try (FineTuner t =
        FineTuner.create(
            FineTuneEngineTest.BACKBONE,
            FineTuneEngineTest.PROFILE,
            FineTuneEngineTest.tiny().freeze(List.of("conv2d0", "mixed3a")).build(),
            null)) {
      assertThat(
              CacheNode.of(
                  t.graphDef(), t.spec().inputNode(), new HashSet<>(t.spec().frozenVariables())))
          .isEqualTo("mixed3a");
    }
    try (FineTuner t =
        FineTuner.create(
            FineTuneEngineTest.BACKBONE,
            FineTuneEngineTest.PROFILE,
            FineTuneEngineTest.tiny().strategy(Strategy.LINEAR).build(),
            null)) {
      assertThat(
              CacheNode.of(
                  t.graphDef(), t.spec().inputNode(), new HashSet<>(t.spec().frozenVariables())))
          .isEqualTo(GraphNames.FEATURES);
    }
    // the ordinal head's constant outer thresholds are not a second frontier
    try (FineTuner t =
        FineTuner.create(
            FineTuneEngineTest.BACKBONE,
            FineTuneEngineTest.PROFILE,
            FineTuneEngineTest.tiny()
                .freeze(List.of("conv2d0", "mixed3a"))
                .head(HeadKind.ORDINAL)
                .build(),
            null)) {
      assertThat(
              CacheNode.of(
                  t.graphDef(), t.spec().inputNode(), new HashSet<>(t.spec().frozenVariables())))
          .isEqualTo("mixed3a");
    }
  }

  @ParameterizedTest
  @CsvSource({"LINEAR, false", "FROZEN_PREFIX, false", "FROZEN_PREFIX, true"})
  void trainingFromTheCacheGivesTheSameLossesAsWithout(
      Strategy strategy, boolean mirrors, @TempDir Path tmp) throws IOException {
    ExampleSource train = TinyData.make(20, 3, 11);
    ExampleSource val = TinyData.make(6, 3, 12);
    TrainingConfig cfg =
        FineTuneEngineTest.tiny()
            .strategy(strategy)
            .freeze(List.of("conv2d0", "mixed3a"))
            .mirrors(mirrors)
            .epochs(3)
            .build();
    Trainer.Outcome plain;
    Trainer.Outcome cached;
    try (FineTuner t =
        FineTuner.create(FineTuneEngineTest.BACKBONE, FineTuneEngineTest.PROFILE, cfg, null)) {
      plain = Trainer.fit(t, train, val, tmp.resolve("plain"), false, TrainingListener.NONE);
    }
    try (FineTuner t =
        FineTuner.create(FineTuneEngineTest.BACKBONE, FineTuneEngineTest.PROFILE, cfg, null)) {
      ExampleSource ctrain =
          openQuietly(t, train, tmp.resolve("cache"), "train", Rotation.views(mirrors).length);
      ExampleSource cval = openQuietly(t, val, tmp.resolve("cache"), "val", 1);
      assertThat(ctrain.feedNode()).isNotNull();
      cached = Trainer.fit(t, ctrain, cval, tmp.resolve("cached"), false, TrainingListener.NONE);
    }
    for (int e = 0; e < 3; e++) {
      assertThat(cached.history().get(e).trainLoss())
          .isCloseTo(plain.history().get(e).trainLoss(), within(1e-5));
      assertThat(cached.history().get(e).valLoss())
          .isCloseTo(plain.history().get(e).valLoss(), within(1e-5));
    }
  }

  @Test
  void jitterTrainsWithoutTheCacheAndTheCacheRefusesIt(@TempDir Path tmp) throws IOException {
    ExampleSource train = TinyData.make(12, 3, 21);
    ExampleSource val = TinyData.make(6, 3, 22);
    TrainingConfig plain =
        FineTuneEngineTest.tiny().freeze(List.of("conv2d0", "mixed3a")).epochs(2).build();
    TrainingConfig jittered = plain.toBuilder().jitterDegrees(15).jitterScale(0.1).build();
    Trainer.Outcome without;
    Trainer.Outcome with;
    try (FineTuner t =
        FineTuner.create(FineTuneEngineTest.BACKBONE, FineTuneEngineTest.PROFILE, plain, null)) {
      without = Trainer.fit(t, train, val, tmp.resolve("plain"), false, TrainingListener.NONE);
    }
    try (FineTuner t =
        FineTuner.create(FineTuneEngineTest.BACKBONE, FineTuneEngineTest.PROFILE, jittered, null)) {
      with = Trainer.fit(t, train, val, tmp.resolve("jitter"), false, TrainingListener.NONE);
      assertThatThrownBy(() -> openQuietly(t, train, tmp.resolve("cache"), "train", 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cache-features=false");
    }
    // the same seed and rotations: the first epoch's training loss moves only by the jitter
    assertThat(with.history().get(0).trainLoss())
        .isNotCloseTo(without.history().get(0).trainLoss(), within(1e-6));
    assertThat(with.history().get(1).trainLoss()).isFinite();
  }

  @Test
  void aCompleteCacheIsReusedAndAnyKeyChangeOrDamageRebuildsIt(@TempDir Path tmp)
      throws IOException {
    ExampleSource data = TinyData.make(10, 3, 13);
    Path dir = tmp.resolve("cache");
    AtomicLong builds = new AtomicLong();
    AtomicLong size = new AtomicLong();
    try (FineTuner t =
        FineTuner.create(
            FineTuneEngineTest.BACKBONE,
            FineTuneEngineTest.PROFILE,
            FineTuneEngineTest.tiny().strategy(Strategy.LINEAR).build(),
            null)) {
      FeatureCache.open(
          t,
          data,
          dir,
          "train",
          4,
          CacheDtype.FLOAT32,
          "p1",
          4,
          size::set,
          (d, n) -> builds.incrementAndGet());
      long afterFirst = builds.get();
      assertThat(afterFirst).isPositive();
      // 10 images x 4 rotations x the head/gap width (12 channels in the generated backbone) x 4
      // bytes
      assertThat(size.get()).isEqualTo(10L * 4 * 12 * 4);
      FeatureCache.open(
          t,
          data,
          dir,
          "train",
          4,
          CacheDtype.FLOAT32,
          "p1",
          4,
          size::set,
          (d, n) -> builds.incrementAndGet());
      assertThat(builds.get()).isEqualTo(afterFirst);
      FeatureCache.open(
          t,
          data,
          dir,
          "train",
          4,
          CacheDtype.FLOAT32,
          "p2",
          4,
          size::set,
          (d, n) -> builds.incrementAndGet());
      assertThat(builds.get()).isGreaterThan(afterFirst);
      long second = builds.get();
      // damage: truncate the data file; the cache is not trusted and is rebuilt
      Path folder;
      try (Stream<Path> s = Files.list(dir)) {
        folder =
            s.filter(p -> p.getFileName().toString().startsWith("train-"))
                .findFirst()
                .orElseThrow();
      }
      Files.write(folder.resolve("features.bin"), new byte[10]);
      FeatureCache.open(
          t,
          data,
          dir,
          "train",
          4,
          CacheDtype.FLOAT32,
          "p2",
          4,
          size::set,
          (d, n) -> builds.incrementAndGet());
      assertThat(builds.get()).isGreaterThan(second);
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .allMatch(n -> n.startsWith("train-"))
            .hasSize(1);
      }
    }
  }

  @Test
  void float16HalvesTheSizeAndKeepsThreeDigits(@TempDir Path tmp) throws IOException {
    for (float f : new float[] {0f, 1f, -2.5f, 1e-3f, 123.456f, 65504f, 6e-8f}) {
      float back = FeatureCodec.fromHalf(FeatureCodec.toHalf(f));
      assertThat((double) back).isCloseTo(f, within(Math.abs(f) * 1e-3 + 6e-8));
    }
    assertThat(FeatureCodec.fromHalf(FeatureCodec.toHalf(1e6f))).isInfinite();
    ExampleSource data = TinyData.make(6, 3, 14);
    try (FineTuner t =
        FineTuner.create(
            FineTuneEngineTest.BACKBONE,
            FineTuneEngineTest.PROFILE,
            FineTuneEngineTest.tiny().strategy(Strategy.LINEAR).build(),
            null)) {
      ExampleSource f32 =
          FeatureCache.open(
              t, data, tmp, "a", 1, CacheDtype.FLOAT32, "x", 4, b -> {}, (d, n) -> {});
      ExampleSource f16 =
          FeatureCache.open(
              t, data, tmp, "b", 1, CacheDtype.FLOAT16, "x", 4, b -> {}, (d, n) -> {});
      float[] a = new float[12];
      float[] b = new float[12];
      f32.write(3, org.drtune.internal.data.Rotation.R0, a, 0);
      f16.write(3, org.drtune.internal.data.Rotation.R0, b, 0);
      for (int i = 0; i < 12; i++) {
        assertThat((double) b[i]).isCloseTo(a[i], within(Math.abs(a[i]) * 1e-3 + 1e-6));
      }
    }
  }

  /** A float32 cache of {@code views} views per image, batches of 8, without progress reports. */
  private static ExampleSource openQuietly(
      FineTuner t, ExampleSource source, Path dir, String name, int views) throws IOException {
    return FeatureCache.open(
        t, source, dir, name, views, CacheDtype.FLOAT32, "test", 8, b -> {}, (d, n) -> {});
  }
}
