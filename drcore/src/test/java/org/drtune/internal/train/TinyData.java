package org.drtune.internal.train;

import java.util.SplittableRandom;

/** Synthetic, learnable inputs: each class has its own mean colour plus noise. */
final class TinyData {
  static final int SIZE = 32;

  private TinyData() {}

  static ExampleSource make(int n, int classes, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] inputs = new float[n][SIZE * SIZE * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      labels[i] = c;
      for (int p = 0; p < SIZE * SIZE; p++) {
        for (int ch = 0; ch < 3; ch++) {
          float base = (float) Math.cos(c * 1.7 + ch * 2.1) * 60;
          // a vertical gradient, so that rotation changes the input
          float grad = (p / SIZE - SIZE / 2f) * (ch == c % 3 ? 2f : 0f);
          inputs[i][p * 3 + ch] = base + grad + (float) (rnd.nextGaussian() * 20);
        }
      }
    }
    return ExampleSource.inMemory(inputs, labels, SIZE);
  }
}
