package org.drtune.grading;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.model.ActivationHead;
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
  private ActivationHead[] heads;

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

  /**
   * The probabilities of one photograph and, per member, its class activation map on the feature
   * grid (each view's map turned back to the unrotated image, then averaged over the views).
   *
   * @param probabilities the probabilities, averaged over views and members as {@link
   *     #probabilities} averages them
   * @param heads each member's head (its feature node)
   * @param grids each member's map, row-major [side, side], in log-odds of referable DR
   * @param sides each member's grid side
   * @param views the number of views averaged
   */
  record Explained(
      float[] probabilities, ActivationHead[] heads, float[][] grids, int[] sides, int views) {}

  /**
   * The probabilities and evidence maps of one photograph: every view of test-time augmentation in
   * one run per member that fetches the pre-pool feature map with the probabilities.
   *
   * @param from the first referable class
   * @throws UnsupportedOperationException when a member cannot give a map
   * @throws IllegalStateException after {@link #close()}
   */
  Explained explain(BufferedImage image, int from) {
    int n = views.length;
    int per = preprocessing.valuesPerImage();
    float[] pixels = new float[n * per];
    IntStream.range(0, n)
        .parallel()
        .forEach(v -> Preprocessor.write(preprocessing, image, views[v], pixels, v * per));
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("DrClassifier is closed");
      }
      ActivationHead[] hs = heads();
      float[] mean = new float[numClasses];
      float[][] grids = new float[members.size()][];
      int[] sides = new int[members.size()];
      int s = preprocessing.inputSize();
      try (TFloat32 x =
          TFloat32.tensorOf(Shape.of(n, s, s, 3), DataBuffers.of(pixels, true, false))) {
        for (int m = 0; m < members.size(); m++) {
          grids[m] = explainMember(members.get(m), hs[m], x, from, mean);
          sides[m] = (int) Math.round(Math.sqrt(grids[m].length));
        }
      }
      return new Explained(mean, hs, grids, sides, n);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** One member's run on every view; adds its probabilities' share to {@code mean}. */
  private float[] explainMember(
      ModelLoader.Loaded m, ActivationHead h, TFloat32 x, int from, float[] mean) {
    int n = views.length;
    float[] probs = new float[n * numClasses];
    float[] features;
    int side;
    try (Result res =
        m.bundle()
            .session()
            .runner()
            .feed(m.inputName(), x)
            .fetch(m.probabilitiesName())
            .fetch(h.featureNode())
            .run()) {
      ((TFloat32) res.get(0)).copyTo(DataBuffers.of(probs, false, false));
      TFloat32 f = (TFloat32) res.get(1);
      long[] shape = f.shape().asArray();
      if (shape[1] != shape[2] || shape[1] * shape[2] < 2) {
        throw ActivationHead.noGrid(m, h.featureNode(), shape[1], shape[2]);
      }
      side = (int) shape[1];
      features = new float[(int) f.shape().size()];
      f.copyTo(DataBuffers.of(features, false, false));
    }
    int cells = side * side;
    float[] grid = new float[cells];
    for (int v = 0; v < n; v++) {
      for (int c = 0; c < numClasses; c++) {
        mean[c] += probs[v * numClasses + c] / (n * members.size());
      }
      float[] viewMap = h.map(features, v * cells * h.depth(), cells, from);
      float[] back = views[v].inverse().apply(viewMap, side, 1);
      for (int c = 0; c < cells; c++) {
        grid[c] += back[c] / n;
      }
    }
    return grid;
  }

  /** The members' heads, read on first use (so that classification alone never reads them). */
  private synchronized ActivationHead[] heads() {
    if (heads == null) {
      ActivationHead[] hs = new ActivationHead[members.size()];
      for (int m = 0; m < hs.length; m++) {
        hs[m] = ActivationHead.of(members.get(m));
      }
      heads = hs;
    }
    return heads;
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
