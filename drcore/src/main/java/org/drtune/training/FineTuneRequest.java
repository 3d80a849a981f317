package org.drtune.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.drtune.Device;
import org.drtune.features.CacheDtype;
import org.drtune.model.Preprocessing;
import org.drtune.models.AssetResolver;
import org.drtune.models.internal.RecordCopy;

/**
 * What {@link FineTuneJob#run} should do. {@link #of(Path, Path)} with nothing else set trains
 * exactly what {@code drtune train --data DATA --out RUN} trains: the recipe {@link
 * Recipes#forData} picks for the data (its hyper-parameters, preprocessing and ensemble size), on
 * the BVLC GoogLeNet, on the best device available.
 *
 * <pre>{@code
 * FineTuneJob.Result r = FineTuneJob.run(FineTuneRequest.of(Path.of("photos"), Path.of("run")),
 *     TrainingListener.NONE);
 * }</pre>
 *
 * @param data training data: a MedMNIST {@code .npz} (train split for training, val for selection),
 *     a folder of grade folders, or an EyePACS/APTOS label CSV (or a folder holding one) with its
 *     images
 * @param runDir output folder: {@code model/} (SavedModel + card), {@code model-card.json}, {@code
 *     checkpoints/}, {@code report.html} with its plots
 * @param training hyper-parameters; null means the recipe's
 * @param preprocessing fundus preprocessing (its input size is set to the training's); null means
 *     the recipe's
 * @param ensembleMembers models trained with seeds S, S+1, … and exported as one ensemble; 0 means
 *     the recipe's
 * @param dataOptions how to read and split the data; its class count is set from the label scheme
 * @param assets where to find (or download) the backbone weights
 * @param backbone the pretrained backbone; defaults to {@link BackboneRef#bvlcGoogLeNet()}
 * @param resume continue from the latest checkpoint in {@code runDir/checkpoints}
 * @param cacheFeatures whether to train from the feature cache of the frozen part: null (auto)
 *     means on for the head-only strategies ({@code linear}, {@code early-features}) and for a
 *     frozen prefix that reaches {@value #DEEP_PREFIX} (about half of the forward pass, whose
 *     output is small enough to keep: about 0.2 MB per photograph and rotation at 224 px in
 *     float16), off otherwise
 * @param cacheDtype storage of cached features; null means float16 for a frozen prefix (the
 *     cross-validated photograph recipe's) and float32 for the head-only strategies
 * @param device where TensorFlow runs; null means {@link Device#auto()}
 * @param workers image decoding threads; 0 means one per processor
 * @param strict fail on the first unreadable image instead of leaving it out (and listing it in the
 *     result)
 * @param skipUngradable leave out of training and validation the photographs the quality check
 *     refuses (limits calibrated on the training photographs; they are listed in {@link
 *     FineTuneJob.Result#ungradable()}); false (the default) trains on every readable photograph
 */
public record FineTuneRequest(
    Path data,
    Path runDir,
    TrainingConfig training,
    Preprocessing preprocessing,
    int ensembleMembers,
    DatasetOptions dataOptions,
    AssetResolver assets,
    BackboneRef backbone,
    boolean resume,
    Boolean cacheFeatures,
    CacheDtype cacheDtype,
    Device device,
    int workers,
    boolean strict,
    boolean skipUngradable) {

  /** Checks the required parts and fills in the defaults. */
  public FineTuneRequest {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(runDir, "runDir");
    if (ensembleMembers < 0) {
      throw new IllegalArgumentException(
          "ensembleMembers must be at least 1 (or 0 for the recipe's), got " + ensembleMembers);
    }
    if (workers < 0) {
      throw new IllegalArgumentException(
          "workers must be at least 1 (or 0 for one per processor), got " + workers);
    }
    dataOptions = dataOptions == null ? DatasetOptions.defaults() : dataOptions;
    assets = assets == null ? AssetResolver.defaults() : assets;
    backbone = backbone == null ? BackboneRef.bvlcGoogLeNet() : backbone;
    device = device == null ? Device.auto() : device;
  }

  /**
   * A request with every default but the data and the run folder: what {@code drtune train} runs.
   */
  public static FineTuneRequest of(Path data, Path runDir) {
    return new FineTuneRequest(
        data, runDir, null, null, 0, null, null, null, false, null, null, null, 0, false, false);
  }

  /**
   * The recipe this request runs: {@code base} (normally {@link Recipes#forData}) with the parts
   * this request sets in its place; renamed "custom (from NAME)" when a part differs.
   */
  public Recipe recipe(Recipe base) {
    Recipe r = base;
    if (training != null) {
      r = r.withTraining(training);
    }
    if (preprocessing != null) {
      r = r.withPreprocessing(preprocessing);
    }
    if (ensembleMembers > 0) {
      r = r.withEnsembleMembers(ensembleMembers);
    }
    return r.equals(base)
        ? base
        : r.named(
            "custom (from " + base.name() + ")",
            "settings given by the caller on top" + " of " + base.name() + ": " + base.reason());
  }

  /** The frozen layer group from which on a frozen prefix is cached by default. */
  public static final String DEEP_PREFIX = "inception_3b";

  /** Whether the feature cache is used with {@code config} (resolving auto). */
  public boolean usesFeatureCache(TrainingConfig config) {
    if (cacheFeatures != null) {
      return cacheFeatures;
    }
    return cachesByDefault(config, backbone.layerNames());
  }

  /** How cached features are stored with {@code config} (resolving the default). */
  public CacheDtype cacheDtypeFor(TrainingConfig config) {
    return cacheDtype != null ? cacheDtype : defaultCacheDtype(config);
  }

  /**
   * Whether a run trains {@code config} from the feature cache when the request does not say: for
   * the head-only strategies, and for a frozen prefix that reaches {@value #DEEP_PREFIX} of a
   * backbone with these layer groups.
   */
  public static boolean cachesByDefault(TrainingConfig config, List<String> layerNames) {
    if (config.strategy().headOnly()) {
      return true;
    }
    if (config.strategy() != Strategy.FROZEN_PREFIX) {
      return false;
    }
    int deep = layerNames.indexOf(DEEP_PREFIX);
    return deep >= 0 && config.freeze().stream().anyMatch(l -> layerNames.indexOf(l) >= deep);
  }

  /**
   * How a run stores cached features of {@code config} when the request does not say: float16 for a
   * frozen prefix, float32 for the head-only strategies.
   */
  public static CacheDtype defaultCacheDtype(TrainingConfig config) {
    return config.strategy() == Strategy.FROZEN_PREFIX ? CacheDtype.FLOAT16 : CacheDtype.FLOAT32;
  }

  /**
   * This request running {@code plan}: its recipe in place of the one {@link Recipes#forData}
   * picks, and its feature-cache choice.
   */
  public FineTuneRequest withPlan(TrainingPlan plan) {
    return withRecipe(plan.recipe()).withFeatureCache(plan.cacheFeatures(), plan.cacheDtype());
  }

  /** This request writing into another run folder. */
  public FineTuneRequest withRunDir(Path r) {
    return RecordCopy.with(this, "runDir", r);
  }

  /** This request with other hyper-parameters (null: the recipe's). */
  public FineTuneRequest withTraining(TrainingConfig t) {
    return RecordCopy.with(this, "training", t);
  }

  /** This request with other preprocessing (null: the recipe's). */
  public FineTuneRequest withPreprocessing(Preprocessing p) {
    return RecordCopy.with(this, "preprocessing", p);
  }

  /** This request training {@code members} models (1 = a single model; 0: the recipe's). */
  public FineTuneRequest withEnsembleMembers(int members) {
    return RecordCopy.with(this, "ensembleMembers", members);
  }

  /** This request with every part of {@code r}. */
  public FineTuneRequest withRecipe(Recipe r) {
    return withTraining(r.training())
        .withPreprocessing(r.preprocessing())
        .withEnsembleMembers(r.ensembleMembers());
  }

  /** This request with other data options. */
  public FineTuneRequest withDataOptions(DatasetOptions d) {
    return RecordCopy.with(this, "dataOptions", d);
  }

  /** This request with another asset resolver. */
  public FineTuneRequest withAssets(AssetResolver a) {
    return RecordCopy.with(this, "assets", a);
  }

  /** This request on another backbone. */
  public FineTuneRequest withBackbone(BackboneRef b) {
    return RecordCopy.with(this, "backbone", b);
  }

  /** This request resuming (or not) from the latest checkpoint. */
  public FineTuneRequest withResume(boolean r) {
    return RecordCopy.with(this, "resume", r);
  }

  /** This request with the feature cache on, off, or automatic (null), stored as {@code dtype}. */
  public FineTuneRequest withFeatureCache(Boolean on, CacheDtype dtype) {
    return RecordCopy.with(this, "cacheFeatures", on, "cacheDtype", dtype);
  }

  /** This request on another device. */
  public FineTuneRequest withDevice(Device d) {
    return RecordCopy.with(this, "device", d);
  }

  /**
   * This request with {@code n} decoding threads (0: one per processor) and strictness about
   * unreadable images.
   */
  public FineTuneRequest withLoading(int n, boolean failOnUnreadable) {
    return RecordCopy.with(this, "workers", n, "strict", failOnUnreadable);
  }

  /** This request leaving out (and listing) the photographs the quality check refuses, or not. */
  public FineTuneRequest withSkipUngradable(boolean skip) {
    return RecordCopy.with(this, "skipUngradable", skip);
  }
}
