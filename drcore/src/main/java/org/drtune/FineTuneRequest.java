package org.drtune;

import java.nio.file.Path;
import java.util.Objects;
import org.drtune.internal.data.LoaderOptions;
import org.drtune.models.AssetResolver;
import org.drtune.internal.train.FeatureCache;

/**
 * What {@link FineTuneJob#run} should do.
 *
 * @param data training data: a MedMNIST {@code .npz} (train split for training, val for selection), a folder of
 *     grade folders, or an EyePACS/APTOS CSV with its image folder
 * @param runDir output folder: {@code model/} (SavedModel + card), {@code model-card.json}, {@code checkpoints/},
 *     {@code report.html} with its plots
 * @param training hyper-parameters
 * @param preprocessing fundus preprocessing; its input size is set to {@code training.inputSize()}
 * @param dataOptions how to read and split the data; its class count is set from the label scheme
 * @param loader decoding worker pool and strictness about unreadable images
 * @param assets where to find (or download) the backbone weights
 * @param resume continue from the latest checkpoint in {@code runDir/checkpoints}
 * @param cacheFeatures whether to train from the frozen-prefix feature cache: null (auto) means on for the
 *     head-only strategies ({@code linear}, {@code early-features}) and off otherwise
 * @param cacheDtype storage of cached features; null means float32
 * @param device where TensorFlow runs; null means {@link Device#auto()}
 */
public record FineTuneRequest(
    Path data,
    Path runDir,
    TrainingConfig training,
    Preprocessing preprocessing,
    DatasetOptions dataOptions,
    LoaderOptions loader,
    AssetResolver assets,
    boolean resume,
    Boolean cacheFeatures,
    FeatureCache.Dtype cacheDtype,
    Device device) {

  /** Checks the required parts and aligns the preprocessing's input size with the training's. */
  public FineTuneRequest {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(runDir, "runDir");
    training = training == null ? TrainingConfig.defaults() : training;
    preprocessing = (preprocessing == null ? Preprocessing.defaults() : preprocessing)
        .withInputSize(training.inputSize());
    dataOptions = dataOptions == null ? DatasetOptions.defaults() : dataOptions;
    loader = loader == null ? LoaderOptions.defaults() : loader;
    assets = assets == null ? AssetResolver.defaults() : assets;
    cacheDtype = cacheDtype == null ? FeatureCache.Dtype.FLOAT32 : cacheDtype;
    device = device == null ? Device.auto() : device;
  }

  /** This request on another device. */
  public FineTuneRequest withDevice(Device d) {
    return new FineTuneRequest(data, runDir, training, preprocessing, dataOptions, loader, assets, resume,
        cacheFeatures, cacheDtype, d);
  }

  /** Whether the feature cache is used (resolving auto by strategy). */
  public boolean usesFeatureCache() {
    return cacheFeatures == null ? training.strategy().headOnly() : cacheFeatures;
  }

  /** This request with the feature cache on, off, or automatic (null), stored as {@code dtype}. */
  public FineTuneRequest withFeatureCache(Boolean on, FeatureCache.Dtype dtype) {
    return new FineTuneRequest(data, runDir, training, preprocessing, dataOptions, loader, assets, resume, on, dtype,
        device);
  }

  /** A request with every default but the data and the run folder. */
  public static FineTuneRequest of(Path data, Path runDir) {
    return new FineTuneRequest(data, runDir, null, null, null, null, null, false, null, null, null);
  }

  /** This request writing into another run folder. */
  public FineTuneRequest withRunDir(Path r) {
    return new FineTuneRequest(data, r, training, preprocessing, dataOptions, loader, assets, resume, cacheFeatures,
        cacheDtype, device);
  }

  /** This request with other hyper-parameters. */
  public FineTuneRequest withTraining(TrainingConfig t) {
    return new FineTuneRequest(data, runDir, t, preprocessing, dataOptions, loader, assets, resume, cacheFeatures, cacheDtype, device);
  }

  /** This request with other preprocessing. */
  public FineTuneRequest withPreprocessing(Preprocessing p) {
    return new FineTuneRequest(data, runDir, training, p, dataOptions, loader, assets, resume, cacheFeatures, cacheDtype, device);
  }

  /** This request with other data options. */
  public FineTuneRequest withDataOptions(DatasetOptions d) {
    return new FineTuneRequest(data, runDir, training, preprocessing, d, loader, assets, resume, cacheFeatures, cacheDtype, device);
  }

  /** This request with other loader options. */
  public FineTuneRequest withLoader(LoaderOptions l) {
    return new FineTuneRequest(data, runDir, training, preprocessing, dataOptions, l, assets, resume, cacheFeatures, cacheDtype, device);
  }

  /** This request with another asset resolver. */
  public FineTuneRequest withAssets(AssetResolver a) {
    return new FineTuneRequest(data, runDir, training, preprocessing, dataOptions, loader, a, resume, cacheFeatures, cacheDtype, device);
  }

  /** This request resuming (or not) from the latest checkpoint. */
  public FineTuneRequest withResume(boolean r) {
    return new FineTuneRequest(data, runDir, training, preprocessing, dataOptions, loader, assets, r, cacheFeatures, cacheDtype, device);
  }

  /** The label scheme: binary models learn referable DR (grade ≥ 2) from graded data. */
  public String labelScheme() {
    return training.numClasses() == 2 ? ModelCard.REFERABLE : ModelCard.GRADES;
  }
}
