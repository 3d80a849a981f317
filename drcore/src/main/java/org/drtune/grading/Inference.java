package org.drtune.grading;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.model.FeatureReference;
import org.drtune.internal.model.ModelLoader;
import org.drtune.model.Preprocessing;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The tensor loop of a {@link DrClassifier}: the loaded members' sessions, run on a batch of
 * photographs at every rotation of test-time augmentation, their probabilities averaged. Owns the
 * native models: many threads may run batches at once, {@link #close()} waits for them and frees
 * the models, and a run after close fails.
 *
 * <p>A member with a feature reference is always asked for its probabilities and its reference node
 * together, so each member's session has one callable (TensorFlow optimises the graph once per
 * distinct set of fetches); the reference node's values are read only where they are wanted.
 */
final class Inference implements AutoCloseable {
  private final List<ModelLoader.Loaded> members;
  private final Preprocessing preprocessing;
  private final int numClasses;
  private final Rotation[] views;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  Inference(
      List<ModelLoader.Loaded> members,
      Preprocessing preprocessing,
      int numClasses,
      boolean testTimeAugmentation) {
    this.members = members;
    this.preprocessing = preprocessing;
    this.numClasses = numClasses;
    this.views =
        testTimeAugmentation ? Rotation.views(mirrored(members)) : new Rotation[] {Rotation.R0};
  }

  /**
   * Whether a member learnt from mirrored views: test-time augmentation then averages all eight.
   */
  private static boolean mirrored(List<ModelLoader.Loaded> members) {
    return members.stream().anyMatch(m -> m.card().learntFromMirrors());
  }

  /**
   * Probabilities (averaged over rotations with test-time augmentation, and over ensemble members)
   * of a batch. With {@code wanted}, the feature distance of each wanted image (unrotated, averaged
   * over the members that have a feature reference; NaN when none has) goes into {@code
   * featureDistance}.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  float[][] probabilities(List<BufferedImage> batch, boolean[] wanted, double[] featureDistance) {
    int n = batch.size();
    int per = preprocessing.valuesPerImage();
    Rotation[] rotations = views;
    float[][] mean = new float[n][numClasses];
    float[] pixels = new float[n * per];
    for (Rotation r : rotations) {
      // TensorFlow waits while the batch is prepared: spread the images over the cores (each
      // writes its own slice)
      IntStream.range(0, n)
          .parallel()
          .forEach(i -> Preprocessor.write(preprocessing, batch.get(i), r, pixels, i * per));
      boolean[] distances = r == Rotation.R0 ? wanted : null;
      lock.readLock().lock();
      try {
        if (closed) {
          throw new IllegalStateException("DrClassifier is closed");
        }
        run(pixels, n, rotations.length, mean, distances, featureDistance);
      } finally {
        lock.readLock().unlock();
      }
    }
    return mean;
  }

  /** One rotation of the batch through every member; adds its share to {@code mean}. */
  private void run(
      float[] pixels,
      int n,
      int rotations,
      float[][] mean,
      boolean[] wanted,
      double[] featureDistance) {
    int s = preprocessing.inputSize();
    int k = numClasses;
    float[] flat = new float[n * k];
    int referenced = 0;
    double[] sum = new double[n];
    try (TFloat32 x =
        TFloat32.tensorOf(Shape.of(n, s, s, 3), DataBuffers.of(pixels, true, false))) {
      for (ModelLoader.Loaded m : members) {
        Session.Runner run =
            m.bundle().session().runner().feed(m.inputName(), x).fetch(m.probabilitiesName());
        if (m.reference() != null) {
          run.fetch(m.featuresName());
        }
        try (Result res = run.run()) {
          ((TFloat32) res.get(0)).copyTo(DataBuffers.of(flat, false, false));
          if (wanted != null && m.reference() != null) {
            addDistances(m.reference(), (TFloat32) res.get(1), wanted, sum);
            referenced++;
          }
        }
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < k; c++) {
            mean[i][c] += flat[i * k + c] / (rotations * members.size());
          }
        }
      }
    }
    if (referenced > 0) {
      for (int i = 0; i < n; i++) {
        if (wanted[i]) {
          featureDistance[i] = sum[i] / referenced;
        }
      }
    }
  }

  private static void addDistances(
      FeatureReference reference, TFloat32 features, boolean[] wanted, double[] sum) {
    float[][] rows = FeatureReference.pooledRows(features);
    for (int i = 0; i < wanted.length; i++) {
      if (wanted[i]) {
        sum[i] += reference.relativeDistance(rows[i]);
      }
    }
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    lock.readLock().lock();
    try {
      return closed;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for runs in progress, then frees the native models. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        members.forEach(ModelLoader.Loaded::close);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
