package org.drtune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.drtune.experiments.CrossValidation;
import org.drtune.experiments.CrossValidationListener;

/**
 * What {@code drtune crossval} shows while it runs: a line per fold (with its metrics) and per
 * setting (its Markdown row, also appended to {@code OUT/table.md}), the caching progress every 10
 * %, and warnings.
 */
final class CrossvalProgress implements CrossValidationListener {
  private final PrintWriter err;
  private final Path table;
  private final Map<String, Integer> cachedDecile = new HashMap<>();

  /**
   * @param table the Markdown table each finished setting's row is appended to
   */
  CrossvalProgress(PrintWriter err, Path table) {
    this.err = err;
    this.table = table;
  }

  @Override
  public void foldsAssigned(int images, int patients, int folds, long foldSeed) {
    err.println(
        String.format(
            Locale.ROOT,
            "%d images%s, %d folds (seed %d)",
            images,
            patients == 0 ? "" : " of " + patients + " patients (patient-level folds)",
            folds,
            foldSeed));
  }

  @Override
  public void settingStarted(CrossValidation.Setting setting) {
    err.println("== " + setting.spec());
  }

  @Override
  public void trainingSubsampled(CrossValidation.Setting setting, int fold, int kept) {
    err.println(
        String.format(
            Locale.ROOT,
            "%s fold %d: training on %d of the fold's training images (train=%d)",
            setting.name(),
            fold + 1,
            kept,
            setting.trainImages()));
  }

  @Override
  public void cachingStarted(CrossValidation.Setting setting, long bytes) {
    err.println(
        String.format(Locale.ROOT, "%s: caching features (%.1f GB)", setting.name(), bytes / 1e9));
  }

  @Override
  public void cachingProgress(
      CrossValidation.Setting setting, long done, long total, double perSecond) {
    int decile = (int) (10 * done / Math.max(1, total));
    if (decile > cachedDecile.getOrDefault(setting.name(), 0)) {
      cachedDecile.put(setting.name(), decile);
      err.println(
          String.format(
              Locale.ROOT,
              "%s: cached %d/%d (%.1f per s)",
              setting.name(),
              done,
              total,
              perSecond));
    }
  }

  @Override
  public void foldFinished(
      CrossValidation.Setting setting, CrossValidation.FoldResult fold, int folds) {
    CrossValidation.Metrics plain = fold.plain();
    CrossValidation.Metrics tta = fold.tta();
    err.println(
        String.format(
            "%s fold %d/%d: acc %.3f auc %.3f kappa %.3f refAUC %.3f | TTA acc %.3f auc %.3f"
                + " (%.0f s)",
            setting.name(),
            fold.fold() + 1,
            folds,
            plain.accuracy(),
            plain.auc(),
            plain.kappa(),
            plain.referableAuc(),
            tta.accuracy(),
            tta.auc(),
            fold.seconds()));
  }

  @Override
  public void settingFinished(CrossValidation.SettingResult result) {
    String row = CrossvalTables.row(result);
    err.println(row);
    try {
      Files.writeString(table, row + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + table, e);
    }
  }

  @Override
  public void warning(String message) {
    err.println(message);
  }
}
