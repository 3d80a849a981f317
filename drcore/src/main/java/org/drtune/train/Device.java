package org.drtune.train;

import java.util.Locale;
import java.util.function.Consumer;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;

/**
 * Where TensorFlow runs: {@code auto} (a GPU when the GPU native build is on the classpath and a device is visible,
 * else the CPU with one warning line per process), {@code cpu}, or {@code gpu[:N]}.
 *
 * @param kind "auto", "cpu" or "gpu"
 * @param index GPU index for {@code gpu}, else 0
 * @param logPlacement ask TensorFlow to log where each op is placed (to stderr)
 */
public record Device(String kind, int index, boolean logPlacement) {
  /** Validates the parts. */
  public Device {
    if (!kind.equals("auto") && !kind.equals("cpu") && !kind.equals("gpu")) {
      throw new IllegalArgumentException("device must be auto, cpu or gpu[:N], got " + kind);
    }
    if (index < 0) {
      throw new IllegalArgumentException("GPU index must be >= 0, got " + index);
    }
  }

  /** {@code auto}. */
  public static Device auto() {
    return new Device("auto", 0, false);
  }

  /** {@code cpu}. */
  public static Device cpu() {
    return new Device("cpu", 0, false);
  }

  /** Parses {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
  public static Device parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("gpu:")) {
      try {
        return new Device("gpu", Integer.parseInt(v.substring(4)), false);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("device must be auto, cpu or gpu[:N], got " + s);
      }
    }
    if (v.equals("auto") || v.equals("cpu") || v.equals("gpu")) {
      return new Device(v, 0, false);
    }
    throw new IllegalArgumentException("device must be auto, cpu or gpu[:N], got " + s);
  }

  /** This device with op-placement logging on or off. */
  public Device withLogPlacement(boolean log) {
    return new Device(kind, index, log);
  }

  private static volatile Boolean gpuVisible;
  private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Whether TensorFlow can run an op on GPU 0: false with the CPU native build or without a visible CUDA device.
   * Checked once per process by placing a tiny op on {@code /device:GPU:0} without soft placement.
   */
  public static boolean gpuVisible() {
    Boolean v = gpuVisible;
    if (v == null) {
      v = probeGpu();
      gpuVisible = v;
    }
    return v;
  }

  private static boolean probeGpu() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU)
          .deviceIndex(0).build());
      Operand<TFloat32> x = tf.math.add(tf.constant(1f), tf.constant(2f));
      try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
          var r = s.runner().fetch(x).run()) {
        return true;
      }
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  /**
   * The session configuration for this device. With {@code auto} and no GPU, or {@code gpu} and no GPU, one line
   * goes to {@code warn} and the CPU is used.
   */
  public ConfigProto configProto(Consumer<String> warn) {
    ConfigProto.Builder b = ConfigProto.newBuilder().setLogDevicePlacement(logPlacement).setAllowSoftPlacement(true);
    boolean gpu = !kind.equals("cpu") && gpuVisible();
    if (!gpu) {
      if (kind.equals("auto")) {
        warnOnce(warn,"drtune: no GPU visible (CPU native build, or no CUDA device); running on the CPU");
      } else if (kind.equals("gpu")) {
        warnOnce(warn, "drtune: --device gpu" + (index > 0 ? ":" + index : "") + " asked, but no GPU is visible (the"
            + " CPU native build is on the classpath or CUDA 12/cuDNN 9 were not found); running on the CPU");
      }
      b.putDeviceCount("GPU", 0);
    } else {
      b.setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(Integer.toString(index)).setAllowGrowth(true));
    }
    return b.build();
  }

  /** The CPU fall-back is said once per process, not on every session. */
  private static void warnOnce(Consumer<String> warn, String message) {
    if (WARNED.compareAndSet(false, true)) {
      warn.accept(message);
    }
  }

  /** Forgets that the fall-back warning was given (tests). */
  static void resetWarning() {
    WARNED.set(false);
  }

  /** Whether ops will run on a GPU. */
  public boolean usesGpu() {
    return !kind.equals("cpu") && gpuVisible();
  }

  @Override
  public String toString() {
    return kind.equals("gpu") ? "gpu:" + index : kind;
  }
}
