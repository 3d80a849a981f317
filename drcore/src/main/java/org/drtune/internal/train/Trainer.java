package org.drtune.internal.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Predictions;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.data.RotationPolicy;
import org.drtune.internal.data.Sampling;
import org.drtune.internal.eval.Agreement;
import org.drtune.internal.eval.Ranking;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingDivergedException;
import org.drtune.training.TrainingListener;

/**
 * The training loop: epochs over shuffled training data with random 0/90/180/270° rotations,
 * validation after each epoch, early stopping with patience on the validation loss (the mean
 * cross-entropy: on small validation sets it is far steadier than AUC or accuracy), and an atomic
 * checkpoint per epoch so that {@code resume} continues with the same weights, optimizer state,
 * epoch counter and random streams. At the end the best epoch's weights are restored.
 *
 * <p>Checkpoints live in {@code checkpointDir/epoch-NNNN/} (TensorFlow checkpoint {@code ckpt.*}
 * plus {@code state.json}); the text files {@code latest} and {@code best} name the folder to use.
 * A folder is only named after it is complete, so a crash at any point leaves the previous
 * checkpoint valid.
 */
public final class Trainer {
  private static final org.slf4j.Logger LOG = org.drtune.internal.runtime.Logs.train();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String LATEST = "latest";
  private static final String BEST = "best";
  private static final String STATE = "state.json";
  private static final String CKPT = "ckpt";

  private Trainer() {}

  /**
   * What a run produced.
   *
   * @param history one record per epoch, including epochs of a resumed run's earlier part
   * @param bestEpoch the epoch whose weights the tuner holds at the end
   * @param stoppedEarly whether patience ran out before the last epoch
   * @param globalStep training steps applied in total
   */
  public record Outcome(
      List<EpochRecord> history, int bestEpoch, boolean stoppedEarly, long globalStep) {
    /** Copies the history. */
    public Outcome {
      history = List.copyOf(history);
    }
  }

  /**
   * Trains {@code tuner} on {@code train}, validating on {@code validation} after each epoch.
   *
   * @param checkpointDir folder for checkpoints (created if needed)
   * @param resume continue from the latest checkpoint in {@code checkpointDir} if there is one
   * @throws TrainingDivergedException on a NaN or infinite loss (checkpoints stay intact)
   * @throws IllegalArgumentException when a resumed checkpoint was made with another configuration
   */
  public static Outcome fit(
      FineTuner tuner,
      ExampleSource train,
      ExampleSource validation,
      Path checkpointDir,
      boolean resume,
      TrainingListener listener)
      throws IOException {
    return fit(tuner, train, validation, checkpointDir, resume, true, listener);
  }

  /**
   * As {@link #fit(FineTuner, ExampleSource, ExampleSource, Path, boolean, TrainingListener)}; with
   * {@code keepBest} false the tuner ends with the last epoch's weights instead of the best epoch's
   * (for cross-validation, where choosing the epoch on the held-out fold would be optimistic).
   */
  public static Outcome fit(
      FineTuner tuner,
      ExampleSource train,
      ExampleSource validation,
      Path checkpointDir,
      boolean resume,
      boolean keepBest,
      TrainingListener listener)
      throws IOException {
    TrainingConfig cfg = tuner.config();
    checkSources(cfg, train, validation);
    Files.createDirectories(checkpointDir);
    AtomicFiles.cleanLeftovers(checkpointDir);
    TrainingState state = startingState(tuner, checkpointDir, resume, fingerprint(cfg), listener);
    boolean stoppedEarly = patienceRanOut(cfg, state);
    for (int epoch = state.epochsDone(); epoch < cfg.epochs() && !stoppedEarly; epoch++) {
      state = runEpoch(tuner, train, validation, checkpointDir, state, epoch, listener);
      if (patienceRanOut(cfg, state) && epoch + 1 < cfg.epochs()) {
        stoppedEarly = true;
        listener.stoppedEarly(epoch, state.bestEpoch());
      }
    }
    restoreBest(tuner, checkpointDir, keepBest);
    return new Outcome(state.history(), state.bestEpoch(), stoppedEarly, state.globalStep());
  }

  private static void checkSources(
      TrainingConfig cfg, ExampleSource train, ExampleSource validation) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    if (train.feedNode() == null
        && (train.imageSize() != cfg.inputSize() || validation.imageSize() != cfg.inputSize())) {
      throw new IllegalArgumentException(
          "examples are "
              + train.imageSize()
              + " px but the model input is "
              + cfg.inputSize()
              + " px: preprocess to the same --image-size");
    }
  }

  /**
   * The state to start from: the latest checkpoint's when resuming from one (which must have been
   * made with the same settings), else a fresh one.
   */
  private static TrainingState startingState(
      FineTuner tuner,
      Path checkpointDir,
      boolean resume,
      String fingerprint,
      TrainingListener listener)
      throws IOException {
    TrainingState fresh =
        new TrainingState(0, 0, -1, Double.NEGATIVE_INFINITY, 0, List.of(), fingerprint);
    if (!resume) {
      return fresh;
    }
    Optional<TrainingState> restored = restoreLatest(tuner, checkpointDir);
    if (restored.isEmpty()) {
      LOG.debug("resume: no checkpoint in {}; training from the start", checkpointDir);
      return fresh;
    }
    TrainingState state = restored.get();
    if (!state.configFingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException(
          "the checkpoint in "
              + checkpointDir
              + " was made with other settings:\n"
              + "  checkpoint: "
              + state.configFingerprint()
              + "\n  now:        "
              + fingerprint
              + "\nresume with the same options, or start a new run folder");
    }
    listener.resumed(state.epochsDone(), state.globalStep());
    return state;
  }

  private static boolean patienceRanOut(TrainingConfig cfg, TrainingState state) {
    return cfg.patience() > 0 && state.epochsWithoutImprovement() >= cfg.patience();
  }

  /**
   * One epoch: a training pass, validation, the epoch's record and its checkpoint. Returns the
   * state after it.
   */
  private static TrainingState runEpoch(
      FineTuner tuner,
      ExampleSource train,
      ExampleSource validation,
      Path checkpointDir,
      TrainingState before,
      int epoch,
      TrainingListener listener)
      throws IOException {
    TrainingConfig cfg = tuner.config();
    long t0 = System.nanoTime();
    double lr = cfg.learningRateAt(epoch);
    TrainPass pass = trainPass(tuner, train, epoch, lr, before.globalStep(), listener);
    listener.validationStarted(epoch, validation.size());
    Predictions val = predict(tuner, validation, cfg.batchSize(), false);
    EpochRecord rec = pass.record(epoch, val, cfg.numClasses(), lr, t0);
    List<EpochRecord> history = new ArrayList<>(before.history());
    history.add(rec);
    // Model selection on the validation loss: with ~100 validation images AUC and accuracy jump
    // between epochs (a demo run kept an epoch predicting grade 0 for nearly everything because
    // its AUC was 0.02 higher).
    double score = -val.meanCrossEntropy();
    boolean improved = score > before.bestScore();
    TrainingState after =
        new TrainingState(
            epoch + 1,
            pass.step(),
            improved ? epoch : before.bestEpoch(),
            improved ? score : before.bestScore(),
            improved ? 0 : before.epochsWithoutImprovement() + 1,
            history,
            before.configFingerprint());
    writeCheckpoint(tuner, checkpointDir, after, improved);
    listener.epochDone(rec, improved);
    return after;
  }

  /**
   * The sums of one pass over the training data and the global step after it.
   *
   * @param lossSum the batches' mean losses weighted by their sizes
   * @param seen examples trained on
   * @param correct of those, the ones the step's forward pass (with dropout) predicted right
   * @param step the global step after the pass
   */
  private record TrainPass(double lossSum, int seen, int correct, long step) {
    /** The epoch's record from this pass and the validation predictions. */
    EpochRecord record(int epoch, Predictions val, int numClasses, double lr, long t0) {
      int[] predicted = val.predictedClasses();
      double valAcc = Agreement.accuracy(val.labels(), predicted);
      double valAuc = Ranking.meanOneVsRestAuc(val.labels(), val.probabilities());
      double valKappa = Agreement.quadraticWeightedKappa(val.labels(), predicted, numClasses);
      return new EpochRecord(
          epoch,
          lossSum / Math.max(1, seen),
          (double) correct / Math.max(1, seen),
          val.meanCrossEntropy(),
          valAcc,
          valAuc,
          valKappa,
          lr,
          (System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * One pass over {@code train} in the epoch's order (balanced or shuffled), with the epoch's
   * rotations, one training step per batch from global step {@code firstStep}.
   */
  private static TrainPass trainPass(
      FineTuner tuner,
      ExampleSource train,
      int epoch,
      double lr,
      long firstStep,
      TrainingListener listener) {
    TrainingConfig cfg = tuner.config();
    int[] order =
        cfg.balancedSampling()
            ? Sampling.balancedOrder(
                train.labels(), cfg.numClasses(), train.size(), cfg.seed(), epoch)
            : shuffled(train.size(), cfg.seed(), epoch);
    int batches = (order.length + cfg.batchSize() - 1) / cfg.batchSize();
    listener.epochStarted(epoch, batches);
    double lossSum = 0;
    int seen = 0;
    int correct = 0;
    long step = firstStep;
    RotationPolicy rot = trainingPolicy(cfg);
    try (ExampleSource.CloseableIterator<Feed> it =
        train.batches(order, cfg.batchSize(), rot, epoch)) {
      int b = 0;
      while (it.hasNext()) {
        Feed batch = it.next();
        FineTuner.StepResult r = tuner.trainStep(batch, lr, step++);
        lossSum += r.loss() * batch.count();
        seen += batch.count();
        for (int i = 0; i < batch.count(); i++) {
          correct += r.predictions()[i] == batch.labels()[i] ? 1 : 0;
        }
        listener.stepDone(epoch, b++, batches, r.loss());
      }
    }
    return new TrainPass(lossSum, seen, correct, step);
  }

  /** How the training examples are augmented: the configuration's views and jitter, or none. */
  static RotationPolicy trainingPolicy(TrainingConfig cfg) {
    return cfg.augment()
        ? RotationPolicy.random(cfg.seed(), cfg.mirrors(), cfg.jitterDegrees(), cfg.jitterScale())
        : RotationPolicy.none();
  }

  /**
   * With {@code keepBest}, restores the best epoch's weights unless they are the current ones. The
   * checkpoint pointers are read (and checked) either way.
   */
  private static void restoreBest(FineTuner tuner, Path checkpointDir, boolean keepBest)
      throws IOException {
    Optional<String> best = readPointer(checkpointDir, BEST);
    Optional<String> latest = readPointer(checkpointDir, LATEST);
    if (keepBest && best.isPresent() && !best.equals(latest)) {
      LOG.debug("restoring the best epoch's weights ({}; the latest is {})", best.get(), latest);
      tuner.restore(checkpointDir.resolve(best.get()).resolve(CKPT));
    }
  }

  /**
   * Probabilities for every example of {@code source} with dropout off; with {@code tta} the mean
   * over the four rotations (the eight views when the model learnt from mirrors).
   */
  public static Predictions predict(
      FineTuner tuner, ExampleSource source, int batchSize, boolean tta) {
    int n = source.size();
    int k = tuner.config().numClasses();
    float[][] probs = new float[n][k];
    List<String> ids = new ArrayList<>(n);
    int[] labels = new int[n];
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    Rotation[] rotations =
        tta ? Rotation.views(tuner.config().mirrors()) : new Rotation[] {Rotation.R0};
    for (Rotation r : rotations) {
      int pos = 0;
      try (ExampleSource.CloseableIterator<Feed> it =
          source.batches(order, batchSize, RotationPolicy.fixed(r), 0)) {
        while (it.hasNext()) {
          Feed b = it.next();
          float[][] p = tuner.predict(b);
          for (int i = 0; i < b.count(); i++, pos++) {
            for (int c = 0; c < k; c++) {
              probs[pos][c] += p[i][c] / rotations.length;
            }
            if (r == rotations[0]) {
              ids.add(b.ids()[i]);
              labels[pos] = b.labels()[i];
            }
          }
        }
      }
      if (pos != n) {
        // A source that skips unreadable images returns fewer rows; keep only what was predicted.
        probs = Arrays.copyOf(probs, pos);
        labels = Arrays.copyOf(labels, pos);
        n = pos;
      }
    }
    return new Predictions(ids, labels, probs);
  }

  /**
   * The spatially pooled values of {@code node} for at most {@code max} examples of {@code source}
   * at rotation 0, a seeded sample when it holds more (for the {@link
   * org.drtune.internal.model.FeatureReference}).
   */
  public static float[][] features(
      FineTuner tuner, ExampleSource source, String node, int batchSize, int max, long seed) {
    int[] order = shuffled(source.size(), seed, -1);
    if (order.length > max) {
      order = Arrays.copyOf(order, max);
      Arrays.sort(order); // read the sample in the source's order
    } else {
      Arrays.setAll(order, i -> i);
    }
    List<float[]> rows = new ArrayList<>(order.length);
    try (ExampleSource.CloseableIterator<Feed> it =
        source.batches(order, batchSize, RotationPolicy.fixed(Rotation.R0), 0)) {
      while (it.hasNext()) {
        Feed b = it.next();
        rows.addAll(Arrays.asList(tuner.computePooled(node, b)));
      }
    }
    return rows.toArray(float[][]::new);
  }

  /** The order of an epoch: a seeded Fisher–Yates shuffle, the same for the same seed and epoch. */
  static int[] shuffled(int n, long seed, int epoch) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static void writeCheckpoint(FineTuner tuner, Path dir, TrainingState state, boolean best)
      throws IOException {
    String name = String.format("epoch-%04d", state.epochsDone() - 1);
    AtomicFiles.replaceFolder(
        dir.resolve(name),
        tmp -> {
          Files.createDirectories(tmp);
          tuner.save(tmp.resolve(CKPT));
          Files.write(tmp.resolve(STATE), JSON.writeValueAsBytes(state));
        });
    if (best) {
      AtomicFiles.writeAtomically(dir.resolve(BEST), name);
    }
    AtomicFiles.writeAtomically(dir.resolve(LATEST), name);
    // Keep only the folders named by the pointers.
    Optional<String> keepBest = readPointer(dir, BEST);
    try (var s = Files.newDirectoryStream(dir, "epoch-*")) {
      for (Path p : s) {
        String f = p.getFileName().toString();
        if (!f.equals(name) && !keepBest.map(f::equals).orElse(false)) {
          AtomicFiles.deleteRecursively(p);
        }
      }
    }
  }

  /**
   * Restores the latest checkpoint in {@code dir} into {@code tuner}, returning its state, if there
   * is one.
   */
  public static Optional<TrainingState> restoreLatest(FineTuner tuner, Path dir)
      throws IOException {
    Optional<String> latest = readPointer(dir, LATEST);
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    Path ck = dir.resolve(latest.get());
    Path stateFile = ck.resolve(STATE);
    if (!Files.isRegularFile(stateFile)) {
      throw new IOException(
          "checkpoint "
              + ck
              + " named by "
              + dir.resolve(LATEST)
              + " is incomplete (no "
              + STATE
              + "); delete "
              + dir
              + " to start over");
    }
    TrainingState state = JSON.readValue(stateFile.toFile(), TrainingState.class);
    tuner.restore(ck.resolve(CKPT));
    return Optional.of(state);
  }

  private static Optional<String> readPointer(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    String s = Files.readString(p, StandardCharsets.UTF_8).trim();
    if (!s.matches("epoch-\\d{4}")) {
      throw new IOException(
          "checkpoint pointer " + p + " is damaged ('" + s + "'); delete it to start over");
    }
    return Optional.of(s);
  }

  /** The settings that must not change between a run and its resume. */
  static String fingerprint(TrainingConfig c) {
    return c.toBuilder().epochs(1).patience(0).build().toString();
  }
}
