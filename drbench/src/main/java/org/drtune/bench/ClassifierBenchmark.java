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
 * {@code DrClassifier.classifyAll} on 32 decoded 224×224 fundus-like images (preprocessing from the
 * model card, tensor copy-in, the fine-tuned GoogLeNet with its 5-grade head, results as records)
 * against a raw {@code Session.run} of the same exported SavedModel on a ready-made input tensor
 * ({@code rawSessionBatch32}): the ratio is drtune's overhead. The model is the ImageNet backbone
 * with a freshly initialised head, exported as a SavedModel in {@code @Setup} (training it would
 * not change the cost). Scores are images per second.
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
  private static final int BATCH = 32;
  private Path dir;
  private DrClassifier classifier;
  private List<BufferedImage> images;
  private SavedModelBundle raw;
  private TFloat32 ready;
  private String rawInput;
  private String rawOutput;

  /** Exports the model, loads the classifier, draws the images and classifies them once. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    TensorFlowLog.setDefault(); // this JVM runs sessions of its own before drtune's
    Backbone backbone = Workloads.googLeNet();
    TrainingConfig cfg = TrainingConfig.builder().inputSize(224).batchSize(BATCH).build();
    Preprocessing pre = Preprocessing.defaults();
    dir = Files.createTempDirectory("drbench-model");
    Path model = dir.resolve("model");
    exportUntrainedModel(model, backbone, cfg, pre);
    // the same work as the raw session: one forward pass per image (no rotation TTA, which the
    // defaults have since drtune predict does it) and no quality check (about 1 ms an image, not
    // part of the session's work); what is left is decoding-free preprocessing and plumbing
    classifier =
        DrClassifier.load(
            model,
            DrClassifier.Options.defaults()
                .withBatchSize(BATCH)
                .withDevice(Device.cpu())
                .withTestTimeAugmentation(false)
                .withQualityCheck(false));
    SplittableRandom r = new SplittableRandom(7);
    images = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      images.add(FundusImages.draw(224, 224, r));
    }
    classifier.classifyAll(images);
    openRawSession(model, pre);
    rawSessionBatch32();
  }

  /**
   * Exports the backbone with a freshly initialised 5-grade head, and its card, to {@code model}.
   */
  private static void exportUntrainedModel(
      Path model, Backbone backbone, TrainingConfig cfg, Preprocessing pre) throws IOException {
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
      ModelExport.writeModel(model, t::exportSavedModel, card);
    }
  }

  /**
   * Loads the exported SavedModel as a raw session, finds its input and output names and copies the
   * preprocessed images into the ready-made input tensor.
   */
  private void openRawSession(Path model, Preprocessing pre) {
    raw = SavedModelBundle.load(model.toString(), SavedModelBundle.DEFAULT_TAG);
    SignatureDef sig = raw.metaGraphDef().getSignatureDefOrThrow(ServingSignature.KEY);
    rawInput = sig.getInputsOrThrow(ServingSignature.INPUT).getName();
    rawOutput = sig.getOutputsOrThrow(ServingSignature.PROBABILITIES).getName();
    float[] pixels = new float[BATCH * pre.valuesPerImage()];
    for (int i = 0; i < BATCH; i++) {
      Preprocessor.write(pre, images.get(i), Rotation.R0, pixels, i * pre.valuesPerImage());
    }
    ready = TFloat32.tensorOf(Shape.of(BATCH, 224, 224, 3), DataBuffers.of(pixels, true, false));
  }

  /**
   * The limit: the same SavedModel's session on a ready-made tensor of the 32 preprocessed images.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float rawSessionBatch32() {
    try (Result r = raw.session().runner().feed(rawInput, ready).fetch(rawOutput).run()) {
      return ((TFloat32) r.get(0)).getFloat(0, 0);
    }
  }

  /** Classifies 32 decoded images. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<DrResult> classifyBatch32() {
    return classifier.classifyAll(images);
  }

  /** Closes the classifier and deletes the exported model. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Workloads.close(ready);
    Workloads.close(raw);
    Workloads.close(classifier);
    AtomicFiles.deleteRecursively(dir);
  }
}
