package org.drtune.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.drtune.grading.PatientNaming;
import org.drtune.models.AssetResolver;
import org.drtune.models.internal.RecordCopy;
import org.drtune.training.BackboneRef;

/**
 * What {@link Experiments#run} cross-validates. {@link #of} with nothing else set is what {@code
 * drtune crossval --data DATA --out OUT --setting ...} runs.
 *
 * <pre>{@code
 * var setting = CrossValidation.Setting.parse("linear112:strategy=linear,image-size=112",
 *     BackboneRef.bvlcGoogLeNet());
 * List<CrossValidation.SettingResult> results =
 *     Experiments.run(CrossValidationRequest.of(data, Path.of("cv"), List.of(setting)));
 * }</pre>
 *
 * @param data every labelled image: a MedMNIST {@code .npz} (train + val pooled), a label CSV or a
 *     folder of grade folders
 * @param out where {@code NAME.json} of every setting goes
 * @param folds number of folds k ≥ 2. Defaults to {@value #DEFAULT_FOLDS}
 * @param foldSeed seed of the fold assignment. Defaults to {@value #DEFAULT_FOLD_SEED}
 * @param settings the settings to cross-validate, in order
 * @param backbone the pretrained backbone. Defaults to {@link BackboneRef#bvlcGoogLeNet()}
 * @param assets where its weights are found. Defaults to {@link AssetResolver#defaults()}
 * @param cacheDir where feature caches are kept for later runs; null means a scratch folder under
 *     {@code out}, deleted at the end. Defaults to null
 * @param maxFolds train and evaluate only the first this many folds, a quicker screen (0: all; the
 *     results record how many ran). Defaults to 0
 * @param listener receives the progress. Defaults to {@link CrossValidationListener#NONE}
 * @param patientNaming how the images' ids name their patient when the data does not say (a label
 *     CSV's patient column does): the folds keep a patient's images together. Defaults to {@link
 *     PatientNaming#EYEPACS}
 */
public record CrossValidationRequest(
    Path data,
    Path out,
    int folds,
    long foldSeed,
    List<CrossValidation.Setting> settings,
    BackboneRef backbone,
    AssetResolver assets,
    Path cacheDir,
    int maxFolds,
    CrossValidationListener listener,
    PatientNaming patientNaming) {

  /** Default number of folds. */
  public static final int DEFAULT_FOLDS = 5;

  /** Default seed of the fold assignment. */
  public static final long DEFAULT_FOLD_SEED = 2024;

  /** Checks the parts and fills in the defaults. */
  public CrossValidationRequest {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(out, "out");
    settings = List.copyOf(settings);
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be at least 2, got " + folds);
    }
    if (maxFolds < 0 || maxFolds > folds) {
      throw new IllegalArgumentException(
          "maxFolds must be between 1 and folds (" + folds + "), or 0 for all, got " + maxFolds);
    }
    backbone = backbone == null ? BackboneRef.bvlcGoogLeNet() : backbone;
    assets = assets == null ? AssetResolver.defaults() : assets;
    listener = listener == null ? CrossValidationListener.NONE : listener;
    patientNaming = patientNaming == null ? PatientNaming.EYEPACS : patientNaming;
  }

  /** Cross-validates {@code settings} on {@code data} into {@code out} with every default. */
  public static CrossValidationRequest of(
      Path data, Path out, List<CrossValidation.Setting> settings) {
    return new CrossValidationRequest(
        data, out, DEFAULT_FOLDS, DEFAULT_FOLD_SEED, settings, null, null, null, 0, null, null);
  }

  /** With {@code k} folds assigned with {@code seed}. */
  public CrossValidationRequest withFolds(int k, long seed) {
    return RecordCopy.with(this, "folds", k, "foldSeed", seed);
  }

  /** Only the first {@code n} folds run (0: all). */
  public CrossValidationRequest withMaxFolds(int n) {
    return RecordCopy.with(this, "maxFolds", n);
  }

  /** On another backbone, whose weights {@code resolver} finds. */
  public CrossValidationRequest withBackbone(BackboneRef ref, AssetResolver resolver) {
    return RecordCopy.with(this, "backbone", ref, "assets", resolver);
  }

  /** Keeping the feature caches in {@code dir} for later runs (null: a scratch folder). */
  public CrossValidationRequest withCacheDir(Path dir) {
    return RecordCopy.with(this, "cacheDir", dir);
  }

  /** Reading the images' patients with {@code naming}. */
  public CrossValidationRequest withPatientNaming(PatientNaming naming) {
    return RecordCopy.with(this, "patientNaming", naming);
  }

  /** Reporting progress to {@code l}. */
  public CrossValidationRequest withListener(CrossValidationListener l) {
    return RecordCopy.with(this, "listener", l);
  }
}
