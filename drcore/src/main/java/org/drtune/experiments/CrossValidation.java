package org.drtune.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.Predictions;
import org.drtune.features.CacheDtype;
import org.drtune.model.Preprocessing;
import org.drtune.training.BackboneRef;
import org.drtune.training.Recipe;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingPlan;
import org.drtune.training.TrainingSetting;

/**
 * Stratified k-fold cross-validation of a fine-tuning setting: every fold trains a fresh model on
 * the other folds for a fixed number of epochs (no early stopping, the last epoch is evaluated, so
 * the held-out fold never chooses anything) and evaluates it on the held-out fold, with and without
 * rotation test-time augmentation.
 */
public final class CrossValidation {
  private CrossValidation() {}

  /**
   * One setting to cross-validate.
   *
   * @param name short name for tables
   * @param config hyper-parameters (epochs fixed; patience is ignored)
   * @param preprocessing image preprocessing (its input size must equal the config's)
   * @param cacheFeatures train from the feature cache of the frozen part (computed once for every
   *     image and rotation, shared by the folds and by settings with the same frozen part and
   *     preprocessing)
   * @param cacheDtype storage of cached features
   * @param trainImages train each fold on about this many of its training images only (a learning
   *     curve: whole patients, stratified by grade, {@link #subsample}); 0 for all of them. The
   *     held-out fold stays whole, so the rows of a learning curve are evaluated on the same
   *     images.
   * @param spec how the setting was written ({@code NAME:key=value,...}, recorded with its
   *     results); null means the name
   */
  public record Setting(
      String name,
      TrainingConfig config,
      Preprocessing preprocessing,
      boolean cacheFeatures,
      CacheDtype cacheDtype,
      int trainImages,
      String spec) {
    /** Aligns the preprocessing's size with the config; a null cache dtype means float32. */
    public Setting {
      Objects.requireNonNull(name, "name");
      preprocessing = preprocessing.withInputSize(config.inputSize());
      cacheDtype = cacheDtype == null ? CacheDtype.FLOAT32 : cacheDtype;
      if (trainImages < 0) {
        throw new IllegalArgumentException(
            "trainImages must be >= 0 (0: every training image), got " + trainImages);
      }
      spec = spec == null ? name : spec;
    }

    /**
     * What a setting starts from before its keys apply: {@link TrainingConfig#defaults()} trained
     * for a fixed number of epochs (patience 0), {@link Preprocessing#defaults()}, one model.
     */
    public static Recipe baseRecipe() {
      return new Recipe(
          "crossval",
          "TrainingConfig's defaults trained for a fixed number of epochs",
          TrainingConfig.builder().patience(0).build(),
          Preprocessing.defaults(),
          1);
    }

    /**
     * The setting {@code name} that trains {@code plan}: its recipe's hyper-parameters and
     * preprocessing, and its feature-cache choice (by default: on for the head-only strategies,
     * stored as float32).
     */
    public static Setting of(String name, TrainingPlan plan) {
      TrainingConfig cfg = plan.recipe().training();
      return new Setting(
          name,
          cfg,
          plan.recipe().preprocessing(),
          plan.cacheFeatures() != null ? plan.cacheFeatures() : cfg.strategy().headOnly(),
          plan.cacheDtype(),
          plan.trainImages(),
          null);
    }

    /**
     * Parses {@code NAME:key=value,key=value,...}: every key is a {@link TrainingSetting} that
     * cross-validation takes (its {@link TrainingSetting#key()} or an older spelling), applied in
     * order on {@link #baseRecipe()}; a key without {@code =value} is a flag turned on. Layer names
     * are checked against {@code backbone}'s.
     *
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    public static Setting parse(String spec, BackboneRef backbone) {
      int colon = spec.indexOf(':');
      String name = colon < 0 ? spec : spec.substring(0, colon);
      if (name.isBlank()) {
        throw new IllegalArgumentException("a setting needs a name: NAME:key=value,...");
      }
      TrainingPlan plan = TrainingPlan.of(baseRecipe());
      Set<TrainingSetting> given = EnumSet.noneOf(TrainingSetting.class);
      if (colon >= 0 && colon < spec.length() - 1) {
        for (String kv : spec.substring(colon + 1).split(",")) {
          String[] e = kv.split("=", 2);
          TrainingSetting s = settingOf(e[0], spec);
          for (TrainingSetting other : s.alternatives()) {
            if (given.contains(other)) {
              throw new IllegalArgumentException(
                  other.key() + " and " + s.key() + " set the same thing: give one of them");
            }
          }
          given.add(s);
          try {
            plan = plan.with(s, e.length > 1 ? e[1] : "true", backbone);
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(kv + ": " + ex.getMessage(), ex);
          }
        }
      }
      Setting parsed = of(name, plan);
      return new Setting(
          name,
          parsed.config(),
          parsed.preprocessing(),
          parsed.cacheFeatures(),
          parsed.cacheDtype(),
          parsed.trainImages(),
          spec);
    }

    private static TrainingSetting settingOf(String key, String spec) {
      TrainingSetting s =
          TrainingSetting.forKey(key)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown setting key '"
                              + key
                              + "' in "
                              + spec
                              + "; keys: "
                              + Arrays.stream(TrainingSetting.values())
                                  .filter(TrainingSetting::forCrossValidation)
                                  .map(TrainingSetting::key)
                                  .collect(Collectors.joining(", "))));
      if (!s.forCrossValidation()) {
        throw new IllegalArgumentException(
            "'" + key + "' is a drtune train setting that cross-validation does not take");
      }
      return s;
    }
  }

  /**
   * Metrics of one fold.
   *
   * @param fold fold index
   * @param plain metrics without test-time augmentation
   * @param tta metrics with the mean of the four rotations
   * @param history per-epoch training record (empty for an ensemble)
   * @param seconds wall time of the fold (for an ensemble: the sum over its members)
   * @param predictions the held-out images' probabilities, kept so that settings can be combined
   *     afterwards
   */
  public record FoldResult(
      int fold,
      Metrics plain,
      Metrics tta,
      List<EpochRecord> history,
      double seconds,
      FoldPredictions predictions) {}

  /**
   * Held-out probabilities of one fold.
   *
   * @param fold fold index
   * @param heldOut indices (into train+val) of the held-out images, ascending
   * @param labels their true grades
   * @param plain probabilities of one pass, a row per held-out image
   * @param tta probabilities averaged over the four rotations
   * @param ids the held-out images' ids (null in results written before they were recorded)
   * @param patients the held-out images' patients (null when the images name none, and in results
   *     written before they were recorded: then EyePACS ids say them)
   */
  public record FoldPredictions(
      int fold,
      int[] heldOut,
      int[] labels,
      float[][] plain,
      float[][] tta,
      List<String> ids,
      List<String> patients) {
    /** Checks the arrays agree in length. */
    public FoldPredictions {
      if (labels.length != heldOut.length
          || plain.length != heldOut.length
          || tta.length != heldOut.length) {
        throw new IllegalArgumentException(
            "fold " + fold + ": held-out indices, labels and probabilities differ" + " in length");
      }
      if (ids != null && ids.size() != heldOut.length) {
        throw new IllegalArgumentException(
            "fold " + fold + ": " + ids.size() + " ids for " + heldOut.length + " held-out images");
      }
      ids = ids == null ? null : List.copyOf(ids);
      if (patients != null && patients.size() != heldOut.length) {
        throw new IllegalArgumentException(
            "fold "
                + fold
                + ": "
                + patients.size()
                + " patients for "
                + heldOut.length
                + " images");
      }
      patients = patients == null ? null : List.copyOf(patients);
    }

    /** Held-out probabilities whose patients the ids say (EyePACS ids) or nobody does. */
    public FoldPredictions(
        int fold, int[] heldOut, int[] labels, float[][] plain, float[][] tta, List<String> ids) {
      this(fold, heldOut, labels, plain, tta, ids, null);
    }
  }

  /**
   * The four numbers of the tables.
   *
   * @param accuracy argmax accuracy
   * @param auc mean one-vs-rest ROC AUC over the grades (MedMNIST's definition)
   * @param kappa quadratic weighted kappa
   * @param referableAuc ROC AUC of referable DR (grade ≥ 2; class 1 of a binary model)
   */
  public record Metrics(double accuracy, double auc, double kappa, double referableAuc) {
    /** The metrics of held-out predictions (a binary model's class 1 is referable). */
    public static Metrics of(Predictions p) {
      EvaluationOptions o = EvaluationOptions.defaults().withBootstrapResamples(0);
      if (p.size() > 0 && p.probabilities()[0].length == 2) {
        o = o.withReferableMinGrade(1); // a binary model's class 1 is "referable"
      }
      Evaluation e = Evaluation.of(p.labels(), p.probabilities(), o);
      return new Metrics(e.accuracy(), e.meanAuc(), e.kappa(), e.referable().auc());
    }
  }

  /**
   * A setting's folds and their mean and standard deviation.
   *
   * @param name setting name
   * @param setting what was trained ({@code null} for an ensemble of settings)
   * @param folds per-fold results
   * @param mean mean over folds (plain)
   * @param std sample standard deviation over folds (plain)
   * @param meanTta mean over folds with TTA
   * @param stdTta standard deviation with TTA
   */
  public record SettingResult(
      String name,
      Setting setting,
      List<FoldResult> folds,
      Metrics mean,
      Metrics std,
      Metrics meanTta,
      Metrics stdTta) {
    /** The result of these folds, with their mean and standard deviation. */
    public static SettingResult of(String name, Setting setting, List<FoldResult> folds) {
      return new SettingResult(
          name,
          setting,
          List.copyOf(folds),
          CrossValidation.mean(folds, false),
          CrossValidation.std(folds, false),
          CrossValidation.mean(folds, true),
          CrossValidation.std(folds, true));
    }
  }

  /**
   * Stratified fold assignment that keeps groups together (the two eyes of a patient): groups are
   * stratified by their highest label, and within each such class a seeded shuffle of the groups is
   * dealt round-robin into k folds, so a patient's images are all in one fold. With one group per
   * image this is {@link #assignFolds(int[], int, long)}.
   *
   * @param groups the group of each image (e.g. the EyePACS patient of {@code 10_left} and {@code
   *     10_right})
   * @param labels the label of each image
   * @throws IllegalArgumentException when the arrays differ in length or k is not between 2 and the
   *     number of groups
   */
  public static int[] assignFolds(String[] groups, int[] labels, int k, long seed) {
    if (groups.length != labels.length) {
      throw new IllegalArgumentException(
          groups.length + " groups for " + labels.length + " labels");
    }
    java.util.Map<String, List<Integer>> members = new java.util.LinkedHashMap<>();
    for (int i = 0; i < groups.length; i++) {
      members.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
    }
    if (k < 2 || k > members.size()) {
      throw new IllegalArgumentException(
          "k must be between 2 and the number of groups (" + members.size() + "), got " + k);
    }
    List<String> keys = new ArrayList<>(members.keySet());
    int[] groupLabels =
        keys.stream()
            .mapToInt(g -> members.get(g).stream().mapToInt(i -> labels[i]).max().orElseThrow())
            .toArray();
    int[] groupFold = assignFolds(groupLabels, k, seed);
    int[] fold = new int[labels.length];
    for (int g = 0; g < keys.size(); g++) {
      for (int i : members.get(keys.get(g))) {
        fold[i] = groupFold[g];
      }
    }
    return fold;
  }

  /**
   * About {@code n} of {@code indices}, taken as whole groups (patients) and stratified like {@link
   * #assignFolds(String[], int[], int, long)}: the groups are classed by their highest label, each
   * class is shuffled with {@code seed}, and groups are taken from each class until it holds its
   * share ({@code n} times its share of the images, rounded) — so the result can exceed {@code n}
   * by less than one group per class. All of {@code indices} when {@code n} is not below their
   * number.
   *
   * @param indices the candidates (e.g. a fold's training images)
   * @param groups the group of every image (indexed like {@code labels}), or null for one group per
   *     image
   * @param labels the label of every image
   * @param n how many to keep, at least 1
   * @return the kept indices, ascending
   */
  public static int[] subsample(int[] indices, String[] groups, int[] labels, int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    if (n >= indices.length) {
      return indices.clone();
    }
    java.util.Map<String, List<Integer>> members = new java.util.LinkedHashMap<>();
    for (int i : indices) {
      members
          .computeIfAbsent(groups == null ? Integer.toString(i) : groups[i], g -> new ArrayList<>())
          .add(i);
    }
    java.util.Map<Integer, List<List<Integer>>> byClass = new java.util.TreeMap<>();
    for (List<Integer> m : members.values()) {
      int top = m.stream().mapToInt(i -> labels[i]).max().orElseThrow();
      byClass.computeIfAbsent(top, c -> new ArrayList<>()).add(m);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> kept = new ArrayList<>();
    for (List<List<Integer>> cls : byClass.values()) {
      int images = cls.stream().mapToInt(List::size).sum();
      long share = Math.round((double) n * images / indices.length);
      for (int i = cls.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        List<Integer> t = cls.get(i);
        cls.set(i, cls.get(j));
        cls.set(j, t);
      }
      int taken = 0;
      for (List<Integer> g : cls) {
        if (taken >= share) {
          break;
        }
        kept.addAll(g);
        taken += g.size();
      }
    }
    return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /**
   * Stratified fold assignment: within each class, a seeded shuffle dealt round-robin into k folds.
   */
  public static int[] assignFolds(int[] labels, int k, long seed) {
    if (k < 2 || k > labels.length) {
      throw new IllegalArgumentException(
          "k must be between 2 and the number of examples, got " + k);
    }
    int[] fold = new int[labels.length];
    int classes = Arrays.stream(labels).max().orElse(0) + 1;
    SplittableRandom rnd = new SplittableRandom(seed);
    int deal = 0;
    for (int c = 0; c < classes; c++) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          idx.add(i);
        }
      }
      for (int i = idx.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = idx.get(i);
        idx.set(i, idx.get(j));
        idx.set(j, t);
      }
      for (int i : idx) {
        fold[i] = deal++ % k;
      }
    }
    return fold;
  }

  /**
   * An ensemble of cross-validated settings: on every fold, the mean of the members' held-out
   * probabilities (plain and TTA separately), evaluated like a setting. The members must have been
   * run on the same folds.
   *
   * @param name name of the ensemble
   * @param members per member, its folds' predictions in fold order
   * @param seconds per member, its folds' wall times (summed into the ensemble's cost)
   * @throws IllegalArgumentException when there are fewer than two members or their folds differ
   */
  public static SettingResult ensemble(
      String name, List<List<FoldPredictions>> members, List<double[]> seconds) {
    if (members.size() < 2) {
      throw new IllegalArgumentException(
          "an ensemble needs at least two members, got " + members.size());
    }
    List<FoldPredictions> first = members.get(0);
    List<FoldResult> results = new ArrayList<>();
    for (int f = 0; f < first.size(); f++) {
      FoldPredictions ref = first.get(f);
      List<float[][]> plains = new ArrayList<>();
      List<float[][]> ttas = new ArrayList<>();
      double secs = 0;
      for (int m = 0; m < members.size(); m++) {
        List<FoldPredictions> member = members.get(m);
        if (member.size() != first.size()) {
          throw new IllegalArgumentException(
              "member "
                  + (m + 1)
                  + " has "
                  + member.size()
                  + " folds, member 1 has "
                  + first.size()
                  + ": run every member with the same --folds and --fold-seed");
        }
        FoldPredictions p = member.get(f);
        if (!Arrays.equals(p.heldOut(), ref.heldOut())
            || !Arrays.equals(p.labels(), ref.labels())) {
          throw new IllegalArgumentException(
              "member "
                  + (m + 1)
                  + " held out other images than member 1 in fold "
                  + (f + 1)
                  + ": run every member on the same data with the same --folds and --fold-seed");
        }
        plains.add(p.plain());
        ttas.add(p.tta());
        secs += seconds.get(m)[f];
      }
      float[][] plain = Predictions.meanProbabilities(plains);
      float[][] tta = Predictions.meanProbabilities(ttas);
      FoldPredictions mean =
          new FoldPredictions(f, ref.heldOut(), ref.labels(), plain, tta, ref.ids());
      List<String> ids = Arrays.stream(ref.heldOut()).mapToObj(Integer::toString).toList();
      results.add(
          new FoldResult(
              f,
              Metrics.of(new Predictions(ids, ref.labels(), plain)),
              Metrics.of(new Predictions(ids, ref.labels(), tta)),
              List.of(),
              secs,
              mean));
    }
    return SettingResult.of(name, null, results);
  }

  private static Metrics pick(FoldResult r, boolean tta) {
    return tta ? r.tta() : r.plain();
  }

  private static Metrics mean(List<FoldResult> rs, boolean tta) {
    double[] s = new double[4];
    for (FoldResult r : rs) {
      Metrics m = pick(r, tta);
      s[0] += m.accuracy();
      s[1] += m.auc();
      s[2] += m.kappa();
      s[3] += m.referableAuc();
    }
    int n = rs.size();
    return new Metrics(s[0] / n, s[1] / n, s[2] / n, s[3] / n);
  }

  private static Metrics std(List<FoldResult> rs, boolean tta) {
    Metrics m = mean(rs, tta);
    double[] s = new double[4];
    for (FoldResult r : rs) {
      Metrics x = pick(r, tta);
      s[0] += sq(x.accuracy() - m.accuracy());
      s[1] += sq(x.auc() - m.auc());
      s[2] += sq(x.kappa() - m.kappa());
      s[3] += sq(x.referableAuc() - m.referableAuc());
    }
    int d = Math.max(1, rs.size() - 1);
    return new Metrics(
        Math.sqrt(s[0] / d), Math.sqrt(s[1] / d), Math.sqrt(s[2] / d), Math.sqrt(s[3] / d));
  }

  private static double sq(double v) {
    return v * v;
  }
}
