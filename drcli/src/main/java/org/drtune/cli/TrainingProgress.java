package org.drtune.cli;

import java.util.Locale;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.training.TrainingListener;

/**
 * Shows a fine-tune's progress: a bar per epoch with the running loss, and one summary line per
 * epoch.
 */
final class TrainingProgress implements TrainingListener {
  private final ProgressReporter progress;
  private final int maxEpochs;
  private ProgressReporter.Task task;
  private ProgressReporter.Task caching;
  private long cachingStarted;
  private double lossSum;
  private int steps;

  TrainingProgress(ProgressReporter progress, int maxEpochs) {
    this.progress = progress;
    this.maxEpochs = maxEpochs;
  }

  @Override
  public void recipeChosen(org.drtune.training.Recipe recipe) {
    progress.line(
        "recipe: "
            + recipe.name()
            + " ("
            + recipe.reason()
            + "): "
            + recipe.training().strategy()
            + ", "
            + recipe.training().numClasses()
            + " classes, "
            + recipe.training().inputSize()
            + " px, up to "
            + recipe.training().epochs()
            + " epochs of batch "
            + recipe.training().batchSize()
            + (recipe.ensembleMembers() > 1 ? ", ensemble of " + recipe.ensembleMembers() : ""));
  }

  @Override
  public void epochStarted(int epoch, int batches) {
    lossSum = 0;
    steps = 0;
    task =
        progress.start(
            String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, maxEpochs), batches, "batches");
  }

  @Override
  public void stepDone(int epoch, int batch, int batches, double loss) {
    lossSum += loss;
    steps++;
    if (task != null) {
      task.update(batch + 1L, "loss " + Evaluation.format(lossSum / steps));
    }
  }

  @Override
  public void validationStarted(int epoch, int examples) {
    if (task != null) {
      task.finish("loss " + Evaluation.format(steps == 0 ? Double.NaN : lossSum / steps));
      task = null;
    }
    progress.line(
        String.format(
            Locale.ROOT,
            "epoch %d/%d: validating on %d images ...",
            epoch + 1,
            maxEpochs,
            examples));
  }

  @Override
  public void epochDone(EpochRecord r, boolean improved) {
    if (task != null) {
      task.finish(null);
      task = null;
    }
    progress.line(
        String.format(
            Locale.ROOT,
            "epoch %d/%d: train loss %s acc %s | val loss %s acc %s AUC %s kappa %s | lr %.2g,"
                + " %s%s",
            r.epoch() + 1,
            maxEpochs,
            Evaluation.format(r.trainLoss()),
            Evaluation.format(r.trainAccuracy()),
            Evaluation.format(r.valLoss()),
            Evaluation.format(r.valAccuracy()),
            Evaluation.format(r.valAuc()),
            Evaluation.format(r.valKappa()),
            r.learningRate(),
            ProgressReporter.duration(r.seconds()),
            improved ? "  (best so far)" : ""));
  }

  @Override
  public void cachingStarted(String split, long bytes) {
    progress.line(
        String.format(
            Locale.ROOT,
            "caching the frozen features of the %s split (%.1f MB on disk) ...",
            split,
            bytes / 1e6));
    caching = null;
    cachingStarted = progress.now();
  }

  @Override
  public void cachingProgress(String split, long done, long total) {
    if (caching == null) {
      caching = progress.start("caching " + split, total, "images", cachingStarted);
    }
    caching.update(done, null);
    if (done >= total) {
      caching.finish(null);
      caching = null;
    }
  }

  @Override
  public void memberStarted(int member, int members, long seed) {
    progress.line("ensemble member " + member + "/" + members + " (seed " + seed + ")");
  }

  @Override
  public void resumed(int epochsDone, long globalStep) {
    progress.line(
        "resumed from the checkpoint after " + epochsDone + " epoch(s), step " + globalStep);
  }

  @Override
  public void stoppedEarly(int epoch, int bestEpoch) {
    progress.line(
        String.format(
            Locale.ROOT,
            "stopping early after epoch %d: no improvement since epoch %d",
            epoch + 1,
            bestEpoch + 1));
  }
}
