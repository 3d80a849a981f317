package org.drtune.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.Predictions;
import org.drtune.features.CacheDtype;
import org.drtune.features.FeatureProvider;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.PatientNaming;
import org.drtune.grading.QualityThresholds;
import org.drtune.grading.SkippedImage;
import org.drtune.internal.data.DatasetSplits;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.LoaderOptions;
import org.drtune.internal.data.QualityCalibration;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.data.Sampling;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.model.Digests;
import org.drtune.internal.model.FeatureReference;
import org.drtune.internal.model.ModelExport;
import org.drtune.internal.model.ModelFiles;
import org.drtune.internal.runtime.Logs;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.internal.train.CacheNode;
import org.drtune.internal.train.ExampleSource;
import org.drtune.internal.train.FeatureCache;
import org.drtune.internal.train.FineTuner;
import org.drtune.internal.train.Trainer;
import org.drtune.model.ChannelOrder;
import org.drtune.model.ModelCard;
import org.drtune.model.Preprocessing;
import org.drtune.model.Screening;
import org.slf4j.Logger;

/**
 * One model of a fine-tune, trained and exported as a sequence of named steps: {@link #prepare} the
 * data (quality limits, photographs left out, preprocessing, loaders), build the graph, {@link
 * #cache} the frozen part's output, {@link #train}, {@link #validate} the selected epoch, {@link
 * #calibrateQuality} (the feature reference), {@link #export} the SavedModel and write the card and
 * report. The steps run in this order, which the bit-identity of training depends on.
 */
final class MemberRun {
  private static final Logger LOG = Logs.train();

  /** What trains: the run folder, the recipe, its seeded configuration and where output goes. */
  record Plan(
      FineTuneRequest request,
      Recipe recipe,
      TrainingConfig config,
      Path cacheDir,
      TrainingListener listener,
      FeatureProvider features) {}

  /** Gives the backbone, imported once for all the members of a run. */
  interface BackboneSource {
    Backbone get() throws IOException;
  }

  /** The data ready to load: its splits, quality limits and loaders. */
  private record Prepared(
      Backbone backbone,
      QualityThresholds quality,
      FundusDataset trainSet,
      FundusDataset validationSet,
      List<SkippedImage> ungradable,
      Preprocessing preprocessing,
      ExampleSource train,
      ExampleSource validation,
      List<SkippedImage> skipped,
      float[] classWeights) {}

  /** The examples training reads: decoded photographs, or the frozen part's cached output. */
  private record Fit(ExampleSource train, ExampleSource validation) {}

  /** The selected epoch's validation. */
  private record Validated(Predictions predictions, Evaluation evaluation, Screening screening) {}

  private final Plan plan;
  private final FineTuneRequest req;
  private final TrainingConfig cfg;
  private final LabelScheme scheme;
  private final PhaseClock clock = new PhaseClock();

  private MemberRun(Plan plan) {
    this.plan = plan;
    this.req = plan.request();
    this.cfg = plan.config();
    this.scheme = LabelScheme.forClasses(cfg.numClasses());
  }

  /**
   * Trains and exports one model on {@code splits} (opened by the caller in {@code dataSeconds}).
   */
  static FineTuneJob.Result run(
      Plan plan, DatasetSplits splits, double dataSeconds, BackboneSource backbones)
      throws IOException {
    return new MemberRun(plan).run(splits, dataSeconds, backbones);
  }

  private FineTuneJob.Result run(DatasetSplits splits, double dataSeconds, BackboneSource backbones)
      throws IOException {
    clock.record("data", dataSeconds);
    Backbone backbone = backbones.get();
    clock.lap("backbone");
    Prepared p = prepare(splits, backbone);
    Files.createDirectories(req.runDir());
    // A run killed while exporting leaves its unfinished .model.*.tmp (a whole SavedModel) behind;
    // drop it, and put back a previous model that was moved aside when the kill came between the
    // two renames.
    AtomicFiles.recoverFolder(req.runDir().resolve(ModelFiles.MODEL_DIR));
    AtomicFiles.cleanLeftovers(req.runDir());
    try (FineTuner tuner =
        FineTuner.create(
            backbone.frozen(),
            backbone.profile(),
            cfg,
            p.classWeights(),
            SessionConfig.configProto(req.device(), cfg.precision(), LOG::warn))) {
      clock.lap("graph");
      Fit fit = cache(tuner, p);
      Trainer.Outcome outcome = train(tuner, fit);
      clock.lap("training");
      Predictions predictions = Trainer.predict(tuner, fit.validation(), cfg.batchSize(), false);
      String referenceNode = referenceNode(tuner);
      FeatureReference reference = calibrateQuality(tuner, fit.train(), referenceNode);
      clock.lap("validation");
      Validated v =
          validate(
              predictions,
              p.quality(),
              PatientRule.whoIn(p.validationSet(), req.dataOptions().patientNaming()));
      ModelCardBuilder.DataSection data = dataSection(p, fit, reference, referenceNode);
      ModelCard card = card(p, tuner, outcome, v, data);
      Path modelDir = export(tuner, card, reference);
      clock.lap("export");
      // the card inside the exported model went out before the export time was known; the run
      // folder's copy has every phase
      card = ModelCardBuilder.withData(card, data.withSeconds(clock.withTotal()));
      card.write(req.runDir().resolve(ModelFiles.MODEL_CARD));
      Files.deleteIfExists(req.runDir().resolve(ModelFiles.ENSEMBLE_CARD)); // an earlier ensemble's
      Path report =
          RunReport.write(
              req.runDir(),
              "drtune fine-tune: " + card.strategy() + ", " + card.numClasses() + " classes",
              v.evaluation(),
              card.history(),
              card.toJson(),
              card.classes());
      return new FineTuneJob.Result(
          modelDir,
          plan.recipe(),
          card,
          null,
          v.evaluation(),
          report,
          p.skipped(),
          predictions,
          List.of(card),
          p.ungradable());
    }
  }

  /**
   * The quality limits calibrated on the training photographs (they go into the card), the
   * photographs the quality check refuses left out when asked, the preprocessing with the channel
   * order and mean the backbone's weights expect, the loaders, and the class weights.
   */
  private Prepared prepare(DatasetSplits splits, Backbone backbone) {
    QualityThresholds quality = QualityCalibration.calibrate(splits.train(), cfg.seed());
    List<SkippedImage> ungradable = new ArrayList<>();
    FundusDataset trainSet = splits.train();
    FundusDataset valSet = splits.validation();
    if (req.skipUngradable()) {
      trainSet = QualityCalibration.gradable(trainSet, quality, ungradable);
      valSet = QualityCalibration.gradable(valSet, quality, ungradable);
      plan.listener().ungradableSkipped(ungradable.size());
    }
    clock.lap("qualityCheck");
    Preprocessing prep =
        plan.recipe()
            .preprocessing()
            .withNormalisation(
                ChannelOrder.valueOf(backbone.profile().channelOrder()), backbone.profile().mean());
    List<SkippedImage> skipped = Collections.synchronizedList(new ArrayList<>());
    ExampleSource train = source(trainSet, prep, skipped);
    ExampleSource val = source(valSet, prep, skipped);
    LOG.debug(
        "member seed {}: backbone {} ({}), {} training and {} validation photographs ({} left out"
            + " by the quality check), {}",
        cfg.seed(),
        backbone.name(),
        backbone.assets() != null
            ? backbone.assets().source() + " " + backbone.assets().folder()
            : "a graph file",
        trainSet.size(),
        valSet.size(),
        ungradable.size(),
        prep);
    return new Prepared(
        backbone,
        quality,
        trainSet,
        valSet,
        ungradable,
        prep,
        train,
        val,
        skipped,
        classWeights(train));
  }

  private float[] classWeights(ExampleSource train) {
    if (!cfg.classWeighting()) {
      return null;
    }
    double[] w = Sampling.classWeights(train.labels(), cfg.numClasses());
    float[] weights = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      weights[i] = (float) w[i];
    }
    return weights;
  }

  private ExampleSource source(FundusDataset d, Preprocessing prep, List<SkippedImage> skipped) {
    LoaderOptions loader = LoaderOptions.defaults().withStrict(req.strict());
    if (req.workers() > 0) {
      loader = loader.withWorkers(req.workers(), loader.prefetchBatches());
    }
    ExampleSource s =
        ExampleSource.of(d, prep, loader, k -> skipped.add(new SkippedImage(k.id(), k.reason())));
    return scheme == LabelScheme.REFERABLE ? s.mapLabels(scheme::labelOf) : s;
  }

  /**
   * The examples training reads: with the feature cache, the frozen part's output of every
   * photograph (and rotation, for training with augmentation), computed here or by the feature
   * provider; without, the decoded photographs.
   */
  private Fit cache(FineTuner tuner, Prepared p) throws IOException {
    if (!req.usesFeatureCache(cfg)) {
      return new Fit(p.train(), p.validation());
    }
    CacheDtype dtype = req.cacheDtypeFor(cfg);
    String key = p.preprocessing().toString();
    TrainingListener listener = plan.listener();
    ExampleSource train =
        FeatureCache.open(
            tuner,
            p.train(),
            plan.cacheDir(),
            "train",
            cfg.augment() ? Rotation.views(cfg.mirrors()).length : 1,
            dtype,
            key,
            cfg.batchSize(),
            b -> listener.cachingStarted("train", b),
            (d, t) -> listener.cachingProgress("train", d, t),
            ProviderInputs.of(plan.features(), p.trainSet(), req, p.backbone(), p.preprocessing()));
    ExampleSource val =
        FeatureCache.open(
            tuner,
            p.validation(),
            plan.cacheDir(),
            "validation",
            1,
            dtype,
            key,
            cfg.batchSize(),
            b -> listener.cachingStarted("validation", b),
            (d, t) -> listener.cachingProgress("validation", d, t),
            ProviderInputs.of(
                plan.features(), p.validationSet(), req, p.backbone(), p.preprocessing()));
    clock.lap("featureCache");
    return new Fit(train, val);
  }

  /** Trains with checkpoints and early stopping; the tuner ends with the best epoch's weights. */
  private Trainer.Outcome train(FineTuner tuner, Fit fit) throws IOException {
    return Trainer.fit(
        tuner,
        fit.train(),
        fit.validation(),
        req.runDir().resolve("checkpoints"),
        req.resume(),
        plan.listener());
  }

  /**
   * The selected epoch's metrics on the validation split, and the referral threshold chosen on them
   * with the quality limits: the model's screening rule.
   */
  private Validated validate(
      Predictions p,
      QualityThresholds quality,
      Function<String, Optional<PatientNaming.Photo>> who) {
    Evaluation chosenOn = pointEstimates(p, scheme);
    Screening s = screening(chosenOn, p, quality, cfg.numClasses(), who);
    return new Validated(p, atReferralThreshold(p, scheme, s), s);
  }

  /**
   * The validation metrics without intervals (no bootstrap): what the referral threshold is chosen
   * on, from point estimates only. The card's metrics are {@link #atReferralThreshold}'s.
   */
  static Evaluation pointEstimates(Predictions p, LabelScheme scheme) {
    return Evaluation.of(
        p.labels(), p.probabilities(), scheme.evaluationOptions().withBootstrapResamples(0));
  }

  /**
   * The validation metrics, with their intervals, at the operating point the model uses: the
   * screening rule's referral threshold (the scheme's default decision threshold when the rule has
   * no finite one), so that the card, the console and the report state the sensitivity and
   * specificity {@code drtune predict} refers with.
   */
  static Evaluation atReferralThreshold(Predictions p, LabelScheme scheme, Screening s) {
    double t = s.referableThreshold();
    EvaluationOptions eo = scheme.evaluationOptions();
    return Evaluation.of(
        p.labels(), p.probabilities(), t >= 0 && t <= 1 ? eo.withDecisionThreshold(t) : eo);
  }

  /**
   * The screening rule chosen on the validation split: the photograph threshold, the quality
   * limits, and the patient threshold when the photographs name their patients.
   */
  static Screening screening(
      Evaluation validation,
      Predictions p,
      QualityThresholds quality,
      int numClasses,
      Function<String, Optional<PatientNaming.Photo>> who) {
    Screening s = Screening.of(validation, quality);
    LabelScheme scheme = LabelScheme.forClasses(numClasses);
    Screening.Patients patients = PatientRule.chosenOn(p, scheme, who, numClasses);
    return patients == null ? s : s.withPatients(patients);
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
          new HashSet<>(tuner.spec().frozenVariables()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * What the training photographs look like to the frozen ImageNet layers, for the quality check of
   * pictures that fill the frame ({@code QualityMeasures.featureDistance}): the feature reference
   * of (a seeded sample of) them at {@code node}, or null (with a warning) when nothing is frozen
   * or there are too few photographs; the quality check then refuses every picture that fills the
   * frame, as before there was a reference.
   */
  private FeatureReference calibrateQuality(FineTuner tuner, ExampleSource train, String node) {
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

  /** The card's data section: what the model was trained on, and how. */
  private ModelCardBuilder.DataSection dataSection(
      Prepared p, Fit fit, FeatureReference reference, String referenceNode) {
    List<Double> weights = null;
    if (p.classWeights() != null) {
      weights = new ArrayList<>();
      for (float f : p.classWeights()) {
        weights.add((double) f);
      }
    }
    ModelCardBuilder.ReferenceEntry ref =
        reference == null
            ? null
            : new ModelCardBuilder.ReferenceEntry(
                referenceNode,
                reference.size(),
                reference.k(),
                reference.limit(),
                Digests.sha256(reference.toBytes()));
    boolean cached = req.usesFeatureCache(cfg);
    return new ModelCardBuilder.DataSection(
        req.data().toString(), // as given: no machine path is written into a shared card
        p.train().size(),
        p.validation().size(),
        counts(p.train()),
        counts(p.validation()),
        p.skipped().size(),
        req.skipUngradable() ? p.ungradable().size() : null,
        req.device().usesGpu() ? req.device().toString() : "cpu",
        SessionConfig.effective(req.device(), cfg.precision()).cliName(),
        cached ? req.cacheDtypeFor(cfg).name().toLowerCase(Locale.ROOT) : "off",
        weights,
        ref,
        clock.phases());
  }

  private List<Integer> counts(ExampleSource s) {
    return Arrays.stream(Sampling.classCounts(s.labels(), cfg.numClasses())).boxed().toList();
  }

  private ModelCard card(
      Prepared p,
      FineTuner tuner,
      Trainer.Outcome outcome,
      Validated v,
      ModelCardBuilder.DataSection data) {
    return new ModelCardBuilder()
        .backbone(p.backbone().name(), p.backbone().checksum())
        .classes(scheme, cfg.numClasses())
        .recipe(plan.recipe().name(), plan.recipe().reason())
        .preprocessing(p.preprocessing())
        .network(
            new ModelCardBuilder.Network(
                cfg.strategy().cliName(),
                tuner.spec().cutNode(),
                tuner.spec().frozenLayers(),
                tuner.variableChecksums(tuner.spec().frozenVariables()),
                tuner.variableChecksums(tuner.spec().trainableVariables())))
        .training(cfg)
        .data(data)
        .history(outcome.history(), outcome.bestEpoch())
        .validation(v.evaluation(), v.screening())
        .build();
  }

  /**
   * Exports the SavedModel with the feature reference and the card into {@code RUN/model},
   * replacing an older model only once the new one is complete.
   */
  private Path export(FineTuner tuner, ModelCard card, FeatureReference reference)
      throws IOException {
    byte[] referenceBytes = reference == null ? null : reference.toBytes();
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
    return modelDir;
  }
}
