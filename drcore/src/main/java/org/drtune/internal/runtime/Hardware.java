package org.drtune.internal.runtime;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * What this process can run on, each fact found once: whether TensorFlow sees a GPU, whether the
 * CPU has bfloat16 instructions, and which native build of TensorFlow is loaded. Knows nothing of
 * drtune's own types, so that both the public {@code Device} and {@link SessionConfig} can ask it.
 */
public final class Hardware {
  private static final org.slf4j.Logger LOG = Logs.runtime();

  private Hardware() {}

  private static volatile Boolean gpuVisible;
  private static volatile Boolean bf16;

  /**
   * Whether TensorFlow can run an op on GPU 0: false with the CPU native build or without a visible
   * CUDA device. Checked once per process by placing a tiny op on {@code /device:GPU:0} without
   * soft placement.
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
    NativeLogging.applyDefault();
    try (Graph g = new Graph()) {
      Ops tf =
          Ops.create(g)
              .withDevice(
                  DeviceSpec.newBuilder()
                      .deviceType(DeviceSpec.DeviceType.GPU)
                      .deviceIndex(0)
                      .build());
      Operand<TFloat32> x = tf.math.add(tf.constant(1f), tf.constant(2f));
      try (Session s =
              new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
          var r = s.runner().fetch(x).run()) {
        LOG.debug("TensorFlow sees GPU 0");
        return true;
      }
    } catch (RuntimeException | Error e) {
      LOG.debug(
          "TensorFlow sees no GPU: {}",
          String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      return false;
    }
  }

  /**
   * Whether the CPU has bfloat16 instructions oneDNN uses ({@code avx512_bf16} or {@code amx_bf16}
   * in {@code /proc/cpuinfo}); false where that file is absent (not Linux).
   */
  public static boolean cpuHasBf16() {
    Boolean v = bf16;
    if (v == null) {
      try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
        v =
            lines
                .filter(l -> l.startsWith("flags"))
                .findFirst()
                .map(l -> l.contains(" avx512_bf16") || l.contains(" amx_bf16"))
                .orElse(false);
      } catch (IOException | RuntimeException e) {
        v = false;
      }
      bf16 = v;
      LOG.debug("CPU bfloat16 instructions (avx512_bf16 or amx_bf16): {}", v);
    }
    return v;
  }

  /**
   * Whether the GPU native build of TensorFlow is on the class path or the module path (its jar's
   * classifier). A file is looked up, not its folder: on the module path the folder's name falls in
   * the package {@code org.tensorflow.internal.c_api} of module {@code tensorflow.nativelib}, which
   * does not hold it, while the file's folder is no package and is found in any module.
   */
  public static boolean nativeBuildIsGpu() {
    URL where =
        Hardware.class
            .getClassLoader()
            .getResource("org/tensorflow/internal/c_api/linux-x86_64-gpu/libjnitensorflow.so");
    return where != null;
  }
}
