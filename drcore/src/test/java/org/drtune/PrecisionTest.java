package org.drtune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.drtune.grading.DrClassifier;
import org.drtune.internal.runtime.Hardware;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * bf16: the session rewrite where the CPU has it, fp32 with a warning where not, recorded in the
 * card.
 */
class PrecisionTest {
  @Test
  void bf16SwitchesOnTheOneDnnRewriteOnlyWhereTheCpuHasBfloat16() {
    ConfigProto fp32 = SessionConfig.configProto(Device.cpu(), Precision.FP32, w -> {});
    assertThat(fp32.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
        .isEqualTo(RewriterConfig.Toggle.DEFAULT);
    ConfigProto bf16 = SessionConfig.configProto(Device.cpu(), Precision.BF16, w -> {});
    assertThat(bf16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
        .isEqualTo(
            Hardware.cpuHasBf16() ? RewriterConfig.Toggle.ON : RewriterConfig.Toggle.DEFAULT);
    assertThat(SessionConfig.effective(Device.cpu(), Precision.BF16))
        .isEqualTo(Hardware.cpuHasBf16() ? Precision.BF16 : Precision.FP32);
    assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
    assertThat(Precision.BF16.cliName()).isEqualTo("bf16");
  }

  @Test
  void aBf16ModelRecordsItsPrecisionAndClassifiesCloseToFp32(@TempDir Path tmp) throws Exception {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 0, 3, 1);
    FineTuneRequest req = TinyBackbone.request(npz, tmp.resolve("run"));
    FineTuneJob.Result r =
        FineTuneJob.run(
            req.withTraining(req.training().toBuilder().precision(Precision.BF16).build()),
            TrainingListener.NONE);
    assertThat(r.card().training().precision()).isEqualTo(Precision.BF16);
    assertThat(r.card().data().get("precision"))
        .isEqualTo(SessionConfig.effective(Device.cpu(), Precision.BF16).cliName());

    java.awt.image.BufferedImage image =
        org.drtune.internal.data.MedMnistNpz.read(npz, 3).split("val").load(0);
    DrClassifier.Options cpu = DrClassifier.Options.defaults().withDevice(Device.cpu());
    try (DrClassifier asTrained = DrClassifier.load(r.modelDir(), cpu);
        DrClassifier fp32 = DrClassifier.load(r.modelDir(), cpu.withPrecision(Precision.FP32))) {
      assertThat(asTrained.precision())
          .isEqualTo(SessionConfig.effective(Device.cpu(), Precision.BF16));
      assertThat(fp32.precision()).isEqualTo(Precision.FP32);
      List<Double> a = asTrained.classify(image).probabilities();
      List<Double> b = fp32.classify(image).probabilities();
      for (int c = 0; c < a.size(); c++) {
        assertThat(a.get(c)).isCloseTo(b.get(c), within(0.05));
      }
      if (asTrained.precision() == Precision.BF16) {
        assertThat(a).as("bfloat16 arithmetic gives other rounding").isNotEqualTo(b);
      }
    }
  }
}
