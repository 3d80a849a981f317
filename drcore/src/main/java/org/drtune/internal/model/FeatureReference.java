package org.drtune.internal.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * What a model's training photographs look like to its frozen ImageNet layers: their activations at
 * the end of the frozen prefix, averaged over the spatial positions and L2-normalised, against
 * which a new picture is measured as the Euclidean distance to its {@code k}-th nearest reference
 * photograph (the deep-nearest-neighbour out-of-distribution score). The limit is calibrated on the
 * reference alone: the {@value #QUANTILE} quantile of each reference photograph's leave-one-out
 * distance to the others, so that a photograph as typical as the training photographs are of one
 * another scores at most about 1 in {@link #relativeDistance}.
 *
 * <p>The quality check uses it where shape alone cannot decide: a picture that fills the whole
 * frame (no dark surround to fit a disc to) may be a fundus cropped inside its field of view, like
 * some of RetinaMNIST's thumbnails, or a texture, a natural photograph or a coloured card. The
 * frozen layers keep their ImageNet weights whatever the fine-tuning did, and they tell textures
 * and gradients from fundus photographs better than the fine-tuned layers, which learn to see every
 * blurred reddish picture alike (docs/RESULTS.md, section 6).
 *
 * @param features the reference photographs' normalised features, one row each
 * @param k which nearest neighbour counts
 * @param limit the calibrated distance limit
 */
public record FeatureReference(float[][] features, int k, double limit) {
  /** The key of the model card's {@code data} entry that describes the file. */
  public static final String CARD_KEY = "featureReference";

  /** The file in a model folder. */
  public static final String FILE = "feature-reference.bin";

  /** Neighbour counted, at most (fewer when the reference is small). */
  public static final int K = 5;

  /** Quantile of the leave-one-out distances that sets the limit. */
  public static final double QUANTILE = 0.995;

  /** Photographs kept, at most (a seeded sample of larger training sets). */
  public static final int MAX_PHOTOGRAPHS = 2000;

  private static final byte[] MAGIC = "DRTFREF1".getBytes(StandardCharsets.US_ASCII);

  /** Checks the shapes. */
  public FeatureReference {
    if (features.length < 2) {
      throw new IllegalArgumentException(
          "a feature reference needs at least 2 photographs, got " + features.length);
    }
    if (k < 1 || k > features.length - 1) {
      throw new IllegalArgumentException("k must be in 1.." + (features.length - 1) + ", got " + k);
    }
    if (!(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException("the limit must be a positive number, got " + limit);
    }
    int d = features[0].length;
    for (float[] f : features) {
      if (f.length != d) {
        throw new IllegalArgumentException("feature rows of different lengths");
      }
    }
  }

  /**
   * The reference of these raw features (rows are normalised here): {@code k} is {@value #K} or
   * fewer for small sets, the limit their leave-one-out {@value #QUANTILE} quantile.
   *
   * @throws IllegalArgumentException with fewer than 2 photographs, or features that are not finite
   *     or all zero
   */
  public static FeatureReference of(float[][] raw) {
    if (raw.length < 2) {
      throw new IllegalArgumentException(
          "a feature reference needs at least 2 photographs, got " + raw.length);
    }
    float[][] f = new float[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      f[i] = normalised(raw[i]);
    }
    int k = Math.min(K, f.length - 1);
    double[] loo = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      loo[i] = kth(f, f[i], k, i);
    }
    Arrays.sort(loo);
    double limit = loo[(int) Math.floor(QUANTILE * (loo.length - 1))];
    if (!(limit > 0)) {
      // identical reference photographs: any positive margin keeps them inside
      limit = 1e-6;
    }
    return new FeatureReference(f, k, limit);
  }

  /** The rows of a [N, C] tensor, or the spatial means of a [N, H, W, C] one. */
  public static float[][] pooledRows(TFloat32 t) {
    long[] shape = t.shape().asArray();
    float[] all = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(all, false, false));
    int n = (int) shape[0];
    int c = (int) shape[shape.length - 1];
    return pooledRows(all, n, n == 0 ? 0 : (int) (all.length / ((long) n * c)), c);
  }

  /**
   * The spatial means of the first {@code count} examples stored one after the other in {@code
   * values} (which may be longer), each as {@code positions} × {@code channels} floats.
   */
  public static float[][] pooledRows(float[] values, int count, int positions, int channels) {
    float[][] rows = new float[count][channels];
    for (int i = 0; i < count; i++) {
      float[] row = rows[i];
      for (int p = 0; p < positions; p++) {
        int base = (i * positions + p) * channels;
        for (int j = 0; j < channels; j++) {
          row[j] += values[base + j];
        }
      }
      for (int j = 0; j < channels; j++) {
        row[j] /= positions;
      }
    }
    return rows;
  }

  /** The photograph's distance to its k-th nearest reference photograph. */
  public double distance(float[] raw) {
    if (raw.length != features[0].length) {
      throw new IllegalArgumentException(
          "features of length " + raw.length + " for a reference of " + features[0].length);
    }
    return kth(features, normalised(raw), k, -1);
  }

  /** {@link #distance} over the limit: at most 1 for a photograph as typical as the reference's. */
  public double relativeDistance(float[] raw) {
    return distance(raw) / limit;
  }

  /** Number of reference photographs. */
  public int size() {
    return features.length;
  }

  private static double kth(float[][] ref, float[] q, int k, int skip) {
    double[] d = new double[ref.length];
    int m = 0;
    for (int i = 0; i < ref.length; i++) {
      if (i == skip) {
        continue;
      }
      float[] r = ref[i];
      double dot = 0;
      for (int j = 0; j < q.length; j++) {
        dot += (double) r[j] * q[j];
      }
      d[m++] = Math.sqrt(Math.max(0, 2 - 2 * dot));
    }
    Arrays.sort(d, 0, m);
    return d[k - 1];
  }

  private static float[] normalised(float[] v) {
    double s = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("features must be finite, got " + x);
      }
      s += (double) x * x;
    }
    if (!(s > 0)) {
      // an all-zero feature vector (a ReLU network on a blank picture): far from every photograph
      float[] far = new float[v.length];
      return far;
    }
    float[] out = new float[v.length];
    double n = Math.sqrt(s);
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / n);
    }
    return out;
  }

  /** The file's bytes: magic, rows, columns, k, limit, then float32 rows, little-endian. */
  public byte[] toBytes() {
    int n = features.length;
    int d = features[0].length;
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 12 + 8 + 4 * n * d);
    b.order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(n).putInt(d).putInt(k).putDouble(limit);
    for (float[] row : features) {
      for (float x : row) {
        b.putFloat(x);
      }
    }
    return b.array();
  }

  /** Writes {@link #toBytes} to {@code file} (inside a model folder that is written atomically). */
  public void write(Path file) throws IOException {
    Files.write(file, toBytes());
  }

  /**
   * Reads a reference written by {@link #write}.
   *
   * @throws IOException when the file is not a feature reference or is cut short
   */
  public static FeatureReference read(Path file) throws IOException {
    return fromBytes(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads {@link #toBytes}; {@code file} names the source in messages.
   *
   * @throws IOException when the bytes are not a feature reference or are cut short
   */
  public static FeatureReference fromBytes(byte[] all, String file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (all.length < MAGIC.length + 20 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
      throw new IOException(file + " is not a drtune feature reference");
    }
    b.position(MAGIC.length);
    int n = b.getInt();
    int d = b.getInt();
    int k = b.getInt();
    double limit = b.getDouble();
    if (n < 2 || d < 1 || (long) n * d * 4 != b.remaining()) {
      throw new IOException(
          file
              + " is damaged: it announces "
              + n
              + "x"
              + d
              + " features but holds "
              + b.remaining()
              + " bytes of them");
    }
    float[][] f = new float[n][d];
    for (float[] row : f) {
      for (int j = 0; j < d; j++) {
        row[j] = b.getFloat();
      }
    }
    try {
      return new FeatureReference(f, k, limit);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
  }
}
