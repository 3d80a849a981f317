package org.drtune.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.drtune.Device;
import org.drtune.TensorFlowLog;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.grading.LabelScheme;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.model.ModelExport;
import org.drtune.internal.model.ModelFiles;
import org.drtune.internal.model.ServingSignature;
import org.drtune.internal.model.Versions;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.internal.train.FineTuner;
import org.drtune.model.ModelCard;
import org.drtune.model.Preprocessing;
import org.drtune.training.TrainingConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * {@code DrClassifier.classifyAll} on 32 decoded fundus-like images at the model's input size
 * (preprocessing from the model card, tensor copy-in, the network with its head, results as
 * records) against a raw {@code Session.run} of the same exported SavedModel on a ready-made input
 * tensor ({@code rawSessionBatch32}): the ratio is drtune's overhead. Scores are images per second.
 *
 * <p>The model is {@link #model}: by default the ImageNet GoogLeNet with a freshly initialised
 * 5-grade head at 224, exported as a SavedModel in {@code @Setup} (training it would not change the
 * cost); or a folder {@code DrClassifier.load} reads, a user's own exported model (the CI gate's
 * {@code --model DIR}), at the input size and precision of its card. For an ensemble the raw side
 * runs every member's session, the same work as the classifier's average.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
@State(Scope.Benchmark)
public class ClassifierBenchmark {
  /** The {@link #model} value that measures the GoogLeNet exported in setup. */
  public static final String REFERENCE = "reference";

  private static final int BATCH = 32;

  /** {@value #REFERENCE}, or the folder of a model exported by drtune. */
  @Param({REFERENCE})
  public String model;

  private Path dir;
  private DrClassifier classifier;
  private List<BufferedImage> images;
  private final List<SavedModelBundle> raw = new ArrayList<>();
  private TFloat32 ready;
  private String rawInput;
  private String rawOutput;

  /**
   * Exports or finds the model, loads the classifier, draws the images and classifies them once.
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    TensorFlowLog.setDefault(); // this JVM runs sessions of its own before drtune's
    Path folder;
    if (REFERENCE.equals(model)) {
      dir = Files.createTempDirectory("drbench-model");
      folder = dir.resolve("model");
      exportUntrainedModel(
          folder,
          Workloads.googLeNet(),
          TrainingConfig.builder().inputSize(224).batchSize(BATCH).build(),
          Preprocessing.defaults());
    } else {
      folder = Path.of(model);
    }
    // the same work as the raw session: one forward pass per image (no rotation TTA, which the
    // defaults have since drtune predict does it) and no quality check (about 1 ms an image, not
    // part of the session's work); what is left is decoding-free preprocessing and plumbing
    classifier =
        DrClassifier.load(
            folder,
            DrClassifier.Options.defaults()
                .withBatchSize(BATCH)
                .withDevice(Device.cpu())
                .withTestTimeAugmentation(false)
                .withQualityCheck(false));
    Preprocessing pre = classifier.modelCard().preprocessing();
    SplittableRandom r = new SplittableRandom(7);
    images = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      images.add(FundusImages.draw(pre.inputSize(), pre.inputSize(), r));
    }
    classifier.classifyAll(images);
    openRawSessions(pre);
    rawSessionBatch32();
  }

  /**
   * Exports the backbone with a freshly initialised 5-grade head, and its card, to {@code folder}.
   */
  private static void exportUntrainedModel(
      Path folder, Backbone backbone, TrainingConfig cfg, Preprocessing pre) throws IOException {
    try (FineTuner t =
        FineTuner.create(
            backbone.frozen(),
            backbone.profile(),
            cfg,
            null,
            SessionConfig.configProto(Device.cpu(), w -> {}))) {
      ModelCard card =
          new ModelCard(
              ModelCard.FORMAT_VERSION,
              Instant.now().toString(),
              backbone.name(),
              backbone.checksum(),
              LabelScheme.GRADES.classNames(5),
              LabelScheme.GRADES,
              "benchmark: an untrained head",
              pre,
              cfg.strategy().cliName(),
              t.spec().cutNode(),
              t.spec().frozenLayers(),
              t.variableChecksums(t.spec().frozenVariables()),
              t.variableChecksums(t.spec().trainableVariables()),
              cfg,
              Map.of(),
              List.of(),
              0,
              null,
              null,
              Versions.current());
      ModelExport.writeModel(folder, t::exportSavedModel, card);
    }
  }

  /**
   * Loads each member's SavedModel as a raw session in the classifier's precision, finds the input
   * and output names and copies the preprocessed images into the ready-made input tensor.
   */
  private void openRawSessions(Preprocessing pre) {
    Path folder = classifier.modelFolder();
    for (int m = 0; m < classifier.ensembleSize(); m++) {
      Path member =
          classifier.ensembleSize() == 1 ? folder : folder.resolve(ModelFiles.memberFolder(m));
      raw.add(
          SavedModelBundle.loader(member.toString())
              .withTags(SavedModelBundle.DEFAULT_TAG)
              .withConfigProto(
                  SessionConfig.configProto(Device.cpu(), classifier.precision(), w -> {}))
              .load());
    }
    SignatureDef sig = raw.get(0).metaGraphDef().getSignatureDefOrThrow(ServingSignature.KEY);
    rawInput = sig.getInputsOrThrow(ServingSignature.INPUT).getName();
    rawOutput = sig.getOutputsOrThrow(ServingSignature.PROBABILITIES).getName();
    int size = pre.inputSize();
    float[] pixels = new float[BATCH * pre.valuesPerImage()];
    for (int i = 0; i < BATCH; i++) {
      Preprocessor.write(pre, images.get(i), Rotation.R0, pixels, i * pre.valuesPerImage());
    }
    ready = TFloat32.tensorOf(Shape.of(BATCH, size, size, 3), DataBuffers.of(pixels, true, false));
  }

  /**
   * The limit: the same SavedModel's session (each member's, for an ensemble) on a ready-made
   * tensor of the 32 preprocessed images.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float rawSessionBatch32() {
    float sum = 0;
    for (SavedModelBundle b : raw) {
      try (Result r = b.session().runner().feed(rawInput, ready).fetch(rawOutput).run()) {
        sum += ((TFloat32) r.get(0)).getFloat(0, 0);
      }
    }
    return sum;
  }

  /** Classifies 32 decoded images. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<DrResult> classifyBatch32() {
    return classifier.classifyAll(images);
  }

  /** Classifies the 32 decoded images one at a time (what {@link #explainEach} adds to). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double classifyEach() {
    return each(image -> classifier.classify(image).referableProbability());
  }

  /** The same 32 images, each classified with its evidence map ({@code DrClassifier.explain}). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double explainEach() {
    return each(image -> classifier.explain(image).max());
  }

  /** The sum of {@code work} over the 32 images, one at a time (returned so that JMH keeps it). */
  private double each(java.util.function.ToDoubleFunction<BufferedImage> work) {
    return images.stream().mapToDouble(work).sum();
  }

  /** Closes the sessions and the classifier, and deletes the model exported in setup. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Workloads.close(ready);
    raw.forEach(Workloads::close);
    raw.clear();
    Workloads.close(classifier);
    if (dir != null) {
      AtomicFiles.deleteRecursively(dir);
    }
  }
}
