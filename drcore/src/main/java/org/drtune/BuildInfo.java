package org.drtune;

import org.drtune.internal.model.Versions;
import org.drtune.internal.runtime.Hardware;

/**
 * What this process runs on: drtune's version, TensorFlow Java's and native TensorFlow's, which
 * native build is loaded, Java's, and whether the CPU has the bfloat16 instructions {@link
 * Precision#BF16} uses. {@code drtune --version} prints it; put it in bug reports.
 *
 * @param drtune drtune's version as built (e.g. {@code 0.1.0-SNAPSHOT})
 * @param tensorflowJava TensorFlow Java's version (e.g. {@code 1.1.0})
 * @param tensorflow native TensorFlow's version (e.g. {@code 2.18.0}); reading it loads the native
 *     library
 * @param nativeBuild the native build on the class path: {@code cpu} or {@code gpu}
 * @param java the Java runtime's version and vendor
 * @param cpuBf16 whether the CPU has {@code avx512_bf16} or {@code amx_bf16}
 */
public record BuildInfo(
    String drtune,
    String tensorflowJava,
    String tensorflow,
    String nativeBuild,
    String java,
    boolean cpuBf16) {

  /** This process's versions (loads TensorFlow's native library when it is not loaded yet). */
  public static BuildInfo current() {
    var v = Versions.current();
    return new BuildInfo(
        v.get("drtune"),
        v.get("tensorflowJava"),
        v.get("tensorflow"),
        Hardware.nativeBuildIsGpu() ? "gpu" : "cpu",
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        Hardware.cpuHasBf16());
  }

  /** The lines {@code drtune --version} prints. */
  public String[] lines() {
    return new String[] {
      "drtune " + drtune,
      "TensorFlow "
          + tensorflow
          + " (TensorFlow Java "
          + tensorflowJava
          + ", "
          + nativeBuild
          + " native build)",
      "Java " + java,
      "CPU bfloat16: " + (cpuBf16 ? "yes (--precision bf16 runs mixed precision)" : "no")
    };
  }
}
