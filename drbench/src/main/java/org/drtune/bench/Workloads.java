package org.drtune.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import org.drtune.internal.graph.Backbone;
import org.drtune.models.AssetResolver;

/**
 * Shared workload facts and inputs of the benchmarks: the GoogLeNet cost model and random batches.
 */
final class Workloads {
  /** Multiply-accumulates of one GoogLeNet forward pass at 224×224 (BVLC GoogLeNet, 1.59 GMAC). */
  static final double GOOGLENET_MAC_224 = 1.59e9;

  /** Batch size of the training-step and peer benchmarks. */
  static final int TRAIN_BATCH = 32;

  /** Number of classes of the fine-tuning head (the five DR grades). */
  static final int CLASSES = 5;

  private Workloads() {}

  /**
   * Floating-point operations (2 per MAC) of one GoogLeNet forward pass at {@code size}×{@code
   * size}.
   */
  static double forwardFlopsPerImage(int size) {
    double scale = (size / 224.0) * (size / 224.0);
    return 2 * GOOGLENET_MAC_224 * scale;
  }

  /**
   * Uniform values in [-120, 135): the range of mean-subtracted 0–255 pixels, so activations look
   * like real ones.
   */
  static float[] randomPixels(int count, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[count * size * size * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 255 - 120);
    }
    return v;
  }

  /** Labels 0 … {@link #CLASSES}-1 in turn. */
  static int[] cyclicLabels(int count) {
    int[] y = new int[count];
    for (int i = 0; i < count; i++) {
      y[i] = i % CLASSES;
    }
    return y;
  }

  /**
   * The BVLC GoogLeNet found through the project's normal asset lookup (the {@code shared} sibling
   * folder).
   */
  static Backbone googLeNet() {
    try {
      return Backbone.bvlcGoogLeNet(AssetResolver.defaults());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load the BVLC GoogLeNet weights: " + e.getMessage(), e);
    }
  }

  /** Closes {@code c} if not null, rethrowing a failure unchecked with the type that failed. */
  static void close(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot close " + c.getClass().getSimpleName() + ": " + e, e);
      }
    }
  }
}
