package org.drtune.internal.runtime;

import java.util.function.Consumer;
import org.drtune.Device;
import org.drtune.DeviceUnavailableException;
import org.drtune.Precision;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The TensorFlow session configuration of a {@link Device} and a {@link Precision}, on what {@link
 * Hardware} found. Asking for one sets TensorFlow's native log level first ({@link
 * NativeLogging#applyDefault()}; INFO when the device logs op placement).
 */
public final class SessionConfig {
  private static final org.slf4j.Logger LOG = Logs.runtime();

  private SessionConfig() {}

  private static final java.util.concurrent.atomic.AtomicBoolean WARNED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * The session configuration for this device. With {@code auto} and no GPU one line goes to {@code
   * warn} and the CPU is used; {@code gpu} without a GPU fails.
   *
   * @throws DeviceUnavailableException for {@code gpu[:N]} when TensorFlow sees no GPU
   */
  public static ConfigProto configProto(Device device, Consumer<String> warn) {
    return configProto(device, Precision.FP32, warn);
  }

  /**
   * The session configuration for this device and precision. {@code BF16} switches on oneDNN's
   * bfloat16 auto-mixed-precision rewrite on a CPU that supports bfloat16 ({@link
   * Hardware#cpuHasBf16()}); without that support, or on a GPU, one line goes to {@code warn} and
   * the network runs in float32.
   */
  public static ConfigProto configProto(Device device, Precision precision, Consumer<String> warn) {
    ConfigProto c = build(device, precision, warn);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "session: device {} ({}), precision {} ({}){}",
          device,
          c.getDeviceCountOrDefault("GPU", -1) == 0
              ? "the CPU"
              : "GPU " + c.getGpuOptions().getVisibleDeviceList(),
          precision,
          effective(device, precision) == Precision.BF16 ? "oneDNN's bfloat16 rewrite" : "float32",
          device.logPlacement() ? ", op placement logged" : "");
    }
    return c;
  }

  private static ConfigProto build(Device device, Precision precision, Consumer<String> warn) {
    NativeLogging.applyDefault();
    if (device.logPlacement()) {
      NativeLogging.set(0); // TensorFlow logs the placement at INFO
    }
    String kind = device.kind();
    int index = device.index();
    ConfigProto.Builder b =
        ConfigProto.newBuilder()
            .setLogDevicePlacement(device.logPlacement())
            .setAllowSoftPlacement(true);
    boolean gpu = !kind.equals("cpu") && Hardware.gpuVisible();
    if (!gpu) {
      if (kind.equals("auto")) {
        warnOnce(
            warn,
            "drtune: no GPU visible (CPU native build, or no CUDA device); running on the CPU");
      } else if (kind.equals("gpu")) {
        throw new DeviceUnavailableException(
            "device gpu"
                + (index > 0 ? ":" + index : "")
                + " asked, but TensorFlow sees no GPU: "
                + (Hardware.nativeBuildIsGpu()
                    ? "the GPU native build is loaded, but no CUDA device or no CUDA 12 / cuDNN 9"
                        + " libraries were found (libcuda.so.1, libcudart.so.12, libcudnn.so.9 on"
                        + " LD_LIBRARY_PATH; see nvidia-smi)"
                    : "the CPU native build of TensorFlow is on the class path (build with -Pgpu,"
                        + " or depend on tensorflow-core-native with classifier linux-x86_64-gpu)")
                + "; use --device auto or cpu to run on the CPU");
      }
      b.putDeviceCount("GPU", 0);
      if (precision == Precision.BF16) {
        if (Hardware.cpuHasBf16()) {
          b.setGraphOptions(
              GraphOptions.newBuilder()
                  .setRewriteOptions(
                      RewriterConfig.newBuilder()
                          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
        } else {
          warnBf16Once(
              warn,
              "drtune: bf16 asked, but this CPU has no bfloat16 support (avx512_bf16 or amx_bf16);"
                  + " running in fp32");
        }
      }
    } else {
      b.setGpuOptions(
          GPUOptions.newBuilder()
              .setVisibleDeviceList(Integer.toString(index))
              .setAllowGrowth(true));
      if (precision == Precision.BF16) {
        warnBf16Once(
            warn, "drtune: bf16 applies to CPUs with bfloat16 support; the GPU runs in fp32");
      }
    }
    return b.build();
  }

  /** The precision a session of {@link #configProto} actually runs in on this machine. */
  public static Precision effective(Device device, Precision precision) {
    boolean gpu = !device.kind().equals("cpu") && Hardware.gpuVisible();
    return precision == Precision.BF16 && !gpu && Hardware.cpuHasBf16()
        ? Precision.BF16
        : Precision.FP32;
  }

  private static final java.util.concurrent.atomic.AtomicBoolean WARNED_BF16 =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static void warnBf16Once(Consumer<String> warn, String message) {
    if (WARNED_BF16.compareAndSet(false, true)) {
      warn.accept(message);
    }
  }

  /** The CPU fall-back is said once per process, not on every session. */
  private static void warnOnce(Consumer<String> warn, String message) {
    if (WARNED.compareAndSet(false, true)) {
      warn.accept(message);
    }
  }

  /** Forgets that the fall-back warning was given (tests). */
  public static void resetWarning() {
    WARNED.set(false);
  }
}
