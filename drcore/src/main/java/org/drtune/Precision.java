package org.drtune;

import java.util.Locale;

/**
 * The arithmetic TensorFlow runs the network in.
 *
 * <ul>
 *   <li>{@code FP32}: float32 everywhere (the reference).
 *   <li>{@code BF16}: oneDNN's bfloat16 auto-mixed precision on CPUs with AVX512-BF16 or AMX:
 *       convolutions and matrix products in bfloat16, variables, the loss and the updates in
 *       float32 (TensorFlow's {@code auto_mixed_precision_onednn_bfloat16} graph rewrite). About
 *       1.5× the forward and 1.6× the frozen-prefix training throughput of FP32 on the 2-vCPU AMD
 *       EPYC this project is measured on (drbench README). Where the CPU lacks bfloat16 support, or
 *       on a GPU, it falls back to FP32 with one warning.
 * </ul>
 */
public enum Precision {
  /** float32. */
  FP32,
  /** bfloat16 mixed precision on CPUs that support it, else float32. */
  BF16;

  /** The name on the command line and in cards: {@code fp32} or {@code bf16}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code fp32} or {@code bf16} (any case). */
  public static Precision parse(String name) {
    for (Precision p : values()) {
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("precision must be fp32 or bf16, got " + name);
  }

  @Override
  public String toString() {
    return cliName();
  }
}
