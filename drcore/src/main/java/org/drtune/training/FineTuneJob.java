package org.drtune.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.eval.Predictions;
import org.drtune.features.CacheDtype;
import org.drtune.features.FeatureProvider;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.QualityThresholds;
import org.drtune.grading.SkippedImage;
import org.drtune.internal.data.DatasetSplits;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.LoaderOptions;
import org.drtune.internal.data.QualityCalibration;
import org.drtune.internal.data.Sampling;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.model.Digests;
import org.drtune.internal.model.FeatureReference;
import org.drtune.internal.model.ModelExport;
import org.drtune.internal.model.ModelFiles;
import org.drtune.internal.model.Versions;
import org.drtune.internal.report.HtmlReport;
import org.drtune.internal.report.Plots;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.internal.train.CacheNode;
import org.drtune.internal.train.ExampleSource;
import org.drtune.internal.train.FeatureCache;
import org.drtune.internal.train.FineTuner;
import org.drtune.internal.train.Trainer;
import org.drtune.model.ChannelOrder;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.drtune.model.Preprocessing;
import org.drtune.model.Screening;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole fine-tune, from data on disk to an exported model: open the data, choose the recipe, find
 * and verify the backbone, build the fine-tuning graph, train with checkpoints and early stopping,
 * evaluate the best epoch on the validation split, export the SavedModel with its model card
 * (atomically, replacing an older model only once the new one is complete), and write the report.
 * Progress goes to the {@link TrainingListener}; warnings (such as the CPU fall-back of {@code
 * --device auto}) to the SLF4J logger {@code org.drtune}. With an ensemble recipe it trains every
 * member in its own run folder and exports them as one ensemble folder that {@link DrClassifier}
 * loads like a single model.
 */
public final class FineTuneJob {
  private static final Logger LOG = LoggerFactory.getLogger("org.drtune");

  private FineTuneJob() {}

  /**
   * What a fine-tune produced.
   *
   * @param modelDir the exported model (SavedModel and model card, or an ensemble folder); load it
   *     with {@link DrClassifier#load}
   * @param recipe the recipe that was trained
   * @param card the model card (of the first member, for an ensemble)
   * @param ensembleCard the ensemble card, or null for a single model
   * @param validation metrics of the exported model on the validation split
   * @param report the HTML report
   * @param skipped images that could not be read and were left out
   * @param validationPredictions the exported model's probabilities on the validation split (for an
   *     ensemble: the mean of its members')
   * @param memberCards the model card of every member of an ensemble; just {@code card} for a
   *     single model
   */
  public record Result(
      Path modelDir,
      Recipe recipe,
      ModelCard card,
      EnsembleCard ensembleCard,
      Evaluation validation,
      Path report,
      List<SkippedImage> skipped,
      Predictions validationPredictions,
      List<ModelCard> memberCards,
      List<SkippedImage> ungradable) {
    /** Copies the lists. */
    public Result {
      skipped = List.copyOf(skipped);
      ungradable = ungradable == null ? List.of() : List.copyOf(ungradable);
      memberCards = memberCards == null ? List.of(card) : List.copyOf(memberCards);
    }

    /** Number of models in the exported model: 1, or the ensemble's size. */
    public int members() {
      return memberCards.size();
    }
  }

  /**
   * Runs the fine-tune the request describes: the recipe {@link Recipes#forData} picks for its
   * data, with the parts the request sets in their place; an ensemble when the recipe has more than
   * one member.
   *
   * @throws IOException when the data or weights cannot be read or the outputs cannot be written
   * @throws TrainingDivergedException when the loss becomes NaN (checkpoints stay intact)
   */
  public static Result run(FineTuneRequest req, TrainingListener listener) throws IOException {
    return run(req, listener, null);
  }

  /**
   * As {@link #run(FineTuneRequest, TrainingListener)}, with the frozen features computed by {@code
   * features} (for example on a Spark cluster) instead of this JVM; the head and every trainable
   * layer still train here, from the run's feature cache. Null computes them here.
   *
   * @throws IllegalArgumentException when {@code features} is given but the request does not train
   *     from the feature cache, or its photographs are not files (an {@code .npz})
   */
  public static Result run(FineTuneRequest req, TrainingListener listener, FeatureProvider features)
      throws IOException {
    Recipe recipe = req.recipe(Recipes.forData(req.data()));
    if (features != null && !req.usesFeatureCache(recipe.training())) {
      throw new IllegalArgumentException(
          "a feature provider computes the feature cache, but this run trains without one: turn it"
              + " on (FineTuneRequest.withFeatureCache(true, ...), --cache-features) or use a"
              + " head-only strategy or a frozen prefix");
    }
    listener.recipeChosen(recipe);
    Backbone[] imported = {null};
    BackboneSource backbones =
        () -> {
          if (imported[0] == null) {
            imported[0] =
                Backbone.load(
                    req.backbone(), req.assets()); // once, after member 1 has opened the data
          }
          return imported[0];
        };
    if (recipe.ensembleMembers() == 1) {
      Result r =
          runOne(
              req,
              recipe,
              recipe.training(),
              backbones,
              cacheDir(req.runDir()),
              listener,
              features);
      AtomicFiles.deleteRecursively(cacheDir(req.runDir()));
      return r;
    }
    return runEnsemble(req, recipe, backbones, listener, features);
  }

  /**
   * Gives the backbone once the data has been opened (so that bad data fails before the weights are
   * imported).
   */
  private interface BackboneSource {
    Backbone get() throws IOException;
  }

  private static Result runOne(
      FineTuneRequest req,
      Recipe recipe,
      TrainingConfig cfg,
      BackboneSource backbones,
      Path cacheDir,
      TrainingListener listener,
      FeatureProvider features)
      throws IOException {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long clock = System.nanoTime();
    long phase = clock;
    LabelScheme scheme = LabelScheme.forClasses(cfg.numClasses());
    DatasetSplits splits =
        Datasets.open(
            req.data(), req.dataOptions().withNumClasses(scheme.dataClasses(cfg.numClasses())));
    if (splits.validation().size() == 0) {
      throw new IllegalArgumentException(
          "the validation split of "
              + req.data()
              + " is empty: model selection"
              + " needs validation images");
    }
    phase = lap(seconds, "data", phase);
    Backbone backbone = backbones.get();
    phase = lap(seconds, "backbone", phase);
    // the quality check's limits, calibrated on the training photographs, go into the card
    QualityThresholds quality = QualityCalibration.calibrate(splits.train(), cfg.seed());
    List<SkippedImage> ungradable = new ArrayList<>();
    FundusDataset trainSet = splits.train();
    FundusDataset valSet = splits.validation();
    if (req.skipUngradable()) {
      trainSet = QualityCalibration.gradable(trainSet, quality, ungradable);
      valSet = QualityCalibration.gradable(valSet, quality, ungradable);
      listener.ungradableSkipped(ungradable.size());
    }
    phase = lap(seconds, "qualityCheck", phase);
    // the backbone decides the channel order and mean its weights expect
    Preprocessing prep =
        recipe
            .preprocessing()
            .withNormalisation(
                ChannelOrder.valueOf(backbone.profile().channelOrder()), backbone.profile().mean());
    List<SkippedImage> skipped = Collections.synchronizedList(new ArrayList<>());
    ExampleSource train = source(trainSet, req, prep, skipped, scheme);
    ExampleSource val = source(valSet, req, prep, skipped, scheme);
    float[] classWeights = null;
    if (cfg.classWeighting()) {
      double[] w = Sampling.classWeights(train.labels(), cfg.numClasses());
      classWeights = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        classWeights[i] = (float) w[i];
      }
    }
    Files.createDirectories(req.runDir());
    // A run killed while exporting leaves its unfinished .model.*.tmp (a whole SavedModel) behind;
    // drop it, and
    // put back a previous model that was moved aside when the kill came between the two renames.
    AtomicFiles.recoverFolder(req.runDir().resolve(ModelFiles.MODEL_DIR));
    AtomicFiles.cleanLeftovers(req.runDir());
    boolean cached = req.usesFeatureCache(cfg);
    CacheDtype cacheDtype = req.cacheDtypeFor(cfg);
    try (FineTuner tuner =
        FineTuner.create(
            backbone.frozen(),
            backbone.profile(),
            cfg,
            classWeights,
            SessionConfig.configProto(req.device(), cfg.precision(), LOG::warn))) {
      ExampleSource fitTrain = train;
      ExampleSource fitVal = val;
      phase = lap(seconds, "graph", phase);
      if (cached) {
        String pre = prep.toString();
        fitTrain =
            FeatureCache.open(
                tuner,
                train,
                cacheDir,
                "train",
                cfg.augment() ? 4 : 1,
                cacheDtype,
                pre,
                cfg.batchSize(),
                b -> listener.cachingStarted("train", b),
                (d, t) -> listener.cachingProgress("train", d, t),
                external(features, trainSet, req, backbone, prep));
        fitVal =
            FeatureCache.open(
                tuner,
                val,
                cacheDir,
                "validation",
                1,
                cacheDtype,
                pre,
                cfg.batchSize(),
                b -> listener.cachingStarted("validation", b),
                (d, t) -> listener.cachingProgress("validation", d, t),
                external(features, valSet, req, backbone, prep));
      }
      if (cached) {
        phase = lap(seconds, "featureCache", phase);
      }
      Trainer.Outcome outcome =
          Trainer.fit(
              tuner, fitTrain, fitVal, req.runDir().resolve("checkpoints"), req.resume(), listener);
      phase = lap(seconds, "training", phase);
      Predictions p = Trainer.predict(tuner, fitVal, cfg.batchSize(), false);
      // what its training photographs look like to the frozen ImageNet layers, for the quality
      // check of pictures that fill the frame (QualityMeasures.featureDistance)
      String referenceNode = referenceNode(tuner);
      FeatureReference reference = featureReference(tuner, fitTrain, cfg, referenceNode);
      phase = lap(seconds, "validation", phase);
      Evaluation validation =
          Evaluation.of(p.labels(), p.probabilities(), scheme.evaluationOptions());
      Screening screening = Screening.of(validation, quality);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put(
          "path", req.data().toString()); // as given: no machine path is written into a shared card
      data.put("trainImages", train.size());
      data.put("validationImages", val.size());
      data.put(
          "trainClassCounts",
          Arrays.stream(Sampling.classCounts(train.labels(), cfg.numClasses())).boxed().toList());
      data.put(
          "validationClassCounts",
          Arrays.stream(Sampling.classCounts(val.labels(), cfg.numClasses())).boxed().toList());
      data.put("skippedImages", skipped.size());
      data.put("ungradableSkipped", req.skipUngradable() ? ungradable.size() : "not checked");
      data.put("device", req.device().usesGpu() ? req.device().toString() : "cpu");
      data.put("precision", SessionConfig.effective(req.device(), cfg.precision()).cliName());
      data.put("featureCache", cached ? cacheDtype.name().toLowerCase(Locale.ROOT) : "off");
      if (classWeights != null) {
        List<Double> cw = new ArrayList<>();
        for (float f : classWeights) {
          cw.add((double) f);
        }
        data.put("classWeights", cw);
      }
      byte[] referenceBytes = reference == null ? null : reference.toBytes();
      if (reference != null) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("file", FeatureReference.FILE);
        ref.put("node", referenceNode);
        ref.put("photographs", reference.size());
        ref.put("k", reference.k());
        ref.put("limit", reference.limit());
        ref.put("sha256", Digests.sha256(referenceBytes));
        data.put(FeatureReference.CARD_KEY, ref);
      }
      data.put("seconds", seconds);
      ModelCard card =
          new ModelCard(
              ModelCard.FORMAT_VERSION,
              Instant.now().toString(),
              backbone.name(),
              backbone.checksum(),
              scheme.classNames(cfg.numClasses()),
              scheme,
              recipe.name() + ": " + recipe.reason(),
              prep,
              cfg.strategy().cliName(),
              tuner.spec().cutNode(),
              tuner.spec().frozenLayers(),
              tuner.variableChecksums(tuner.spec().frozenVariables()),
              tuner.variableChecksums(tuner.spec().trainableVariables()),
              cfg,
              data,
              outcome.history(),
              outcome.bestEpoch(),
              validation,
              screening,
              Versions.current());
      Path modelDir = req.runDir().resolve(ModelFiles.MODEL_DIR);
      ModelExport.writeModel(
          modelDir,
          dir -> {
            tuner.exportSavedModel(dir);
            if (referenceBytes != null) {
              Files.write(dir.resolve(FeatureReference.FILE), referenceBytes);
            }
          },
          card);
      lap(seconds, "export", phase);
      seconds.put("total", (System.nanoTime() - clock) / 1e9);
      // the card inside the exported model went out before the export time was known; the run
      // folder's
      // copy has every phase
      card.write(req.runDir().resolve(ModelFiles.MODEL_CARD));
      Files.deleteIfExists(
          req.runDir().resolve(ModelFiles.ENSEMBLE_CARD)); // of an earlier ensemble here
      Path report =
          writeReport(
              req.runDir(),
              "drtune fine-tune: " + card.strategy() + ", " + card.numClasses() + " classes",
              validation,
              card.history(),
              card.toJson(),
              card.classes());
      return new Result(
          modelDir, recipe, card, null, validation, report, skipped, p, List.of(card), ungradable);
    }
  }

  /**
   * Trains an ensemble: member {@code i} (from 0) with the training seed {@code seed + i}, each a
   * complete run in {@code RUN/members/member-(i+1)} (checkpoints, model, report; a resumed request
   * resumes each member). Their validation probabilities are averaged and evaluated, and {@code
   * RUN/model} becomes an ensemble folder ({@link EnsembleCard} plus a copy of every member's
   * model); it replaces an older model only once complete.
   */
  private static Result runEnsemble(
      FineTuneRequest req,
      Recipe recipe,
      BackboneSource backbones,
      TrainingListener listener,
      FeatureProvider features)
      throws IOException {
    int members = recipe.ensembleMembers();
    Files.createDirectories(req.runDir());
    AtomicFiles.recoverFolder(req.runDir().resolve(ModelFiles.MODEL_DIR));
    AtomicFiles.cleanLeftovers(req.runDir());
    TrainingConfig cfg = recipe.training();
    List<Result> results = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      long seed = cfg.seed() + m;
      listener.memberStarted(m + 1, members, seed);
      FineTuneRequest mr =
          req.withRunDir(
              req.runDir().resolve(ModelFiles.MEMBERS_DIR).resolve(ModelFiles.memberFolder(m)));
      // the members share the frozen part and the data: one feature cache for all of them
      results.add(
          runOne(
              mr,
              recipe,
              cfg.toBuilder().seed(seed).build(),
              backbones,
              cacheDir(req.runDir()),
              listener,
              features));
    }
    Predictions first = results.get(0).validationPredictions();
    List<float[][]> tables = new ArrayList<>();
    for (Result r : results) {
      if (!r.validationPredictions().ids().equals(first.ids())) {
        throw new IllegalStateException("ensemble members were validated on different images");
      }
      tables.add(r.validationPredictions().probabilities());
    }
    Predictions meanP =
        new Predictions(first.ids(), first.labels(), Predictions.meanProbabilities(tables));
    ModelCard card = results.get(0).card();
    Evaluation validation =
        Evaluation.of(
            meanP.labels(), meanP.probabilities(), card.labelScheme().evaluationOptions());
    List<EnsembleCard.Member> entries = new ArrayList<>();
    List<Path> memberDirs = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      entries.add(ModelExport.member(m, cfg.seed() + m, results.get(m).modelDir()));
      memberDirs.add(results.get(m).modelDir());
    }
    EnsembleCard ens =
        new EnsembleCard(
            EnsembleCard.FORMAT_VERSION,
            Instant.now().toString(),
            entries,
            card.classes(),
            card.labelScheme(),
            validation,
            Screening.of(
                validation,
                card.screening() == null
                    ? QualityThresholds.defaults()
                    : card.screening().quality()));
    Path modelDir = req.runDir().resolve(ModelFiles.MODEL_DIR);
    ModelExport.writeEnsemble(modelDir, memberDirs, ens);
    ens.write(req.runDir().resolve(ModelFiles.ENSEMBLE_CARD));
    AtomicFiles.deleteRecursively(cacheDir(req.runDir()));
    Files.deleteIfExists(
        req.runDir().resolve(ModelFiles.MODEL_CARD)); // of an earlier single model here
    Path report =
        writeReport(
            req.runDir(),
            "drtune fine-tune: ensemble of "
                + members
                + " "
                + card.strategy()
                + " models, "
                + card.numClasses()
                + " classes (member reports: "
                + ModelFiles.MEMBERS_DIR
                + "/member-N/report.html)",
            validation,
            List.of(),
            ens.toJson(),
            card.classes());
    List<ModelCard> cards = results.stream().map(Result::card).toList();
    return new Result(
        modelDir,
        recipe,
        card,
        ens,
        validation,
        report,
        results.get(0).skipped(),
        meanP,
        cards,
        results.get(0).ungradable());
  }

  /** What a feature provider needs to compute {@code set}'s features; null without a provider. */
  private static FeatureCache.External external(
      FeatureProvider features,
      FundusDataset set,
      FineTuneRequest req,
      Backbone backbone,
      Preprocessing prep)
      throws IOException {
    if (features == null) {
      return null;
    }
    List<String> files = new ArrayList<>(set.size());
    for (int i = 0; i < set.size(); i++) {
      Path f = set.file(i);
      if (f == null) {
        throw new IllegalArgumentException(
            "a feature provider reads the photographs as files, but "
                + req.data()
                + " holds them inside one file: give a folder of grade folders or a label CSV"
                + " with its images");
      }
      files.add(f.toAbsolutePath().normalize().toString());
    }
    Path folder;
    List<String> backboneFiles;
    boolean graph = req.backbone().frozenGraph() != null;
    if (graph) {
      Path pb = req.backbone().frozenGraph().toAbsolutePath().normalize();
      folder = pb.getParent();
      backboneFiles = List.of(pb.getFileName().toString());
    } else {
      folder = backbone.assets().folder();
      backboneFiles =
          org.drtune.models.ModelRecipe.bvlcGoogLeNet().files().stream()
              .map(org.drtune.models.ModelRecipe.FileEntry::path)
              .toList();
    }
    return new FeatureCache.External(
        features,
        files,
        req.backbone().profile(),
        backboneFiles,
        folder.toString(),
        graph,
        org.drtune.internal.model.CardJson.MAPPER.writeValueAsString(prep),
        req.dataOptions().maxImagePixels());
  }

  /**
   * The feature cache of a run (shared by an ensemble's members), removed once the model is
   * exported: it is rebuilt in minutes and takes gigabytes.
   */
  private static Path cacheDir(Path runDir) {
    return runDir.resolve("feature-cache");
  }

  /** Records the seconds since {@code since} under {@code name}; returns now. */
  private static long lap(Map<String, Double> seconds, String name, long since) {
    long now = System.nanoTime();
    seconds.merge(name, Math.round((now - since) / 1e7) / 100.0, Double::sum);
    return now;
  }

  /** Loss/metric curves, confusion matrix and an HTML page showing them with the card. */
  private static Path writeReport(
      Path runDir,
      String title,
      Evaluation validation,
      List<EpochRecord> history,
      String cardJson,
      List<String> classes)
      throws IOException {
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

  private static ExampleSource source(
      FundusDataset d,
      FineTuneRequest req,
      Preprocessing prep,
      List<SkippedImage> skipped,
      LabelScheme scheme) {
    LoaderOptions loader = LoaderOptions.defaults().withStrict(req.strict());
    if (req.workers() > 0) {
      loader = loader.withWorkers(req.workers(), loader.prefetchBatches());
    }
    ExampleSource s =
        ExampleSource.of(d, prep, loader, k -> skipped.add(new SkippedImage(k.id(), k.reason())));
    return scheme == LabelScheme.REFERABLE ? s.mapLabels(scheme::labelOf) : s;
  }

  /**
   * The node whose pooled values the feature reference holds: the last node of the frozen prefix
   * (what {@link FeatureCache} caches), whose weights are the backbone's ImageNet ones whatever the
   * training did; null when nothing is frozen.
   */
  private static String referenceNode(FineTuner tuner) {
    if (tuner.spec().frozenVariables().isEmpty()) {
      return null;
    }
    try {
      return CacheNode.of(
          tuner.graphDef(),
          tuner.spec().inputNode(),
          new java.util.HashSet<>(tuner.spec().frozenVariables()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The feature reference of (a seeded sample of) the training photographs at {@code node} (the end
   * of the frozen prefix, {@link #referenceNode}), or null (with a warning) when nothing is frozen
   * or there are too few photographs: the quality check then refuses every picture that fills the
   * frame, as before there was a reference.
   */
  private static FeatureReference featureReference(
      FineTuner tuner, ExampleSource train, TrainingConfig cfg, String node) {
    if (node == null) {
      LOG.warn(
          "no feature reference in the model card (no frozen layers): pictures that fill the"
              + " frame will be refused as not fundus photographs");
      return null;
    }
    try {
      return FeatureReference.of(
          Trainer.features(
              tuner, train, node, cfg.batchSize(), FeatureReference.MAX_PHOTOGRAPHS, cfg.seed()));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "no feature reference in the model card ({}): pictures that fill the frame will be"
              + " refused as not fundus photographs",
          e.getMessage());
      return null;
    }
  }
}
