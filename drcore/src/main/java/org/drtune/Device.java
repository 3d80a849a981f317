package org.drtune;

import java.util.Locale;
import org.drtune.internal.runtime.Hardware;

/**
 * Where TensorFlow runs: {@code auto} (a GPU when the GPU native build is on the classpath and a
 * device is visible, else the CPU with one warning line per process), {@code cpu}, or {@code
 * gpu[:N]}.
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

  /**
   * Whether ops will run on a GPU: false for {@code cpu}, and for {@code auto} or {@code gpu} when
   * TensorFlow cannot place an op on GPU 0 (the CPU native build, or no usable CUDA device). The
   * check runs once per process.
   */
  public boolean usesGpu() {
    return !kind.equals("cpu") && Hardware.gpuVisible();
  }

  @Override
  public String toString() {
    return kind.equals("gpu") ? "gpu:" + index : kind;
  }
}
