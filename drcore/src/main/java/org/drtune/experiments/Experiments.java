package org.drtune.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtune.Precision;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.features.CacheDtype;
import org.drtune.grading.LabelScheme;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.TrainValidationSplit;
import org.drtune.internal.experiments.FoldRunner;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.graph.BackboneProfile;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.model.Preprocessing;
import org.drtune.models.AssetResolver;
import org.drtune.training.BackboneRef;
import org.drtune.training.DatasetOptions;
import org.drtune.training.OptimizerKind;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;

/**
 * Runs cross-validation tables on a MedMNIST {@code .npz} (train + val pooled) and writes them as
 * Markdown and JSON.
 *
 * <pre>{@code
 * Experiments.run(Path.of("retinamnist_trainval.npz"), Path.of("cv"), 5, Experiments.DEFAULT_FOLD_SEED,
 *     List.of("linear:strategy=linear,size=112,epochs=30,lr=0.01"), BackboneRef.bvlcGoogLeNet(),
 *     AssetResolver.defaults(), null, 0, System.out::println);
 * }</pre>
 *
 * (also {@code drtune crossval})
 *
 * <p>Setting keys: strategy, size, epochs, batch, lr, decay, headmult, l2, dropout, optimizer,
 * classweights, balanced, augment, random (random initialisation), freeze (layers joined by '+'),
 * freezeupto (a layer: it and every layer before it), cut, seed, lcs (local colour subtraction),
 * crop (border crop), cache (train from the frozen part's cached output), cachedtype (float32 or
 * float16), precision (fp32 or bf16), equalize (per-channel histogram equalization), train (about N
 * training images per fold, whole patients stratified by grade: a learning curve).
 */
public final class Experiments {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Experiments() {}

  /** Default seed of the fold assignment. */
  public static final long DEFAULT_FOLD_SEED = 2024;

  /**
   * Cross-validates each setting spec on every labelled image of {@code data}: the train and val
   * splits of a MedMNIST {@code .npz}, every row of a label CSV, or every image of a folder of
   * grade folders. When every id is an EyePACS {@code <patient>_left|right} id, the folds are
   * patient-level (both eyes of a patient in one fold). Appends one Markdown row per setting to
   * {@code out/table.md} and writes {@code out/NAME.json} with the folds, seeds, date and every
   * held-out probability.
   *
   * @param specs settings as {@code NAME:key=value,...} (see the class comment)
   * @param backbone the pretrained backbone, found through {@code assets}
   * @param cacheDir where feature caches are kept for later runs; null means a scratch folder under
   *     {@code out} that is deleted at the end
   * @param maxFolds train and evaluate only the first this many folds, a quicker screen (0: all;
   *     the JSON records how many ran)
   * @param log receives a line per fold and per setting
   * @return one result per setting
   */
  public static List<CrossValidation.SettingResult> run(
      Path data,
      Path out,
      int k,
      long foldSeed,
      List<String> specs,
      BackboneRef backbone,
      AssetResolver assets,
      Path cacheDir,
      int maxFolds,
      java.util.function.Consumer<String> log)
      throws IOException {
    List<CrossValidation.Setting> parsed =
        specs.stream().map(Experiments::parse).toList(); // fail before work
    FundusDataset all = Datasets.openAll(data, DatasetOptions.defaults());
    String[] patients = patients(all);
    int[] folds =
        patients != null
            ? CrossValidation.assignFolds(patients, all.labels(), k, foldSeed)
            : CrossValidation.assignFolds(all.labels(), k, foldSeed);
    log.accept(
        String.format(
            Locale.ROOT,
            "%d images%s, %d folds (seed %d)",
            all.size(),
            patients == null
                ? ""
                : " of "
                    + java.util.Arrays.stream(patients).distinct().count()
                    + " patients (patient-level folds)",
            k,
            foldSeed));
    Path caches = cacheDir != null ? cacheDir : out.resolve("work").resolve("feature-cache");
    Backbone net = Backbone.load(backbone, assets);
    Files.createDirectories(out);
    List<CrossValidation.SettingResult> results = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      CrossValidation.Setting setting = parsed.get(i);
      log.accept("== " + specs.get(i));
      CrossValidation.SettingResult r =
          FoldRunner.run(setting, all, folds, net, out.resolve("work"), caches, maxFolds, log);
      String row = row(r);
      log.accept(row);
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("spec", specs.get(i));
      rec.put(
          "data", data.toString()); // as given: no machine-specific absolute path in shared results
      rec.put("folds", k);
      rec.put("foldSeed", foldSeed);
      rec.put("foldsRun", r.folds().size());
      rec.put("patientLevelFolds", patients != null);
      rec.put("images", all.size());
      rec.put("date", Instant.now().toString());
      rec.put("result", r);
      AtomicFiles.writeAtomically(
          out.resolve(setting.name() + ".json"), JSON.writeValueAsBytes(rec));
      Files.writeString(
          out.resolve("table.md"),
          row + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      results.add(r);
    }
    AtomicFiles.deleteRecursively(out.resolve("work"));
    return results;
  }

  /**
   * Combines settings already cross-validated into {@code out} (their {@code out/MEMBER.json}) into
   * an ensemble that averages their held-out probabilities; writes {@code out/NAME.json} and
   * appends a row to {@code out/table.md}.
   *
   * @param spec {@code NAME:MEMBER+MEMBER[+...]}
   * @return the ensemble's result
   * @throws IllegalArgumentException for a malformed spec, a missing or foreign member file, or
   *     members run on other folds
   */
  public static CrossValidation.SettingResult ensemble(
      Path out, String spec, java.util.function.Consumer<String> log) throws IOException {
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException(
          "an ensemble is NAME:MEMBER+MEMBER[+...], got '" + spec + "'");
    }
    String name = spec.substring(0, colon);
    List<String> names = List.of(spec.substring(colon + 1).split("\\+"));
    List<List<CrossValidation.FoldPredictions>> members = new ArrayList<>();
    List<double[]> seconds = new ArrayList<>();
    JsonNode firstRec = null;
    for (String m : names) {
      Path file = resultFile(out, m, "ensemble member '" + m + "'");
      JsonNode rec;
      try {
        rec = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "ensemble member '"
                + m
                + "': "
                + file
                + " is not a crossval result ("
                + e.getMessage()
                + ")");
      }
      JsonNode folds = rec.path("result").path("folds");
      if (!folds.isArray() || folds.isEmpty()) {
        throw new IllegalArgumentException(
            "ensemble member '" + m + "': " + file + " holds no folds");
      }
      if (firstRec != null
          && (!rec.path("folds").equals(firstRec.path("folds"))
              || !rec.path("foldSeed").equals(firstRec.path("foldSeed")))) {
        throw new IllegalArgumentException(
            "ensemble member '"
                + m
                + "' was run with other folds ("
                + rec.path("folds")
                + " folds, seed "
                + rec.path("foldSeed")
                + ") than '"
                + names.get(0)
                + "'");
      }
      firstRec = firstRec == null ? rec : firstRec;
      List<CrossValidation.FoldPredictions> preds = new ArrayList<>();
      double[] secs = new double[folds.size()];
      for (int f = 0; f < folds.size(); f++) {
        JsonNode p = folds.get(f).path("predictions");
        if (p.isMissingNode() || p.isNull()) {
          throw new IllegalArgumentException(
              "ensemble member '"
                  + m
                  + "': "
                  + file
                  + " has no held-out"
                  + " probabilities (written by an older drtune); cross-validate it again");
        }
        preds.add(JSON.treeToValue(p, CrossValidation.FoldPredictions.class));
        secs[f] = folds.get(f).path("seconds").asDouble();
      }
      members.add(preds);
      seconds.add(secs);
    }
    log.accept("== ensemble " + spec);
    CrossValidation.SettingResult r = CrossValidation.ensemble(name, members, seconds);
    String row = row(r);
    log.accept(row);
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("spec", spec);
    rec.put("members", names);
    rec.put("data", firstRec.path("data").asText());
    rec.put("folds", firstRec.path("folds").asInt());
    rec.put("foldSeed", firstRec.path("foldSeed").asLong());
    rec.put("date", Instant.now().toString());
    rec.put("result", r);
    AtomicFiles.writeAtomically(out.resolve(name + ".json"), JSON.writeValueAsBytes(rec));
    Files.writeString(
        out.resolve("table.md"),
        row + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return r;
  }

  /**
   * A cross-validated setting over all its folds at once: every held-out probability pooled (each
   * image is held out exactly once), evaluated with a patient-level bootstrap when the ids are
   * EyePACS {@code <patient>_left|right} ids.
   *
   * @param name the setting
   * @param images held-out images pooled
   * @param patients patients among them (0 when the ids name none)
   * @param testTimeAugmentation whether the rotation-averaged probabilities were pooled
   * @param pooled the evaluation of the pooled probabilities, with 95 % bootstrap intervals
   * @param secondsPerEpoch mean training time of an epoch over the folds
   */
  public record Summary(
      String name,
      int images,
      int patients,
      boolean testTimeAugmentation,
      Evaluation pooled,
      double secondsPerEpoch) {}

  /**
   * Pools the held-out probabilities of {@code out/NAME.json} (a setting or an ensemble run into
   * {@code out}).
   *
   * @param tta pool the rotation-averaged probabilities (what {@code predict} does) instead of one
   *     pass
   * @throws IllegalArgumentException when the file is missing or holds no predictions
   */
  public static Summary summarize(Path out, String name, boolean tta) throws IOException {
    Pooled p = Pooled.load(out, name, tta);
    String[] patients = p.patients();
    int k = p.probabilities().get(0).length;
    Evaluation e =
        Evaluation.of(
            p.labels().stream().mapToInt(Integer::intValue).toArray(),
            p.probabilities().toArray(float[][]::new),
            options(k),
            patients);
    int patientCount =
        patients == null ? 0 : (int) java.util.Arrays.stream(patients).distinct().count();
    return new Summary(
        name,
        p.labels().size(),
        patientCount,
        tta,
        e,
        p.epochs() == 0 ? Double.NaN : p.epochSeconds() / p.epochs());
  }

  private static EvaluationOptions options(int k) {
    return EvaluationOptions.defaults()
        .withReferableMinGrade(k == 2 ? 1 : LabelScheme.REFERABLE_MIN_GRADE);
  }

  /**
   * Two cross-validated settings compared on the images both held out.
   *
   * @param a the first setting
   * @param b the second
   * @param images images compared (held out by both, in the same fold)
   * @param patients patients among them (0 when the ids name none)
   * @param testTimeAugmentation whether the rotation-averaged probabilities were compared
   * @param difference {@code a - b} with paired 95 % bootstrap intervals
   */
  public record Comparison(
      String a,
      String b,
      int images,
      int patients,
      boolean testTimeAugmentation,
      org.drtune.eval.PairedDifference difference) {}

  /**
   * Compares two settings cross-validated into {@code out}: on every image that both held out in
   * the same fold (the common folds when one ran more folds, as with {@code --max-folds}), the
   * difference {@code a - b} of the pooled metrics with a paired bootstrap (patient-level for
   * EyePACS ids; 1,000 resamples, the seed of {@link EvaluationOptions#defaults()}). This is how to
   * say whether a change (say bf16 against fp32) made a measurable difference: its interval
   * excludes 0.
   *
   * @param tta compare the rotation-averaged probabilities
   * @throws IllegalArgumentException when a file is missing, the two share no held-out image, or
   *     they disagree on an image's grade (other data)
   */
  public static Comparison compare(Path out, String a, String b, boolean tta) throws IOException {
    Pooled pa = Pooled.load(out, a, tta);
    Pooled pb = Pooled.load(out, b, tta);
    Map<String, Integer> rowOfB = new java.util.HashMap<>();
    for (int i = 0; i < pb.keys().size(); i++) {
      rowOfB.put(pb.keys().get(i), i);
    }
    List<Integer> labels = new ArrayList<>();
    List<float[]> probsA = new ArrayList<>();
    List<float[]> probsB = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < pa.keys().size(); i++) {
      Integer j = rowOfB.get(pa.keys().get(i));
      if (j == null) {
        continue;
      }
      if (!pa.labels().get(i).equals(pb.labels().get(j))) {
        throw new IllegalArgumentException(
            "'"
                + a
                + "' and '"
                + b
                + "' disagree on the grade of held-out image "
                + pa.keys().get(i)
                + ": they were run on other data");
      }
      labels.add(pa.labels().get(i));
      probsA.add(pa.probabilities().get(i));
      probsB.add(pb.probabilities().get(j));
      ids.add(pa.ids().get(i));
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + a
              + "' and '"
              + b
              + "' share no held-out image: run both on the same data with the same --folds and"
              + " --fold-seed");
    }
    String[] patients = patientsOf(ids);
    int k = probsA.get(0).length;
    EvaluationOptions o = options(k);
    org.drtune.eval.PairedDifference d =
        org.drtune.internal.eval.Bootstrap.pairedBootstrap(
            labels.stream().mapToInt(Integer::intValue).toArray(),
            probsA.toArray(float[][]::new),
            probsB.toArray(float[][]::new),
            o.bootstrapResamples(),
            o.bootstrapSeed(),
            o.confidenceLevel(),
            patients,
            o.referableMinGrade(),
            o.targetSensitivity(),
            o.targetSpecificity());
    int patientCount =
        patients == null ? 0 : (int) java.util.Arrays.stream(patients).distinct().count();
    return new Comparison(a, b, labels.size(), patientCount, tta, d);
  }

  /** Header of the Markdown table of {@link #comparisonRow}. */
  public static final String COMPARISON_HEADER =
      "| comparison | images | Δ referable AUC | Δ sens. @ spec. 0.90 | Δ spec. @ sens. 0.90 |"
          + " Δ kappa | Δ ACC | P(AUC a > b) |\n"
          + "|---|---|---|---|---|---|---|---|";

  /** One Markdown row of a comparison: each difference with its paired 95 % interval. */
  public static String comparisonRow(Comparison c) {
    org.drtune.eval.PairedDifference d = c.difference();
    return String.format(
        Locale.ROOT,
        "| %s − %s%s | %d%s | %s | %s | %s | %s | %s | %.3f |",
        c.a(),
        c.b(),
        c.testTimeAugmentation() ? " (TTA)" : "",
        c.images(),
        c.patients() > 0 ? " (" + c.patients() + " patients)" : "",
        signed(d.referableAuc(), d.referableAucInterval()),
        signed(d.sensitivityAtTargetSpecificity(), d.sensitivityAtTargetSpecificityInterval()),
        signed(d.specificityAtTargetSensitivity(), d.specificityAtTargetSensitivityInterval()),
        signed(d.kappa(), d.kappaInterval()),
        signed(d.accuracy(), d.accuracyInterval()),
        d.referableAucAboveShare());
  }

  private static String signed(double v, org.drtune.eval.ConfidenceInterval i) {
    return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", v, i.lower(), i.upper());
  }

  /** Every held-out prediction of a cross-validation result file, pooled over its folds. */
  private record Pooled(
      List<String> keys,
      List<Integer> labels,
      List<float[]> probabilities,
      List<String> ids,
      double epochSeconds,
      int epochs) {

    static Pooled load(Path out, String name, boolean tta) throws IOException {
      Path file = resultFile(out, name, "'" + name + "'");
      JsonNode rec = JSON.readTree(file.toFile());
      JsonNode folds = rec.path("result").path("folds");
      List<String> keys = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      List<float[]> probs = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      double epochSeconds = 0;
      int epochs = 0;
      for (JsonNode fold : folds) {
        JsonNode p = fold.path("predictions");
        if (p.isMissingNode() || p.isNull()) {
          throw new IllegalArgumentException(
              "'" + name + "': " + file + " has no held-out probabilities");
        }
        CrossValidation.FoldPredictions fp =
            JSON.treeToValue(p, CrossValidation.FoldPredictions.class);
        float[][] rows = tta ? fp.tta() : fp.plain();
        for (int i = 0; i < fp.heldOut().length; i++) {
          keys.add(fp.fold() + ":" + fp.heldOut()[i]);
          labels.add(fp.labels()[i]);
          probs.add(rows[i]);
          ids.add(fp.ids() != null ? fp.ids().get(i) : null);
        }
        for (JsonNode e : fold.path("history")) {
          epochSeconds += e.path("seconds").asDouble();
          epochs++;
        }
      }
      if (labels.isEmpty()) {
        throw new IllegalArgumentException("'" + name + "': " + file + " holds no folds");
      }
      return new Pooled(keys, labels, probs, ids, epochSeconds, epochs);
    }

    String[] patients() {
      return patientsOf(ids);
    }
  }

  /**
   * {@code out/NAME.json}, the result of a setting cross-validated into {@code out}.
   *
   * @param what how the error names it
   * @throws IllegalArgumentException when it does not exist, saying how to make it
   */
  private static Path resultFile(Path out, String name, String what) {
    Path file = out.resolve(name + ".json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          what
              + ": "
              + file
              + " does not exist; cross-validate it first with --setting "
              + name
              + ":... and the same --out");
    }
    return file;
  }

  /** The EyePACS patient of every id, or null when some id is missing or names none. */
  private static String[] patientsOf(List<String> ids) {
    String[] patients = new String[ids.size()];
    for (int i = 0; i < patients.length; i++) {
      java.util.Optional<String> patient =
          ids.get(i) == null
              ? java.util.Optional.empty()
              : TrainValidationSplit.patientOf(ids.get(i));
      if (patient.isEmpty()) {
        return null;
      }
      patients[i] = patient.get();
    }
    return patients;
  }

  /** Header of the Markdown table of {@link #summaryRow}. */
  public static final String SUMMARY_HEADER =
      "| setting | images | referable AUC | sens. @ spec. 0.90 | spec. @ sens. 0.90 | kappa | ACC |"
          + " s/epoch |\n"
          + "|---|---|---|---|---|---|---|---|";

  /** One Markdown row of a summary: each metric with its 95 % bootstrap interval. */
  public static String summaryRow(Summary s) {
    Evaluation e = s.pooled();
    var b = e.intervals();
    return String.format(
        Locale.ROOT,
        "| %s%s | %d%s | %s | %s | %s | %s | %s | %s |",
        s.name(),
        s.testTimeAugmentation() ? " (TTA)" : "",
        s.images(),
        s.patients() > 0 ? " (" + s.patients() + " patients)" : "",
        ci(e.referable().auc(), b.referableAuc()),
        ci(e.referable().atTargetSpecificity().sensitivity(), b.sensitivityAtTargetSpecificity()),
        ci(e.referable().atTargetSensitivity().specificity(), b.specificityAtTargetSensitivity()),
        ci(e.kappa(), b.kappa()),
        ci(e.accuracy(), b.accuracy()),
        Double.isNaN(s.secondsPerEpoch())
            ? "-"
            : String.format(Locale.ROOT, "%.0f", s.secondsPerEpoch()));
  }

  private static String ci(double v, org.drtune.eval.ConfidenceInterval i) {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v, i.lower(), i.upper());
  }

  /** Header of the Markdown table written by {@link #run}. */
  public static final String TABLE_HEADER =
      "| setting | ACC | AUC | kappa | referable AUC | ACC (TTA) | AUC (TTA) |"
          + " s/fold |\n|---|---|---|---|---|---|---|---|";

  /**
   * One Markdown row: name, ACC, AUC, kappa, referable AUC (mean ± std), the same with TTA, seconds
   * per fold.
   */
  public static String row(CrossValidation.SettingResult r) {
    double secs =
        r.folds().stream().mapToDouble(CrossValidation.FoldResult::seconds).average().orElse(0);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %s | %s | %.0f |",
        r.name(),
        pm(r.mean().accuracy(), r.std().accuracy()),
        pm(r.mean().auc(), r.std().auc()),
        pm(r.mean().kappa(), r.std().kappa()),
        pm(r.mean().referableAuc(), r.std().referableAuc()),
        pm(r.meanTta().accuracy(), r.stdTta().accuracy()),
        pm(r.meanTta().auc(), r.stdTta().auc()),
        secs);
  }

  private static String pm(double m, double s) {
    return String.format(Locale.ROOT, "%.3f ± %.3f", m, s);
  }

  /** Parses {@code name:key=value,key=value}. */
  public static CrossValidation.Setting parse(String spec) {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    TrainingConfig.Builder b = TrainingConfig.builder().patience(0);
    Preprocessing p = Preprocessing.defaults();
    boolean cache = false;
    boolean cacheSet = false;
    Strategy strategy = Strategy.FROZEN_PREFIX;
    CacheDtype dtype = CacheDtype.FLOAT32;
    int trainImages = 0;
    if (colon >= 0 && colon < spec.length() - 1) {
      for (String kv : spec.substring(colon + 1).split(",")) {
        String[] e = kv.split("=", 2);
        String v = e.length > 1 ? e[1] : "true";
        switch (e[0]) {
          case "strategy" -> {
            strategy = Strategy.parse(v);
            b.strategy(strategy);
          }
          case "size" -> b.inputSize(Integer.parseInt(v));
          case "epochs" -> b.epochs(Integer.parseInt(v));
          case "batch" -> b.batchSize(Integer.parseInt(v));
          case "lr" -> b.learningRate(Double.parseDouble(v));
          case "decay" -> b.lrDecay(Double.parseDouble(v));
          case "headmult" -> b.headLrMultiplier(Double.parseDouble(v));
          case "l2" -> b.l2(Double.parseDouble(v));
          case "dropout" -> b.dropout(Double.parseDouble(v));
          case "momentum" -> b.momentum(Double.parseDouble(v));
          case "optimizer" -> b.optimizer(OptimizerKind.parse(v));
          case "classweights" -> b.classWeighting(Boolean.parseBoolean(v));
          case "balanced" -> b.balancedSampling(Boolean.parseBoolean(v));
          case "augment" -> b.augment(Boolean.parseBoolean(v));
          case "random" -> b.pretrained(!Boolean.parseBoolean(v));
          case "freeze" -> b.freeze(List.of(v.split("\\+")));
          case "freezeupto" -> b.freeze(freezeUpTo(v));
          case "cut" -> b.cutLayer(v);
          case "seed" -> b.seed(Long.parseLong(v));
          case "lcs" -> p = p.withLocalColourSubtraction(Boolean.parseBoolean(v));
          case "equalize" -> p = p.withEqualize(Boolean.parseBoolean(v));
          case "crop" -> p = p.withCropBorder(Boolean.parseBoolean(v));
          case "precision" -> b.precision(Precision.parse(v));
          case "train" -> {
            trainImages = Integer.parseInt(v);
            if (trainImages < 1) {
              throw new IllegalArgumentException(
                  "train=N needs N >= 1 training images per fold, got " + v);
            }
          }
          case "cachedtype" -> dtype = CacheDtype.valueOf(v.toUpperCase(Locale.ROOT));
          case "cache" -> {
            cache = Boolean.parseBoolean(v);
            cacheSet = true;
          }
          default ->
              throw new IllegalArgumentException("unknown setting key '" + e[0] + "' in " + spec);
        }
      }
    }
    TrainingConfig cfg = b.build();
    return new CrossValidation.Setting(
        name, cfg, p, cacheSet ? cache : strategy.headOnly(), dtype, trainImages);
  }

  /** The BVLC GoogLeNet's layer groups from the first up to and including {@code last}. */
  static List<String> freezeUpTo(String last) {
    List<String> layers = BackboneProfile.bvlcGoogLeNet().layerNames();
    int i = layers.indexOf(last);
    if (i < 0) {
      throw new IllegalArgumentException(
          "unknown layer '"
              + last
              + "' for freezeupto; valid layers: "
              + String.join(", ", layers));
    }
    return layers.subList(0, i + 1);
  }

  /**
   * The EyePACS patient of every image, or null when some id is not {@code <patient>_left|right}.
   */
  static String[] patients(FundusDataset all) {
    return TrainValidationSplit.patientsOf(all);
  }
}
