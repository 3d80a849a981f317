package org.drtune.internal.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.drtune.Device;
import org.drtune.eval.Predictions;
import org.drtune.experiments.CrossValidation;
import org.drtune.experiments.CrossValidation.FoldPredictions;
import org.drtune.experiments.CrossValidation.FoldResult;
import org.drtune.experiments.CrossValidation.Metrics;
import org.drtune.experiments.CrossValidation.Setting;
import org.drtune.experiments.CrossValidationListener;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.LoaderOptions;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.data.Sampling;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.internal.train.ExampleSource;
import org.drtune.internal.train.FeatureCache;
import org.drtune.internal.train.FineTuner;
import org.drtune.internal.train.Trainer;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingListener;

/** Trains and evaluates the folds of one cross-validated setting. */
public final class FoldRunner {
  private final Setting setting;
  private final FundusDataset all;
  private final int[] folds;
  private final Backbone backbone;
  private final Path workDir;
  private final Path cacheDir;
  private final CrossValidationListener listener;
  private final TrainingConfig cfg;
  private final ExampleSource images;
  private final String[] groups;

  private FoldRunner(
      Setting setting,
      FundusDataset all,
      String[] groups,
      int[] folds,
      Backbone backbone,
      Path workDir,
      Path cacheDir,
      CrossValidationListener listener) {
    this.setting = setting;
    this.all = all;
    this.folds = folds;
    this.backbone = backbone;
    this.workDir = workDir;
    this.cacheDir = cacheDir;
    this.listener = listener;
    this.cfg = setting.config().toBuilder().patience(0).build();
    this.images =
        ExampleSource.of(
            all,
            setting.preprocessing(),
            LoaderOptions.defaults(),
            s -> {
              throw new IllegalStateException("unreadable image " + s.id() + ": " + s.reason());
            });
    this.groups = groups;
  }

  /**
   * Cross-validates {@code setting} on {@code all} images.
   *
   * @param all every image of train+val, decoded on demand (its preprocessing must match the
   *     setting's)
   * @param patients the patient of every image, or null when the images name none
   * @param folds fold of each image ({@link CrossValidation#assignFolds(int[], int, long)})
   * @param workDir scratch folder for checkpoints
   * @param cacheDir folder of feature caches (kept, and reused by later runs on the same images)
   * @param maxFolds run only the first this many folds (0: all)
   * @param listener receives each fold's result
   */
  public static CrossValidation.SettingResult run(
      Setting setting,
      FundusDataset all,
      String[] patients,
      int[] folds,
      Backbone backbone,
      Path workDir,
      Path cacheDir,
      int maxFolds,
      CrossValidationListener listener)
      throws IOException {
    FoldRunner runner =
        new FoldRunner(setting, all, patients, folds, backbone, workDir, cacheDir, listener);
    int k = Arrays.stream(folds).max().orElse(0) + 1;
    int run = maxFolds > 0 ? Math.min(maxFolds, k) : k;
    List<FoldResult> results = new ArrayList<>();
    for (int f = 0; f < run; f++) {
      FoldResult r = runner.fold(f);
      results.add(r);
      listener.foldFinished(setting, r, k);
    }
    return CrossValidation.SettingResult.of(setting.name(), setting, results);
  }

  /** Trains fold {@code f}'s model on the other folds and evaluates it on fold {@code f}. */
  private FoldResult fold(int f) throws IOException {
    long t0 = System.nanoTime();
    int[] trainIdx = trainingImages(f);
    int[] valIdx = indices(f, true);
    try (FineTuner tuner =
        FineTuner.create(
            backbone.frozen(),
            backbone.profile(),
            cfg,
            classWeights(trainIdx),
            SessionConfig.configProto(Device.cpu(), cfg.precision(), listener::warning))) {
      ExampleSource source = setting.cacheFeatures() ? cached(tuner) : images;
      Path ck = workDir.resolve("checkpoints-" + setting.name() + "-fold" + f);
      AtomicFiles.deleteRecursively(ck);
      Trainer.Outcome o =
          Trainer.fit(
              tuner,
              source.subset(trainIdx),
              source.subset(valIdx),
              ck,
              false,
              false,
              TrainingListener.NONE);
      ExampleSource val = source.subset(valIdx);
      Predictions pp = Trainer.predict(tuner, val, cfg.batchSize(), false);
      Predictions pt = Trainer.predict(tuner, val, cfg.batchSize(), true);
      AtomicFiles.deleteRecursively(ck);
      double secs = (System.nanoTime() - t0) / 1e9;
      int[] valLabels = Arrays.stream(valIdx).map(all::label).toArray();
      return new FoldResult(
          f,
          Metrics.of(pp),
          Metrics.of(pt),
          o.history(),
          secs,
          new FoldPredictions(
              f,
              valIdx,
              valLabels,
              pp.probabilities(),
              pt.probabilities(),
              pp.ids(),
              groups == null ? null : Arrays.stream(valIdx).mapToObj(i -> groups[i]).toList()));
    }
  }

  /** The images fold {@code f} trains on: every other fold's, or a sample of them. */
  private int[] trainingImages(int f) {
    int[] trainIdx = indices(f, false);
    if (setting.trainImages() > 0) {
      trainIdx =
          CrossValidation.subsample(
              trainIdx, groups, all.labels(), setting.trainImages(), cfg.seed() + f);
      listener.trainingSubsampled(setting, f, trainIdx.length);
    }
    return trainIdx;
  }

  private float[] classWeights(int[] trainIdx) {
    if (!cfg.classWeighting()) {
      return null;
    }
    int[] trainLabels = Arrays.stream(trainIdx).map(all::label).toArray();
    double[] w = Sampling.classWeights(trainLabels, cfg.numClasses());
    float[] cw = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      cw[i] = (float) w[i];
    }
    return cw;
  }

  /** Every image's features from the cache of the frozen part (built on first use). */
  private ExampleSource cached(FineTuner tuner) throws IOException {
    long start = System.nanoTime();
    return FeatureCache.open(
        tuner,
        images,
        cacheDir,
        "all",
        Rotation.views(cfg.mirrors()).length,
        setting.cacheDtype(),
        setting.preprocessing().toString(),
        cfg.batchSize(),
        bytes -> listener.cachingStarted(setting, bytes),
        (done, total) ->
            listener.cachingProgress(
                setting, done, total, done / Math.max(1e-9, (System.nanoTime() - start) / 1e9)));
  }

  private int[] indices(int f, boolean in) {
    return IntStream.range(0, folds.length).filter(i -> (folds[i] == f) == in).toArray();
  }
}
