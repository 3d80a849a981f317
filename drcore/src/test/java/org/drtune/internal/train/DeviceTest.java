package org.drtune.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.drtune.Device;
import org.drtune.internal.runtime.Hardware;
import org.drtune.internal.runtime.SessionConfig;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

class DeviceTest {
  @Test
  void parsesTheDeviceOption() {
    assertThat(Device.parse("auto")).isEqualTo(Device.auto());
    assertThat(Device.parse("CPU")).isEqualTo(Device.cpu());
    assertThat(Device.parse("gpu:1").index()).isEqualTo(1);
    assertThat(Device.parse("gpu").toString()).isEqualTo("gpu:0");
    assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("auto, cpu or gpu[:N]");
    assertThatThrownBy(() -> Device.parse("gpu:x")).hasMessageContaining("gpu[:N]");
  }

  @Test
  void withoutAGpuAutoFallsBackToTheCpuWithOneWarningAndGpuFails() {
    // The CPU native build is on the test classpath: no GPU can be visible, whatever the machine
    // has.
    org.junit.jupiter.api.Assumptions.assumeFalse(Hardware.gpuVisible(), "a GPU is visible here");
    List<String> warnings = new ArrayList<>();
    SessionConfig.resetWarning();
    ConfigProto auto = SessionConfig.configProto(Device.auto(), warnings::add);
    assertThat(auto.getDeviceCountMap()).containsEntry("GPU", 0);
    assertThat(warnings).hasSize(1).first().asString().contains("running on the CPU");
    SessionConfig.configProto(Device.auto(), warnings::add);
    assertThat(warnings).as("once per process").hasSize(1);
    warnings.clear();
    SessionConfig.resetWarning();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SessionConfig.configProto(Device.parse("gpu:0"), warnings::add))
        .isInstanceOf(org.drtune.DeviceUnavailableException.class)
        .hasMessageContaining("the CPU native build of TensorFlow is on the class path")
        .hasMessageContaining("--device auto or cpu");
    assertThat(warnings).isEmpty();
    SessionConfig.configProto(Device.cpu(), warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(
            SessionConfig.configProto(Device.auto().withLogPlacement(true), w -> {})
                .getLogDevicePlacement())
        .isTrue();
  }
}
