package org.drtune.internal.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drtune.internal.graph.BackboneProfile;
import org.drtune.internal.model.Digests;
import org.drtune.internal.model.FeatureReference;
import org.drtune.internal.model.ModelExport;
import org.drtune.internal.model.VariableValues;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.training.OptimizerKind;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingDivergedException;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Owns the fine-tuning {@link Graph} and its {@link Session}: runs training steps and predictions,
 * saves and restores checkpoints, reads variable values and exports a SavedModel. Not thread-safe;
 * one training run at a time.
 *
 * <p>Close it to free the native graph and session.
 */
public final class FineTuner implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final FineTuneGraph spec;
  private final TrainingConfig config;
  private final BackboneProfile profile;
  private boolean closed;

  private FineTuner(
      Graph graph,
      Session session,
      FineTuneGraph spec,
      TrainingConfig config,
      BackboneProfile profile) {
    this.graph = graph;
    this.session = session;
    this.spec = spec;
    this.config = config;
    this.profile = profile;
  }

  /**
   * Builds the fine-tuning graph on {@code frozenBackbone} and opens a session; the first run
   * assigns the imported (or random) initial values.
   *
   * @param classWeights loss weight of each class, or null
   */
  public static FineTuner create(
      GraphDef frozenBackbone,
      BackboneProfile profile,
      TrainingConfig config,
      float[] classWeights) {
    return create(frozenBackbone, profile, config, classWeights, ConfigProto.newBuilder().build());
  }

  /**
   * As {@link #create(GraphDef, BackboneProfile, TrainingConfig, float[])}, with a session
   * configuration (device, threads; see {@link SessionConfig#configProto}).
   */
  public static FineTuner create(
      GraphDef frozenBackbone,
      BackboneProfile profile,
      TrainingConfig config,
      float[] classWeights,
      ConfigProto sessionConfig) {
    Graph g = new Graph();
    try {
      FineTuneGraph spec = FineTuneGraph.build(g, frozenBackbone, profile, config, classWeights);
      Session s = new Session(g, sessionConfig);
      return new FineTuner(g, s, spec, config, profile);
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /** The graph's description: cut node, trainable and frozen variables. */
  public FineTuneGraph spec() {
    return spec;
  }

  /** The graph as a GraphDef (for analysis such as finding the feature-cache node). */
  public GraphDef graphDef() {
    checkOpen();
    return graph.toGraphDef();
  }

  /** The configuration. */
  public TrainingConfig config() {
    return config;
  }

  /** The backbone profile. */
  public BackboneProfile profile() {
    return profile;
  }

  /** Result of one training step. */
  public record StepResult(double loss, int[] predictions) {}

  /**
   * Applies one update on a batch.
   *
   * @param feed the batch: images for the model input, or cached features for a cut node
   * @param learningRate base learning rate of this step
   * @param globalStep 0-based index of this step over the whole run (seeds dropout; Adam's bias
   *     correction)
   * @throws TrainingDivergedException when the loss is NaN or infinite (nothing is written)
   */
  public StepResult trainStep(Feed feed, double learningRate, long globalStep) {
    checkOpen();
    float keep = (float) (1 - config.dropout());
    int count = feed.count();
    try (TFloat32 x = tensor(feed);
        TInt32 y = TInt32.vectorOf(java.util.Arrays.copyOf(feed.labels(), count));
        TFloat32 lr = TFloat32.scalarOf((float) learningRate);
        TFloat32 kp = TFloat32.scalarOf(keep);
        TInt64 seed = TInt64.vectorOf(config.seed(), globalStep);
        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(config.momentum(), globalStep + 1));
        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(0.999, globalStep + 1))) {
      Session.Runner r =
          session
              .runner()
              .feed(feedNode(feed), x)
              .feed(GraphNames.LABELS, y)
              .feed(GraphNames.LEARNING_RATE, lr)
              .feed(GraphNames.KEEP_PROB, kp)
              .feed(GraphNames.DROPOUT_SEED, seed);
      if (config.optimizer() == OptimizerKind.ADAM) {
        r.feed(GraphNames.BETA1_POWER, b1).feed(GraphNames.BETA2_POWER, b2);
      }
      // The loss and predictions come from the forward pass; updates wait for all gradients (see
      // FineTuneGraph).
      try (Result res =
          r.fetch(GraphNames.LOSS).fetch(GraphNames.GRADE).addTarget(GraphNames.TRAIN_STEP).run()) {
        double loss = ((TFloat32) res.get(0)).getFloat();
        if (!Double.isFinite(loss)) {
          throw new TrainingDivergedException(
              "training loss became "
                  + loss
                  + " at step "
                  + globalStep
                  + " (learning rate "
                  + learningRate
                  + "): lower the learning rate (--lr) or check the inputs for"
                  + " NaN values; checkpoints already written are intact");
        }
        return new StepResult(loss, copyInts((TInt32) res.get(1), count));
      }
    }
  }

  /**
   * One update on a batch of {@code count} images of {@code size × size} (see {@link
   * #trainStep(Feed, double, long)}).
   */
  public StepResult trainStep(
      float[] pixels, int size, int[] labels, int count, double learningRate, long globalStep) {
    return trainStep(imageFeed(pixels, size, labels, count), learningRate, globalStep);
  }

  /** Class probabilities of a batch with dropout off: {@code count} rows of K probabilities. */
  public float[][] predict(Feed feed) {
    checkOpen();
    try (TFloat32 x = tensor(feed);
        Result res =
            session.runner().feed(feedNode(feed), x).fetch(GraphNames.PROBABILITIES).run()) {
      return copyRows((TFloat32) res.get(0), feed.count(), config.numClasses());
    }
  }

  /** Class probabilities of {@code count} images of {@code size × size} with dropout off. */
  public float[][] predict(float[] pixels, int size, int count) {
    return predict(imageFeed(pixels, size, new int[count], count));
  }

  /**
   * Runs the graph up to {@code node} (a cut node or the pooled features) on a batch and returns
   * its values, {@code count × product(shape)} floats.
   */
  public float[] compute(String node, Feed feed) {
    checkOpen();
    try (TFloat32 x = tensor(feed);
        Result res = session.runner().feed(feedNode(feed), x).fetch(node).run()) {
      TFloat32 t = (TFloat32) res.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /**
   * {@code node}'s value on a batch averaged over its spatial positions: one row of channels per
   * example (a 2-D node's rows as they are).
   */
  public float[][] computePooled(String node, Feed feed) {
    checkOpen();
    if (node.equals(feed.node()) || (node + ":0").equals(feed.node())) {
      // a feature-cache batch holds the node's values already (TensorFlow refuses to fetch a fed
      // tensor)
      long[] shape = feed.exampleShape();
      int channels = (int) shape[shape.length - 1];
      return FeatureReference.pooledRows(
          feed.values(), feed.count(), (int) (feed.valuesPerExample() / channels), channels);
    }
    try (TFloat32 x = tensor(feed);
        Result res = session.runner().feed(feedNode(feed), x).fetch(node).run()) {
      return FeatureReference.pooledRows((TFloat32) res.get(0));
    }
  }

  /** The shape of {@code node}'s value on a batch (batch dimension first). */
  public long[] computedShape(String node, Feed feed) {
    checkOpen();
    try (TFloat32 x = tensor(feed);
        Result res = session.runner().feed(feedNode(feed), x).fetch(node).run()) {
      return res.get(0).shape().asArray();
    }
  }

  /**
   * The static shape of one example at {@code node} (leading batch dimension removed; -1 where
   * unknown).
   */
  public long[] exampleShapeAt(String node) {
    long[] s = graph.outputOrThrow(node).shape().asArray();
    return java.util.Arrays.copyOfRange(s, 1, s.length);
  }

  private String feedNode(Feed f) {
    return f.node() == null ? spec.inputNode() : f.node();
  }

  private static TFloat32 tensor(Feed f) {
    long[] dims = new long[f.exampleShape().length + 1];
    dims[0] = f.count();
    System.arraycopy(f.exampleShape(), 0, dims, 1, f.exampleShape().length);
    long n = f.valuesPerExample() * f.count();
    return TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(f.values(), true, false).narrow(n));
  }

  private static Feed imageFeed(float[] pixels, int size, int[] labels, int count) {
    checkBatch(pixels, size, count);
    String[] ids = new String[count];
    return new Feed(null, pixels, new long[] {size, size, 3}, labels, ids, count);
  }

  /**
   * Evaluates a scalar node of the loss on a labelled batch without applying an update (dropout
   * off).
   */
  double lossPart(String node, float[] pixels, int size, int[] labels, int count) {
    checkOpen();
    checkBatch(pixels, size, count);
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(count, size, size, 3),
                DataBuffers.of(pixels, true, false).narrow((long) count * size * size * 3));
        TInt32 y = TInt32.vectorOf(java.util.Arrays.copyOf(labels, count));
        Result res =
            session
                .runner()
                .feed(spec.inputNode(), x)
                .feed(GraphNames.LABELS, y)
                .fetch(node)
                .run()) {
      return ((TFloat32) res.get(0)).getFloat();
    }
  }

  /** Copies the current values of the named variables (copies, not views). */
  public Map<String, float[]> variableValues(Collection<String> names) {
    checkOpen();
    return VariableValues.read(session, names);
  }

  /** sha256 of each named variable's float32 little-endian bytes. */
  public Map<String, String> variableChecksums(Collection<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    variableValues(names).forEach((n, v) -> out.put(n, Digests.sha256(v)));
    return out;
  }

  /**
   * Writes a TensorFlow checkpoint at {@code prefix} (files {@code prefix.index}, {@code
   * prefix.data-…}).
   *
   * @throws IOException when TensorFlow cannot write the files (a full disk, no permission); the
   *     cause is kept
   */
  public void save(Path prefix) throws IOException {
    checkOpen();
    try {
      session.save(prefix.toString());
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new IOException("cannot write checkpoint " + prefix + ": " + e.getMessage(), e);
    }
  }

  /**
   * Restores every variable (weights and optimizer slots) from the checkpoint at {@code prefix}.
   */
  public void restore(Path prefix) {
    checkOpen();
    if (!Files.exists(Path.of(prefix + ".index"))) {
      throw new IllegalArgumentException(
          "no checkpoint at " + prefix + " (missing " + prefix + ".index)");
    }
    session.restore(prefix.toString());
  }

  /**
   * Exports a SavedModel with the serving signature ({@link ModelExport#exportSavedModel}) into the
   * new folder {@code dir}; the caller makes the write atomic ({@link ModelExport#writeModel}).
   */
  public void exportSavedModel(Path dir) throws IOException {
    checkOpen();
    ModelExport.exportSavedModel(
        graph, session, spec.inputNode(), GraphNames.PROBABILITIES, GraphNames.GRADE, dir);
  }

  private static void checkBatch(float[] pixels, int imageSize, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("batch must hold at least one image, got " + count);
    }
    long needed = (long) count * imageSize * imageSize * 3;
    if (imageSize <= 0 || pixels.length < needed) {
      throw new IllegalArgumentException(
          "pixel buffer of "
              + pixels.length
              + " floats cannot hold "
              + count
              + " images of "
              + imageSize
              + "x"
              + imageSize
              + "x3 ("
              + needed
              + " floats)");
    }
  }

  static int[] copyInts(TInt32 t, int count) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = t.getInt(i);
    }
    return out;
  }

  static float[][] copyRows(TFloat32 t, int count, int k) {
    float[] flat = new float[count * k];
    t.copyTo(DataBuffers.of(flat, false, false));
    float[][] rows = new float[count][k];
    for (int i = 0; i < count; i++) {
      System.arraycopy(flat, i * k, rows[i], 0, k);
    }
    return rows;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("FineTuner is closed");
    }
  }

  /** Closes the session, then the graph. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.close();
      graph.close();
    }
  }
}
