package org.drtune.internal.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.drtune.internal.graph.BackboneImport;
import org.drtune.internal.graph.BackboneProfile;
import org.drtune.internal.graph.GraphSurgery;
import org.drtune.internal.graph.Nodes;
import org.drtune.training.OptimizerKind;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the fine-tuning graph in a {@link Graph}: the imported backbone made trainable up to the
 * cut node, the new head (global average pooling, dropout, a dense layer to K classes with seeded
 * Glorot initialisation, softmax), the class-weighted cross-entropy plus L2 on the trainable
 * weights, gradients for exactly the trainable variables ({@code Graph.addGradients}), and
 * per-variable update ops (momentum SGD or Adam) whose learning rate is fed each step, so decay and
 * a larger head rate need no graph change.
 *
 * <p>Graph code only: no Session and no Tensor outlive this class's methods. Names are in {@link
 * GraphNames}.
 */
public final class FineTuneGraph {
  private final String inputNode;
  private final String cutNode;
  private final List<String> trainable;
  private final List<String> frozen;
  private final List<String> frozenLayers;

  private FineTuneGraph(
      String inputNode,
      String cutNode,
      List<String> trainable,
      List<String> frozen,
      List<String> frozenLayers) {
    this.inputNode = inputNode;
    this.cutNode = cutNode;
    this.trainable = List.copyOf(trainable);
    this.frozen = List.copyOf(frozen);
    this.frozenLayers = List.copyOf(frozenLayers);
  }

  /** The input placeholder (NHWC float images). */
  public String inputNode() {
    return inputNode;
  }

  /** The backbone node the head is attached to (feeding it skips the backbone). */
  public String cutNode() {
    return cutNode;
  }

  /** Names of the variables updated by the training step (backbone then head). */
  public List<String> trainableVariables() {
    return trainable;
  }

  /** Names of the backbone variables kept fixed. */
  public List<String> frozenVariables() {
    return frozen;
  }

  /** The frozen layer groups, in order. */
  public List<String> frozenLayers() {
    return frozenLayers;
  }

  /** The cut node for {@code config} on {@code profile}. */
  public static String cutNodeFor(BackboneProfile profile, TrainingConfig config) {
    if (config.cutLayer() != null) {
      return profile.layer(config.cutLayer()).output();
    }
    if (config.strategy() == Strategy.EARLY_FEATURES) {
      List<String> names = profile.layerNames();
      String early =
          names.contains(TrainingConfig.DEFAULT_EARLY_CUT)
              ? TrainingConfig.DEFAULT_EARLY_CUT
              : names.get(Math.max(0, names.size() - 3));
      return profile.layer(early).output();
    }
    return profile.lastLayer().output();
  }

  /**
   * The frozen layer groups for {@code config}: all, none, or the freeze list (validated against
   * the profile).
   */
  public static List<String> frozenLayersFor(BackboneProfile profile, TrainingConfig config) {
    return switch (config.strategy()) {
      case LINEAR, EARLY_FEATURES -> profile.layerNames();
      case FULL -> List.of();
      case FROZEN_PREFIX -> {
        List<String> f =
            config.freeze().isEmpty()
                ? profile
                    .layerNames()
                    .subList(
                        0, Math.min(TrainingConfig.DEFAULT_FREEZE.size(), profile.layers().size()))
                : config.freeze();
        f.forEach(profile::layer); // fails with the list of valid layer names
        yield f;
      }
    };
  }

  /**
   * Builds everything into the empty {@code graph}: the backbone, the head, the loss and the
   * training step, in this order (op creation order fixes the generated op names).
   *
   * @param graph an empty graph
   * @param frozenBackbone the backbone's frozen GraphDef
   * @param profile names of its input and layers
   * @param config hyper-parameters
   * @param classWeights loss weight of each class (length K), or null for equal weights
   */
  public static FineTuneGraph build(
      Graph graph,
      GraphDef frozenBackbone,
      BackboneProfile profile,
      TrainingConfig config,
      float[] classWeights) {
    int k = config.numClasses();
    if (classWeights != null && classWeights.length != k) {
      throw new IllegalArgumentException(
          "classWeights has " + classWeights.length + " entries, expected " + k);
    }
    String cut = cutNodeFor(profile, config);
    List<String> frozenLayers = frozenLayersFor(profile, config);
    GraphDef prepared = importBackbone(graph, frozenBackbone, profile, config, cut);
    List<String> trainable = new ArrayList<>();
    List<String> frozen = new ArrayList<>();
    for (String v : backboneVariables(prepared)) {
      boolean isFrozen =
          profile.layerOf(v).map(frozenLayers::contains).orElse(config.strategy().headOnly());
      (isFrozen ? frozen : trainable).add(v);
    }

    Ops tf = Ops.create(graph);
    Nodes nodes = new Nodes(graph);
    Nodes init = nodes.initScope();
    Ops head = tf.withSubScope("head");
    Operand<TFloat32> logits = head(tf, head, init, cut, config, trainable);
    Ops tr = tf.withSubScope("train");
    float[] cw = classWeights == null ? ones(k) : classWeights;
    Operand<TFloat32> loss = loss(tf, tr, graph, logits, cw, config, trainable);
    trainStep(tf, tr, nodes, init, loss, config, trainable);
    return new FineTuneGraph(profile.inputNode(), cut, trainable, frozen, frozenLayers);
  }

  /**
   * Prepares the backbone for training up to {@code cut} (weights become variables, with random
   * initial values when {@code config} is not pretrained) and imports it into {@code graph}.
   */
  private static GraphDef importBackbone(
      Graph graph,
      GraphDef frozenBackbone,
      BackboneProfile profile,
      TrainingConfig config,
      String cut) {
    GraphDef prepared = BackboneImport.prepareForTraining(frozenBackbone, profile, cut);
    if (!config.pretrained()) {
      prepared = randomInitialValues(prepared, config.seed());
    }
    graph.importGraphDef(prepared);
    return prepared;
  }

  /** The names of the variables of the prepared backbone, in graph order. */
  private static List<String> backboneVariables(GraphDef prepared) {
    return prepared.getNodeList().stream()
        .filter(n -> n.getOp().equals("VariableV2"))
        .map(NodeDef::getName)
        .toList();
  }

  /**
   * The head on the cut node: global average pooling, dropout, the dense layer (whose weights and
   * biases are added to {@code trainable}), softmax and argmax. Returns the logits.
   */
  private static Operand<TFloat32> head(
      Ops tf, Ops head, Nodes init, String cut, TrainingConfig config, List<String> trainable) {
    Graph graph = init.graph();
    @SuppressWarnings("unchecked")
    Output<TFloat32> cutOut = (Output<TFloat32>) graph.outputOrThrow(cut);
    Operand<TFloat32> features =
        head.withName("gap").math.mean(cutOut, tf.constant(new int[] {1, 2}));
    long depth = graph.outputOrThrow(cut).shape().get(3);
    if (depth <= 0) {
      throw new IllegalArgumentException("cut node " + cut + " has unknown channel depth " + depth);
    }
    Operand<TFloat32> dropped = dropout(tf, head, features);

    int k = config.numClasses();
    Operand<TFloat32> logits =
        config.head() == org.drtune.training.HeadKind.ORDINAL
            ? ordinalLogits(tf, head, init, dropped, depth, config, trainable)
            : softmaxLogits(tf, head, init, dropped, depth, config, trainable);
    head.withName("probabilities").nn.softmax(logits);
    head.withName("grade").math.argMax(logits, tf.constant(1), TInt32.class);
    return logits;
  }

  /** K logits from a dense layer (weights and biases trainable). */
  private static Operand<TFloat32> softmaxLogits(
      Ops tf,
      Ops head,
      Nodes init,
      Operand<TFloat32> features,
      long depth,
      TrainingConfig config,
      List<String> trainable) {
    int k = config.numClasses();
    Output<TFloat32> w =
        variable(
            init,
            GraphNames.HEAD_WEIGHTS,
            Shape.of(depth, k),
            glorot(new SplittableRandom(config.seed()), (int) depth, k));
    Output<TFloat32> b = variable(init, GraphNames.HEAD_BIASES, Shape.of(k), new float[k]);
    trainable.add(GraphNames.HEAD_WEIGHTS);
    trainable.add(GraphNames.HEAD_BIASES);
    return head.withName("logits").math.add(tf.linalg.matMul(features, w), b);
  }

  /**
   * The logarithms of the class probabilities of cumulative logits: one score {@code s} per example
   * (a dense layer without bias) and K − 1 increasing thresholds {@code t} (the first free, the
   * others the first plus running sums of softplus'd gaps, all trainable); {@code P(grade ≥ j) =
   * sigmoid(s − t(j-1))} and each class's probability the difference of two neighbours. The softmax
   * of these logits gives back the probabilities, so the loss and every consumer of the head stay
   * the same.
   */
  private static Operand<TFloat32> ordinalLogits(
      Ops tf,
      Ops head,
      Nodes init,
      Operand<TFloat32> features,
      long depth,
      TrainingConfig config,
      List<String> trainable) {
    int k = config.numClasses();
    Output<TFloat32> w =
        variable(
            init,
            GraphNames.HEAD_WEIGHTS,
            Shape.of(depth, 1),
            glorot(new SplittableRandom(config.seed()), (int) depth, 1));
    trainable.add(GraphNames.HEAD_WEIGHTS);
    Operand<TFloat32> score = tf.linalg.matMul(features, w); // [N, 1]
    Output<TFloat32> first =
        variable(init, GraphNames.HEAD_FIRST_THRESHOLD, Shape.of(1), new float[] {-0.5f * (k - 2)});
    trainable.add(GraphNames.HEAD_FIRST_THRESHOLD);
    Operand<TFloat32> thresholds = first;
    if (k > 2) {
      float[] gaps = new float[k - 2];
      java.util.Arrays.fill(gaps, 0.5413f); // softplus(0.5413) = 1: thresholds one apart
      Output<TFloat32> g = variable(init, GraphNames.HEAD_GAPS, Shape.of(k - 2), gaps);
      trainable.add(GraphNames.HEAD_GAPS);
      Operand<TFloat32> rest =
          tf.math.add(first, tf.math.cumsum(tf.math.softplus(g), tf.constant(0)));
      thresholds = tf.concat(List.of(first, rest), tf.constant(0));
    }
    // P(grade >= j) and P(grade >= j + 1) for j = 0..K-1, the outer thresholds so far out that
    // the sigmoid is exactly 1 and 0 (ops without gradients, such as OnesLike, cannot be used)
    Operand<TFloat32> far = tf.constant(new float[] {1e4f});
    Operand<TFloat32> upper =
        tf.math.sigmoid(
            tf.math.sub(score, tf.concat(List.of(tf.math.neg(far), thresholds), tf.constant(0))));
    Operand<TFloat32> lower =
        tf.math.sigmoid(tf.math.sub(score, tf.concat(List.of(thresholds, far), tf.constant(0))));
    Operand<TFloat32> probs = tf.math.maximum(tf.math.sub(upper, lower), tf.constant(1e-7f));
    return head.withName("logits").math.log(probs);
  }

  /**
   * Dropout with stateless noise: the mask depends only on the fed seed, so a resumed run repeats
   * it exactly. The keep probability defaults to 1 (no dropout) when not fed.
   */
  private static Operand<TFloat32> dropout(Ops tf, Ops head, Operand<TFloat32> features) {
    Operand<TFloat32> keep =
        head.withName("keep_prob").placeholderWithDefault(tf.constant(1f), Shape.scalar());
    Operand<TInt64> dropSeed =
        head.withName("dropout_seed")
            .placeholderWithDefault(tf.constant(new long[] {0, 0}), Shape.of(2));
    Operand<TFloat32> noise =
        tf.random.statelessRandomUniform(tf.shape(features), dropSeed, TFloat32.class);
    Operand<TFloat32> mask = tf.math.floor(tf.math.add(keep, noise));
    return head.withName("dropout").math.div(tf.math.mul(features, mask), keep);
  }

  /**
   * The loss: class-weighted cross-entropy against the (optionally smoothed) targets plus L2 on the
   * trainable weights (never frozen ones; biases excluded).
   */
  private static Operand<TFloat32> loss(
      Ops tf,
      Ops tr,
      Graph graph,
      Operand<TFloat32> logits,
      float[] classWeights,
      TrainingConfig config,
      List<String> trainable) {
    Operand<TInt32> labels =
        tr.withName("labels")
            .placeholder(TInt32.class, org.tensorflow.op.core.Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> cwConst = tr.withName("class_weights").constant(classWeights);
    float eps = (float) config.labelSmoothing();
    float off = eps / config.numClasses();
    Operand<TFloat32> targets =
        tf.oneHot(
            labels,
            tf.constant(config.numClasses()),
            tf.constant(1f - eps + off),
            tf.constant(off));
    Operand<TFloat32> ce = tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
    Operand<TFloat32> exampleWeights = tf.gather(cwConst, labels, tf.constant(0));
    Operand<TFloat32> dataLoss =
        tr.withName("data_loss").math.mean(tf.math.mul(ce, exampleWeights), tf.constant(0));
    Operand<TFloat32> l2 = l2Sum(tf, graph, trainable);
    Operand<TFloat32> l2Loss =
        tr.withName("l2_loss").math.mul(tf.constant((float) config.l2()), l2);
    return tr.withName("loss").math.add(dataLoss, l2Loss);
  }

  /** The sum of {@code l2Loss} over the variables of rank 2 or more among {@code trainable}. */
  private static Operand<TFloat32> l2Sum(Ops tf, Graph graph, List<String> trainable) {
    Operand<TFloat32> l2 = tf.constant(0f);
    for (String v : trainable) {
      Output<?> out = graph.outputOrThrow(v);
      if (out.shape().numDimensions() >= 2) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> fv = (Operand<TFloat32>) out;
        l2 = tf.math.add(l2, tf.nn.l2Loss(fv));
      }
    }
    return l2;
  }

  /**
   * Gradients of {@code loss} for exactly the {@code trainable} variables, one update op per
   * variable, and the {@link GraphNames#TRAIN_STEP} NoOp that runs them all.
   */
  private static void trainStep(
      Ops tf,
      Ops tr,
      Nodes nodes,
      Nodes init,
      Operand<TFloat32> loss,
      TrainingConfig config,
      List<String> trainable) {
    Graph graph = nodes.graph();
    Output<?>[] xs = trainable.stream().map(graph::outputOrThrow).toArray(Output<?>[]::new);
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    Updates rule = Updates.create(tf, tr, config);
    Ops gated = tf.withControlDependencyOps(gradientsReady(nodes, grads));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < trainable.size(); i++) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> var = (Output<TFloat32>) xs[i];
      @SuppressWarnings("unchecked")
      Output<TFloat32> grad = (Output<TFloat32>) grads[i];
      updates.add(rule.apply(tf, gated, init, trainable.get(i), var, grad));
    }
    // A NoOp with a control input on every update: running it applies one step to all trainable
    // variables.
    org.tensorflow.OperationBuilder step = nodes.op("NoOp", GraphNames.TRAIN_STEP);
    updates.forEach(u -> step.addControlInput(u.op()));
    step.build();
  }

  /**
   * A NoOp that waits for every gradient. Every update waits for it: the backward pass reads the
   * variables (e.g. a convolution's input gradient reads its filter), so an early update would race
   * with it and make training non-deterministic.
   */
  private static org.tensorflow.Operation gradientsReady(Nodes nodes, Output<?>[] grads) {
    org.tensorflow.OperationBuilder ready = nodes.op("NoOp", "train/gradients_ready");
    for (Output<?> g : grads) {
      ready.addControlInput(g.op());
    }
    return ready.build();
  }

  /**
   * The fed and constant hyper-parameters of the update ops: the learning rate (fed each step), the
   * head's multiple of it, the momentum (Adam's beta1), and for Adam the fed powers of beta1 and
   * beta2 (null for momentum SGD).
   */
  private record Updates(
      OptimizerKind kind,
      Operand<TFloat32> lr,
      Operand<TFloat32> headLr,
      Operand<TFloat32> mom,
      Operand<TFloat32> beta1Power,
      Operand<TFloat32> beta2Power) {

    static Updates create(Ops tf, Ops tr, TrainingConfig config) {
      Operand<TFloat32> lr = scalarPlaceholder(tr, "learning_rate");
      Operand<TFloat32> headLr = tf.math.mul(lr, tf.constant((float) config.headLrMultiplier()));
      Operand<TFloat32> mom = tf.constant((float) config.momentum());
      Operand<TFloat32> beta1Power = null;
      Operand<TFloat32> beta2Power = null;
      if (config.optimizer() == OptimizerKind.ADAM) {
        beta1Power = scalarPlaceholder(tr, "beta1_power");
        beta2Power = scalarPlaceholder(tr, "beta2_power");
      }
      return new Updates(config.optimizer(), lr, headLr, mom, beta1Power, beta2Power);
    }

    private static Operand<TFloat32> scalarPlaceholder(Ops tr, String name) {
      return tr.withName(name)
          .placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(Shape.scalar()));
    }

    /**
     * The update op of variable {@code name} (gated on the gradients), with its zero-initialised
     * optimizer slots; head variables learn at the head rate.
     */
    Op apply(
        Ops tf, Ops gated, Nodes init, String name, Output<TFloat32> var, Output<TFloat32> grad) {
      Operand<TFloat32> rate = name.startsWith("head/") ? headLr : lr;
      if (kind == OptimizerKind.MOMENTUM) {
        Output<TFloat32> accum = zerosVariable(init, tf, name + "/Momentum", var.shape());
        return gated.train.applyMomentum(var, accum, rate, grad, mom);
      }
      Output<TFloat32> m = zerosVariable(init, tf, name + "/Adam_m", var.shape());
      Output<TFloat32> v = zerosVariable(init, tf, name + "/Adam_v", var.shape());
      return gated.train.applyAdam(
          var,
          m,
          v,
          beta1Power,
          beta2Power,
          rate,
          mom,
          tf.constant(0.999f),
          tf.constant(1e-7f),
          grad);
    }
  }

  private static Output<TFloat32> variable(Nodes init, String name, Shape shape, float[] values) {
    Output<TFloat32> initial =
        init.constant(name + GraphSurgery.INITIAL_VALUE_SUFFIX, shape, values);
    return assignedVariable(init, name, shape, initial);
  }

  private static Output<TFloat32> zerosVariable(Nodes init, Ops tf, String name, Shape shape) {
    Ops it = tf.withInitScope();
    long[] dims = shape.asArray();
    Operand<TFloat32> zeros = it.fill(it.constant(dims), it.constant(0f));
    return assignedVariable(init, name, shape, zeros.asOutput());
  }

  /** A {@code VariableV2} named {@code name} and its {@code Assign} from {@code initial}. */
  private static Output<TFloat32> assignedVariable(
      Nodes init, String name, Shape shape, Output<TFloat32> initial) {
    Output<TFloat32> var =
        init.op("VariableV2", name)
            .setAttr("dtype", DataType.DT_FLOAT)
            .setAttr("shape", shape)
            .build()
            .output(0);
    init.op("Assign", name + "/Assign").addInput(var).addInput(initial).build();
    return var;
  }

  /** Glorot/Xavier uniform values for a fanIn × fanOut matrix. */
  static float[] glorot(SplittableRandom rnd, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] w = new float[fanIn * fanOut];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
    }
    return w;
  }

  private static float[] ones(int k) {
    float[] f = new float[k];
    java.util.Arrays.fill(f, 1f);
    return f;
  }

  /**
   * Replaces the imported initial values by a random initialisation (He-uniform weights, zero
   * biases): the no-transfer baseline of the same architecture.
   */
  static GraphDef randomInitialValues(GraphDef prepared, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    GraphDef.Builder b = prepared.toBuilder().clearNode();
    for (NodeDef n : prepared.getNodeList()) {
      if (!n.getName().endsWith(GraphSurgery.INITIAL_VALUE_SUFFIX) || !n.getOp().equals("Const")) {
        b.addNode(n);
        continue;
      }
      TensorShapeProto shape = n.getAttrOrThrow("value").getTensor().getTensorShape();
      int count = 1;
      for (TensorShapeProto.Dim d : shape.getDimList()) {
        count = Math.multiplyExact(count, (int) d.getSize());
      }
      float[] v = new float[count];
      int rank = shape.getDimCount();
      if (rank >= 2) {
        long fanIn = 1;
        for (int i = 0; i < rank - 1; i++) {
          fanIn *= shape.getDim(i).getSize();
        }
        double limit = Math.sqrt(6.0 / fanIn);
        for (int i = 0; i < count; i++) {
          v[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
        }
      }
      TensorProto.Builder t =
          TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape);
      java.nio.ByteBuffer bytes =
          java.nio.ByteBuffer.allocate(count * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(v);
      t.setTensorContent(com.google.protobuf.ByteString.copyFrom(bytes.array()));
      b.addNode(n.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(t).build()));
    }
    return b.build();
  }
}
