package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.drtune.grading.DrClassifier;
import org.drtune.internal.data.ImageDecoder;
import org.drtune.training.DatasetOptions;
import org.drtune.training.FineTuneJob;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid options fail at once with a message naming the option, the bad value and what is valid:
 * numbers of {@link TrainingConfig}, unknown strategies, and frozen or cut layers the backbone does
 * not have (which must fail before anything is written into the run folder).
 */
class OptionValidationTest {
  @TempDir Path tmp;

  static Stream<Arguments> badNumbers() {
    return Stream.of(
        bad(b -> b.numClasses(1), "numClasses must be at least 2, got 1"),
        bad(b -> b.inputSize(16), "inputSize must be between 32 and 2048, got 16"),
        bad(b -> b.inputSize(4096), "inputSize must be between 32 and 2048, got 4096"),
        bad(b -> b.dropout(1.0), "dropout must be in [0, 1), got 1.0"),
        bad(b -> b.dropout(-0.1), "dropout must be in [0, 1), got -0.1"),
        bad(b -> b.l2(Double.NaN), "l2 must be >= 0, got NaN"),
        bad(b -> b.l2(Double.POSITIVE_INFINITY), "l2 must be >= 0, got Infinity"),
        bad(b -> b.learningRate(0), "learningRate must be in (0, 10), got 0.0"),
        bad(b -> b.learningRate(Double.NaN), "learningRate must be in (0, 10), got NaN"),
        bad(b -> b.headLrMultiplier(0), "headLrMultiplier must be > 0, got 0.0"),
        bad(b -> b.lrDecay(1.5), "lrDecay must be in (0, 1], got 1.5"),
        bad(b -> b.momentum(1), "momentum must be in [0, 1), got 1.0"),
        bad(b -> b.epochs(0), "epochs must be at least 1, got 0"),
        bad(b -> b.batchSize(0), "batchSize must be between 1 and 4096, got 0"),
        bad(b -> b.batchSize(100_000), "batchSize must be between 1 and 4096, got 100000"),
        bad(b -> b.patience(-1), "patience must be >= 0, got -1"));
  }

  private static Arguments bad(UnaryOperator<TrainingConfig.Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badNumbers")
  void invalidNumbersNameTheOptionAndTheValue(
      UnaryOperator<TrainingConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(TrainingConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void otherOptionRecordsNameTheBadValue() {
    assertThatThrownBy(() -> new ImageDecoder(0, 512))
        .hasMessageContaining("maxPixels must be positive, got 0");
    assertThatThrownBy(() -> DrClassifier.Options.defaults().withBatchSize(0))
        .hasMessageContaining("batchSize must be 1..1024, got 0");
    assertThatThrownBy(() -> DrClassifier.Options.defaults().withReferableGrade(5))
        .hasMessageContaining("referableGrade must be 1..4, got 5");
    assertThatThrownBy(() -> DatasetOptions.defaults().withValidation(1.0, 1))
        .hasMessageContaining("validationFraction must be in (0, 1), got 1.0");
  }

  @Test
  void anUnknownStrategyListsTheValidOnes() {
    assertThatThrownBy(() -> Strategy.parse("fine-tune-everything"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown strategy 'fine-tune-everything'; valid strategies: linear, early-features,"
                + " full, frozen-prefix");
    assertThat(Strategy.parse("FROZEN_PREFIX")).isEqualTo(Strategy.FROZEN_PREFIX);
  }

  @Test
  void freezingOrCuttingAtALayerTheBackboneLacksListsTheValidNamesAndWritesNothing()
      throws Exception {
    Path npz = TinyModels.data(tmp.resolve("tiny.npz"));
    Path run = tmp.resolve("run");
    TrainingConfig freeze =
        TinyModels.config(1).toBuilder().freeze(List.of("conv2d0", "conv9")).build();
    assertThatThrownBy(
            () ->
                FineTuneJob.run(
                    TinyModels.request(npz, run, 1).withTraining(freeze), TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown layer 'conv9'")
        .hasMessageContaining("valid layers: conv2d0, conv2d1, conv2d2, mixed3a, mixed3b");
    TrainingConfig cut = TinyModels.config(1).toBuilder().cutLayer("inception_4e").build();
    assertThatThrownBy(
            () ->
                FineTuneJob.run(
                    TinyModels.request(npz, run, 1).withTraining(cut), TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown layer 'inception_4e'")
        .hasMessageContaining("valid layers: conv2d0");
    assertThat(run.resolve("model")).doesNotExist();
    assertThat(run.resolve("checkpoints")).doesNotExist();
    if (Files.isDirectory(run)) {
      try (Stream<Path> s = Files.list(run)) {
        assertThat(s.toList()).isEmpty();
      }
    }
  }
}
