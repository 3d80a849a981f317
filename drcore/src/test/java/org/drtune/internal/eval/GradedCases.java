package org.drtune.internal.eval;

import java.util.Random;

/** Cases shared by the metric tests: a hand-computed referable-DR table and random graded cases. */
final class GradedCases {

  /** Tolerance of the hand-computed values. */
  static final double EPS = 1e-12;

  // Five grades, six cases. Referable scores (grades 2..4 summed):
  //   r0 0.05+0.05+0 = 0.1 (grade 0), r1 0.2+0.1+0 = 0.3 (grade 1), r2 0.4+0.2+0.1 = 0.7 (grade 2),
  //   r3 0.2+0.1+0 = 0.3 (grade 3), r4 0.1+0.3+0.6 = 1.0 (grade 4), r5 0.3+0.2+0.1 = 0.6 (grade 1).
  // Positives (grade >= 2): 0.7, 0.3, 1.0; negatives: 0.1, 0.3, 0.6.
  static final int[] REF_LABELS = {0, 1, 2, 3, 4, 1};
  static final float[][] REF_PROBS = {
    {0.8f, 0.1f, 0.05f, 0.05f, 0f},
    {0.3f, 0.4f, 0.2f, 0.1f, 0f},
    {0.1f, 0.2f, 0.4f, 0.2f, 0.1f},
    {0.2f, 0.5f, 0.2f, 0.1f, 0f},
    {0f, 0f, 0.1f, 0.3f, 0.6f},
    {0.1f, 0.3f, 0.3f, 0.2f, 0.1f},
  };

  /** Random 5-grade labels and probabilities that are informative about the grade. */
  static Object[] randomCases(int n, long seed) {
    Random r = new Random(seed);
    int[] labels = new int[n];
    float[][] probs = new float[n][5];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(5);
      double sum = 0;
      double[] raw = new double[5];
      for (int c = 0; c < 5; c++) {
        raw[c] = Math.exp(r.nextGaussian() + (c == labels[i] ? 1.2 : 0));
        sum += raw[c];
      }
      for (int c = 0; c < 5; c++) {
        probs[i][c] = (float) (raw[c] / sum);
      }
    }
    return new Object[] {labels, probs};
  }

  private GradedCases() {}
}
