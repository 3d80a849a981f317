package org.drtune;

import org.drtune.internal.train.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtune.internal.data.DatasetSplits;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.Sampling;
import org.drtune.internal.data.SkipReport;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.report.HtmlReport;
import org.drtune.internal.report.Plots;
import org.drtune.internal.train.ExampleSource;
import org.drtune.internal.train.FeatureCache;
import org.drtune.internal.train.FineTuner;
import org.drtune.internal.train.Predictions;
import org.drtune.internal.train.RunFiles;
import org.drtune.internal.train.Trainer;
import org.tensorflow.TensorFlow;

/**
 * A whole fine-tune, from data on disk to an exported model: open the data, find and verify the backbone, build the
 * fine-tuning graph, train with checkpoints and early stopping, evaluate the best epoch on the validation split,
 * export the SavedModel with its model card (atomically, replacing an older model only once the new one is
 * complete), and write the report.
 */
public final class FineTuneJob {
  private FineTuneJob() {}

  /**
   * What a fine-tune produced.
   *
   * @param modelDir the exported model (SavedModel and model card); load it with {@link DrClassifier#load}
   * @param card the model card
   * @param validation metrics of the exported model on the validation split
   * @param report the HTML report
   * @param skipped images that could not be read and were left out
   * @param validationPredictions the exported model's probabilities on the validation split (for an ensemble: the
   *     mean of its members')
   * @param memberCards the model card of every member of an ensemble; just {@code card} for a single model
   */
  public record Result(Path modelDir, ModelCard card, Evaluation validation, Path report,
      List<SkipReport.Skipped> skipped, Predictions validationPredictions, List<ModelCard> memberCards) {
    /** Copies the lists. */
    public Result {
      skipped = List.copyOf(skipped);
      memberCards = memberCards == null ? List.of(card) : List.copyOf(memberCards);
    }
  }

  /** Folder of an ensemble's member runs inside its run folder ({@code members/member-1}, …). */
  public static final String MEMBERS_DIR = "members";

  /** Name of the SavedModel folder inside a run folder. */
  public static final String MODEL_DIR = "model";

  /**
   * Runs the fine-tune.
   *
   * @throws IOException when the data or weights cannot be read or the outputs cannot be written
   * @throws org.drtune.TrainingDivergedException when the loss becomes NaN (checkpoints stay intact)
   */
  public static Result run(FineTuneRequest req, TrainingListener listener) throws IOException {
    return run(req, (Backbone) null, listener);
  }

  /**
   * Runs the fine-tune on a given backbone instead of the BVLC GoogLeNet found through {@code req.assets()}.
   *
   * @param backbone the backbone, or null for the BVLC GoogLeNet
   */
  public static Result run(FineTuneRequest req, Backbone backbone, TrainingListener listener) throws IOException {
    return runWith(req, backbone != null ? () -> backbone : () -> Backbone.bvlcGoogLeNet(req.assets()), listener);
  }

  /** Gives the backbone once the data has been opened (so that bad data fails before the weights are imported). */
  private interface BackboneSource {
    Backbone get() throws IOException;
  }

  private static Result runWith(FineTuneRequest req, BackboneSource backbones, TrainingListener listener)
      throws IOException {
    TrainingConfig cfg = req.training();
    boolean referable = ModelCard.REFERABLE.equals(req.labelScheme());
    int dataClasses = referable ? 5 : cfg.numClasses();
    DatasetOptions o = req.dataOptions();
    DatasetOptions dataOptions = new DatasetOptions(dataClasses, o.validationFraction(), o.seed(),
        o.patientLevelSplit(), o.classFolderGrades(), o.csvLayout(), o.imageFolder(), o.skipMissingImages(),
        o.decoder());
    DatasetSplits splits = Datasets.open(req.data(), dataOptions);
    List<SkipReport.Skipped> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
    ExampleSource train = source(splits.train(), req, skipped, referable);
    ExampleSource val = source(splits.validation(), req, skipped, referable);
    if (val.size() == 0) {
      throw new IllegalArgumentException("the validation split of " + req.data() + " is empty: model selection"
          + " needs validation images");
    }
    float[] classWeights = null;
    if (cfg.classWeighting()) {
      double[] w = Sampling.classWeights(train.labels(), cfg.numClasses());
      classWeights = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        classWeights[i] = (float) w[i];
      }
    }
    Backbone backbone = backbones.get();
    Files.createDirectories(req.runDir());
    // A run killed while exporting leaves its unfinished .model.*.tmp (a whole SavedModel) behind; drop it, and
    // put back a previous model that was moved aside when the kill came between the two renames.
    RunFiles.recoverFolder(req.runDir().resolve(MODEL_DIR));
    RunFiles.cleanLeftovers(req.runDir());
    try (FineTuner tuner = FineTuner.create(backbone.frozen(), backbone.profile(), cfg, classWeights,
        SessionConfig.configProto(req.device(), listener::warning))) {
      ExampleSource fitTrain = train;
      ExampleSource fitVal = val;
      if (req.usesFeatureCache()) {
        Path cacheDir = req.runDir().resolve("feature-cache");
        String pre = req.preprocessing().toString();
        fitTrain = FeatureCache.open(tuner, train, cacheDir, "train", cfg.augment() ? 4 : 1, req.cacheDtype(), pre,
            cfg.batchSize(), b -> listener.cachingStarted("train", b),
            (d, t) -> listener.cachingProgress("train", d, t));
        fitVal = FeatureCache.open(tuner, val, cacheDir, "validation", 1, req.cacheDtype(), pre, cfg.batchSize(),
            b -> listener.cachingStarted("validation", b), (d, t) -> listener.cachingProgress("validation", d, t));
      }
      Trainer.Outcome outcome = Trainer.fit(tuner, fitTrain, fitVal, req.runDir().resolve("checkpoints"),
          req.resume(), listener);
      Predictions p = Trainer.predict(tuner, fitVal, cfg.batchSize(), false);
      EvaluationOptions eo = EvaluationOptions.defaults();
      if (referable) {
        eo = eo.withReferableMinGrade(1);
      }
      Evaluation validation = Evaluation.of(p.labels(), p.probabilities(), eo);
      List<String> classes = referable ? List.of("NOT_REFERABLE", "REFERABLE") : Plots.defaultClassNames(cfg.numClasses());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("path", req.data().toAbsolutePath().normalize().toString());
      data.put("trainImages", train.size());
      data.put("validationImages", val.size());
      data.put("trainClassCounts", Arrays.stream(Sampling.classCounts(train.labels(), cfg.numClasses())).boxed()
          .toList());
      data.put("validationClassCounts", Arrays.stream(Sampling.classCounts(val.labels(), cfg.numClasses()))
          .boxed().toList());
      data.put("skippedImages", skipped.size());
      data.put("device", req.device().usesGpu() ? req.device().toString() : "cpu");
      data.put("featureCache", req.usesFeatureCache() ? req.cacheDtype().name().toLowerCase(java.util.Locale.ROOT)
          : "off");
      if (classWeights != null) {
        List<Double> cw = new ArrayList<>();
        for (float f : classWeights) {
          cw.add((double) f);
        }
        data.put("classWeights", cw);
      }
      ModelCard card = new ModelCard(ModelCard.FORMAT_VERSION, Instant.now().toString(), backbone.name(),
          backbone.checksum(), classes, req.labelScheme(), req.preprocessing(), cfg.strategy().cliName(),
          tuner.spec().cutNode(), tuner.spec().frozenLayers(),
          tuner.variableChecksums(tuner.spec().frozenVariables()),
          tuner.variableChecksums(tuner.spec().trainableVariables()), cfg, data, outcome.history(),
          outcome.bestEpoch(), validation, versions());
      Path modelDir = req.runDir().resolve(MODEL_DIR);
      RunFiles.replaceFolder(modelDir, dir -> {
        tuner.exportSavedModel(dir);
        card.write(dir.resolve(ModelCard.FILE_NAME));
      });
      card.write(req.runDir().resolve(ModelCard.FILE_NAME));
      Files.deleteIfExists(req.runDir().resolve(EnsembleCard.FILE_NAME)); // of an earlier ensemble in this folder
      Path report = writeReport(req.runDir(), card, validation);
      return new Result(modelDir, card, validation, report, skipped, p, List.of(card));
    }
  }

  /**
   * Trains an ensemble: {@code members} models of the same request, member {@code i} (from 0) with the training
   * seed {@code seed + i}, each a complete run in {@code RUN/members/member-(i+1)} (checkpoints, model, report; a
   * resumed request resumes each member). Their validation probabilities are averaged and evaluated, and
   * {@code RUN/model} becomes an ensemble folder ({@link EnsembleCard} plus a copy of every member's model), which
   * {@link DrClassifier#load} reads; it replaces an older model only once complete. With one member this is
   * {@link #run(FineTuneRequest, Backbone, TrainingListener)}.
   *
   * @param backbone the backbone, or null for the BVLC GoogLeNet
   * @throws IllegalArgumentException when {@code members} is not positive
   */
  public static Result runEnsemble(FineTuneRequest req, int members, Backbone backbone, TrainingListener listener)
      throws IOException {
    if (members < 1) {
      throw new IllegalArgumentException("an ensemble needs at least one member, got " + members);
    }
    if (members == 1) {
      return run(req, backbone, listener);
    }
    Backbone[] imported = {backbone};
    BackboneSource backbones = () -> {
      if (imported[0] == null) {
        imported[0] = Backbone.bvlcGoogLeNet(req.assets()); // once, after member 1 has opened the data
      }
      return imported[0];
    };
    Files.createDirectories(req.runDir());
    RunFiles.recoverFolder(req.runDir().resolve(MODEL_DIR));
    RunFiles.cleanLeftovers(req.runDir());
    TrainingConfig cfg = req.training();
    List<Result> results = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      long seed = cfg.seed() + m;
      listener.memberStarted(m + 1, members, seed);
      FineTuneRequest mr = req.withRunDir(req.runDir().resolve(MEMBERS_DIR).resolve(memberFolder(m)))
          .withTraining(cfg.toBuilder().seed(seed).build());
      results.add(runWith(mr, backbones, listener));
    }
    Predictions first = results.get(0).validationPredictions();
    List<float[][]> tables = new ArrayList<>();
    for (Result r : results) {
      if (!r.validationPredictions().ids().equals(first.ids())) {
        throw new IllegalStateException("ensemble members were validated on different images");
      }
      tables.add(r.validationPredictions().probabilities());
    }
    float[][] mean = Predictions.meanProbabilities(tables);
    Predictions meanP = new Predictions(first.ids(), first.labels(), mean);
    EvaluationOptions eo = EvaluationOptions.defaults();
    if (ModelCard.REFERABLE.equals(req.labelScheme())) {
      eo = eo.withReferableMinGrade(1);
    }
    Evaluation validation = Evaluation.of(meanP.labels(), meanP.probabilities(), eo);
    List<EnsembleCard.Member> entries = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      entries.add(new EnsembleCard.Member(memberFolder(m), cfg.seed() + m,
          EnsembleCard.sha256(results.get(m).modelDir().resolve(ModelCard.FILE_NAME))));
    }
    ModelCard card = results.get(0).card();
    EnsembleCard ens = new EnsembleCard(EnsembleCard.FORMAT_VERSION, Instant.now().toString(), entries,
        card.classes(), card.labelScheme(), validation);
    Path modelDir = req.runDir().resolve(MODEL_DIR);
    RunFiles.replaceFolder(modelDir, dir -> {
      for (int m = 0; m < members; m++) {
        RunFiles.copyTree(results.get(m).modelDir(), dir.resolve(memberFolder(m)));
      }
      ens.write(dir.resolve(EnsembleCard.FILE_NAME));
    });
    ens.write(req.runDir().resolve(EnsembleCard.FILE_NAME));
    Files.deleteIfExists(req.runDir().resolve(ModelCard.FILE_NAME)); // of an earlier single model in this folder
    Path report = writeReport(req.runDir(), "drtune fine-tune: ensemble of " + members + " " + card.strategy()
        + " models, " + card.numClasses() + " classes (member reports: " + MEMBERS_DIR + "/member-N/report.html)",
        validation, List.of(), ens.toJson(), card.classes());
    List<ModelCard> cards = results.stream().map(Result::card).toList();
    return new Result(modelDir, card, validation, report, results.get(0).skipped(), meanP, cards);
  }

  private static String memberFolder(int m) {
    return "member-" + (m + 1);
  }

  /** Loss/metric curves, confusion matrix and an HTML page showing them with the model card. */
  static Path writeReport(Path runDir, ModelCard card, Evaluation validation) throws IOException {
    return writeReport(runDir, "drtune fine-tune: " + card.strategy() + ", " + card.numClasses() + " classes",
        validation, card.history(), card.toJson(), card.classes());
  }

  private static Path writeReport(Path runDir, String title, Evaluation validation, List<EpochRecord> history,
      String cardJson, List<String> classes) throws IOException {
    Path plots = runDir.resolve("plots");
    Files.createDirectories(plots);
    List<Path> pngs = new ArrayList<>();
    if (!history.isEmpty()) {
      pngs.add(plots.resolve("loss.png"));
      Plots.writeLossCurves(history, pngs.get(pngs.size() - 1));
      pngs.add(plots.resolve("metrics.png"));
      Plots.writeMetricCurves(history, pngs.get(pngs.size() - 1));
    }
    pngs.add(plots.resolve("confusion.png"));
    Plots.writeConfusionMatrix(validation.confusion(), classes, pngs.get(pngs.size() - 1));
    Path html = runDir.resolve("report.html");
    HtmlReport.write(html, title, validation, history, cardJson, pngs);
    return html;
  }

  private static ExampleSource source(FundusDataset d, FineTuneRequest req, List<SkipReport.Skipped> skipped,
      boolean referable) {
    ExampleSource s = ExampleSource.of(d, req.preprocessing(), req.loader(), skipped::add);
    return referable ? s.mapLabels(g -> g >= 2 ? 1 : 0) : s;
  }

  /** drtune, TensorFlow Java and native TensorFlow versions. */
  public static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    String own = FineTuneJob.class.getPackage().getImplementationVersion();
    v.put("drtune", own == null ? "development" : own);
    String tfj = TensorFlow.class.getPackage().getImplementationVersion();
    v.put("tensorflowJava", tfj == null ? "1.1.0" : tfj);
    v.put("tensorflow", TensorFlow.version());
    v.put("java", System.getProperty("java.version"));
    return v;
  }
}
