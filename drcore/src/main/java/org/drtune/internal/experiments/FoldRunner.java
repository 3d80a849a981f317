package org.drtune.internal.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.drtune.Device;
import org.drtune.eval.Predictions;
import org.drtune.experiments.CrossValidation;
import org.drtune.experiments.CrossValidation.FoldPredictions;
import org.drtune.experiments.CrossValidation.FoldResult;
import org.drtune.experiments.CrossValidation.Metrics;
import org.drtune.experiments.CrossValidation.Setting;
import org.drtune.internal.data.LoaderOptions;
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
  private FoldRunner() {}

  /**
   * Cross-validates {@code setting} on {@code all} images.
   *
   * @param all every image of train+val, decoded on demand (its preprocessing must match the
   *     setting's)
   * @param folds fold of each image ({@link CrossValidation#assignFolds(int[], int, long)})
   * @param workDir scratch folder for checkpoints
   * @param cacheDir folder of feature caches (kept, and reused by later runs on the same images)
   * @param maxFolds run only the first this many folds (0: all)
   * @param log receives one line per fold
   */
  public static CrossValidation.SettingResult run(
      Setting setting,
      org.drtune.internal.data.FundusDataset all,
      int[] folds,
      Backbone backbone,
      Path workDir,
      Path cacheDir,
      int maxFolds,
      Consumer<String> log)
      throws IOException {
    int k = Arrays.stream(folds).max().orElse(0) + 1;
    int run = maxFolds > 0 ? Math.min(maxFolds, k) : k;
    TrainingConfig cfg = setting.config().toBuilder().patience(0).build();
    ExampleSource images =
        ExampleSource.of(
            all,
            setting.preprocessing(),
            LoaderOptions.defaults(),
            s -> {
              throw new IllegalStateException("unreadable image " + s.id() + ": " + s.reason());
            });
    String[] groups = org.drtune.internal.data.TrainValidationSplit.patientsOf(all);
    List<FoldResult> results = new ArrayList<>();
    for (int f = 0; f < run; f++) {
      long t0 = System.nanoTime();
      int[] trainIdx = indices(folds, f, false);
      if (setting.trainImages() > 0) {
        trainIdx =
            CrossValidation.subsample(
                trainIdx, groups, all.labels(), setting.trainImages(), cfg.seed() + f);
        log.accept(
            String.format(
                java.util.Locale.ROOT,
                "%s fold %d: training on %d of the fold's training images (train=%d)",
                setting.name(),
                f + 1,
                trainIdx.length,
                setting.trainImages()));
      }
      int[] valIdx = indices(folds, f, true);
      int[] trainLabels = Arrays.stream(trainIdx).map(all::label).toArray();
      float[] cw = null;
      if (cfg.classWeighting()) {
        double[] w = Sampling.classWeights(trainLabels, cfg.numClasses());
        cw = new float[w.length];
        for (int i = 0; i < w.length; i++) {
          cw[i] = (float) w[i];
        }
      }
      try (FineTuner tuner =
          FineTuner.create(
              backbone.frozen(),
              backbone.profile(),
              cfg,
              cw,
              SessionConfig.configProto(Device.cpu(), cfg.precision(), log))) {
        ExampleSource source = images;
        if (setting.cacheFeatures()) {
          source =
              FeatureCache.open(
                  tuner,
                  images,
                  cacheDir,
                  "all",
                  4,
                  setting.cacheDtype(),
                  setting.preprocessing().toString(),
                  cfg.batchSize(),
                  b ->
                      log.accept(
                          String.format(
                              java.util.Locale.ROOT,
                              "%s: caching features (%.1f GB)",
                              setting.name(),
                              b / 1e9)),
                  new CacheProgress(setting.name(), log));
        }
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
        Metrics plain = Metrics.of(pp);
        Metrics tta = Metrics.of(pt);
        AtomicFiles.deleteRecursively(ck);
        double secs = (System.nanoTime() - t0) / 1e9;
        int[] valLabels = Arrays.stream(valIdx).map(all::label).toArray();
        results.add(
            new FoldResult(
                f,
                plain,
                tta,
                o.history(),
                secs,
                new FoldPredictions(
                    f, valIdx, valLabels, pp.probabilities(), pt.probabilities(), pp.ids())));
        log.accept(
            String.format(
                "%s fold %d/%d: acc %.3f auc %.3f kappa %.3f refAUC %.3f | TTA acc %.3f auc %.3f"
                    + " (%.0f s)",
                setting.name(),
                f + 1,
                k,
                plain.accuracy(),
                plain.auc(),
                plain.kappa(),
                plain.referableAuc(),
                tta.accuracy(),
                tta.auc(),
                secs));
      }
    }
    return CrossValidation.SettingResult.of(setting.name(), setting, results);
  }

  /** Logs caching progress every 10 %. */
  private static final class CacheProgress implements FeatureCache.Progress {
    private final String name;
    private final Consumer<String> log;
    private final long start = System.nanoTime();
    private int lastDecile;

    CacheProgress(String name, Consumer<String> log) {
      this.name = name;
      this.log = log;
    }

    @Override
    public void update(long done, long total) {
      int decile = (int) (10 * done / Math.max(1, total));
      if (decile > lastDecile) {
        lastDecile = decile;
        double secs = (System.nanoTime() - start) / 1e9;
        log.accept(
            String.format(
                java.util.Locale.ROOT,
                "%s: cached %d/%d (%.1f per s)",
                name,
                done,
                total,
                done / Math.max(1e-9, secs)));
      }
    }
  }

  private static int[] indices(int[] folds, int f, boolean in) {
    return java.util.stream.IntStream.range(0, folds.length)
        .filter(i -> (folds[i] == f) == in)
        .toArray();
  }
}
