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
import org.drtune.DrClassifier;
import org.drtune.DrResult;
import org.drtune.FineTuneJob;
import org.drtune.ModelCard;
import org.drtune.data.Preprocessing;
import org.drtune.graph.Backbone;
import org.drtune.report.Plots;
import org.drtune.train.Device;
import org.drtune.train.FineTuner;
import org.drtune.train.RunFiles;
import org.drtune.train.TrainingConfig;
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

/**
 * {@code DrClassifier.classifyAll} on 32 decoded 224×224 fundus-like images (preprocessing from the model card,
 * tensor copy-in, the fine-tuned GoogLeNet with its 5-grade head, results as records), to compare with the raw
 * session run of {@link InferenceBenchmark#batch32()}: the ratio is drtune's overhead. The model is the
 * ImageNet backbone with a freshly initialised head, exported as a SavedModel in {@code @Setup} (training it
 * would not change the cost). Scores are images per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@State(Scope.Benchmark)
public class ClassifierBenchmark {
  private static final int BATCH = 32;
  private Path dir;
  private DrClassifier classifier;
  private List<BufferedImage> images;

  /** Exports the model, loads the classifier, draws the images and classifies them once. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Backbone backbone = Workloads.googLeNet();
    TrainingConfig cfg = TrainingConfig.builder().inputSize(224).batchSize(BATCH).build();
    Preprocessing pre = Preprocessing.defaults();
    dir = Files.createTempDirectory("drbench-model");
    Path model = dir.resolve("model");
    try (FineTuner t = FineTuner.create(backbone.frozen(), backbone.profile(), cfg, null,
        Device.cpu().configProto(w -> { }))) {
      ModelCard card = new ModelCard(ModelCard.FORMAT_VERSION, Instant.now().toString(), backbone.name(),
          backbone.checksum(), Plots.defaultClassNames(5), ModelCard.GRADES, pre, cfg.strategy().cliName(),
          t.spec().cutNode(), t.spec().frozenLayers(), t.variableChecksums(t.spec().frozenVariables()),
          t.variableChecksums(t.spec().trainableVariables()), cfg, Map.of(), List.of(), 0, null,
          FineTuneJob.versions());
      RunFiles.replaceFolder(model, d -> {
        t.exportSavedModel(d);
        card.write(d.resolve(ModelCard.FILE_NAME));
      });
    }
    classifier = DrClassifier.load(model, DrClassifier.Options.defaults().withBatchSize(BATCH)
        .withDevice(Device.cpu()));
    SplittableRandom r = new SplittableRandom(7);
    images = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      images.add(FundusImages.draw(224, 224, r));
    }
    classifier.classifyAll(images);
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
    Workloads.close(classifier);
    RunFiles.deleteRecursively(dir);
  }
}
