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
import java.util.Map;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.grading.LabelScheme;
import org.drtune.internal.data.Datasets;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.TrainValidationSplit;
import org.drtune.internal.experiments.FoldRunner;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.training.DatasetOptions;

/**
 * Cross-validation of fine-tuning settings ({@code drtune crossval}): {@link #run} trains and
 * evaluates every fold of every setting a {@link CrossValidationRequest} names and writes {@code
 * OUT/NAME.json} with every held-out probability; {@link #ensemble} combines settings run earlier
 * without training; {@link #summarize} pools a setting's folds with bootstrap intervals and {@link
 * #compare} gives the paired differences of two settings.
 *
 * <pre>{@code
 * var linear = CrossValidation.Setting.parse("linear112:strategy=linear,image-size=112,epochs=30",
 *     BackboneRef.bvlcGoogLeNet());
 * Experiments.run(CrossValidationRequest.of(Path.of("retinamnist_trainval.npz"), Path.of("cv"),
 *     List.of(linear)));
 * Experiments.Summary s = Experiments.summarize(Path.of("cv"), "linear112", true);
 * }</pre>
 */
public final class Experiments {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Experiments() {}

  /**
   * Cross-validates each setting of {@code req} on every labelled image of its data: the train and
   * val splits of a MedMNIST {@code .npz}, every row of a label CSV, or every image of a folder of
   * grade folders. When every id is an EyePACS {@code <patient>_left|right} id, the folds are
   * patient-level (both eyes of a patient in one fold). Writes {@code out/NAME.json} per setting
   * with the folds, seeds, date and every held-out probability, as soon as the setting is done.
   *
   * @return one result per setting
   * @throws IOException when the data, the weights or the outputs cannot be read or written
   */
  public static List<CrossValidation.SettingResult> run(CrossValidationRequest req)
      throws IOException {
    FundusDataset all = Datasets.openAll(req.data(), DatasetOptions.defaults());
    String[] patients = TrainValidationSplit.patientsOf(all, req.patientNaming());
    int[] folds = assignFolds(all, patients, req);
    Path caches =
        req.cacheDir() != null
            ? req.cacheDir()
            : req.out().resolve("work").resolve("feature-cache");
    Backbone net = Backbone.load(req.backbone(), req.assets());
    Files.createDirectories(req.out());
    List<CrossValidation.SettingResult> results = new ArrayList<>();
    for (CrossValidation.Setting setting : req.settings()) {
      req.listener().settingStarted(setting);
      CrossValidation.SettingResult r =
          FoldRunner.run(
              setting,
              all,
              patients,
              folds,
              net,
              req.out().resolve("work"),
              caches,
              req.maxFolds(),
              req.listener());
      writeResult(req, setting, r, all.size(), patients != null);
      req.listener().settingFinished(r);
      results.add(r);
    }
    AtomicFiles.deleteRecursively(req.out().resolve("work"));
    return results;
  }

  private static int[] assignFolds(
      FundusDataset all, String[] patients, CrossValidationRequest req) {
    int k = req.folds();
    int[] folds =
        patients != null
            ? CrossValidation.assignFolds(patients, all.labels(), k, req.foldSeed())
            : CrossValidation.assignFolds(all.labels(), k, req.foldSeed());
    int patientCount =
        patients == null ? 0 : (int) java.util.Arrays.stream(patients).distinct().count();
    req.listener().foldsAssigned(all.size(), patientCount, k, req.foldSeed());
    return folds;
  }

  /** {@code out/NAME.json}: how the setting was run and its result. */
  private static void writeResult(
      CrossValidationRequest req,
      CrossValidation.Setting setting,
      CrossValidation.SettingResult r,
      int images,
      boolean patientLevel)
      throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("spec", setting.spec());
    // the data as given: no machine-specific absolute path in shared results
    rec.put("data", req.data().toString());
    rec.put("folds", req.folds());
    rec.put("foldSeed", req.foldSeed());
    rec.put("foldsRun", r.folds().size());
    rec.put("patientLevelFolds", patientLevel);
    rec.put("images", images);
    rec.put("date", Instant.now().toString());
    rec.put("result", r);
    AtomicFiles.writeAtomically(
        req.out().resolve(setting.name() + ".json"), JSON.writeValueAsBytes(rec));
  }

  /**
   * Combines settings already cross-validated into {@code out} (their {@code out/MEMBER.json}) into
   * an ensemble {@code name} that averages their held-out probabilities; writes {@code
   * out/NAME.json}.
   *
   * @param members the settings to combine, at least two, run on the same folds
   * @return the ensemble's result
   * @throws IllegalArgumentException for a missing or foreign member file, or members run on other
   *     folds
   */
  public static CrossValidation.SettingResult ensemble(
      Path out, String name, List<String> members, CrossValidationListener listener)
      throws IOException {
    List<List<CrossValidation.FoldPredictions>> predictions = new ArrayList<>();
    List<double[]> seconds = new ArrayList<>();
    JsonNode first = null;
    for (String m : members) {
      JsonNode rec = readMember(out, m);
      if (first != null) {
        checkSameFolds(rec, first, m, members.get(0));
      }
      first = first == null ? rec : first;
      JsonNode folds = rec.path("result").path("folds");
      List<CrossValidation.FoldPredictions> preds = new ArrayList<>();
      double[] secs = new double[folds.size()];
      for (int f = 0; f < folds.size(); f++) {
        preds.add(foldPredictions(folds.get(f), m, out));
        secs[f] = folds.get(f).path("seconds").asDouble();
      }
      predictions.add(preds);
      seconds.add(secs);
    }
    CrossValidation.SettingResult r = CrossValidation.ensemble(name, predictions, seconds);
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("spec", name + ":" + String.join("+", members));
    rec.put("members", members);
    rec.put("data", first.path("data").asText());
    rec.put("folds", first.path("folds").asInt());
    rec.put("foldSeed", first.path("foldSeed").asLong());
    rec.put("date", Instant.now().toString());
    rec.put("result", r);
    AtomicFiles.writeAtomically(out.resolve(name + ".json"), JSON.writeValueAsBytes(rec));
    listener.settingFinished(r);
    return r;
  }

  /** The result file of ensemble member {@code m}, with at least one fold. */
  private static JsonNode readMember(Path out, String m) {
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
    return rec;
  }

  private static void checkSameFolds(JsonNode rec, JsonNode first, String m, String firstName) {
    if (!rec.path("folds").equals(first.path("folds"))
        || !rec.path("foldSeed").equals(first.path("foldSeed"))) {
      throw new IllegalArgumentException(
          "ensemble member '"
              + m
              + "' was run with other folds ("
              + rec.path("folds")
              + " folds, seed "
              + rec.path("foldSeed")
              + ") than '"
              + firstName
              + "'");
    }
  }

  private static CrossValidation.FoldPredictions foldPredictions(JsonNode fold, String m, Path out)
      throws IOException {
    JsonNode p = fold.path("predictions");
    if (p.isMissingNode() || p.isNull()) {
      throw new IllegalArgumentException(
          "ensemble member '"
              + m
              + "': "
              + out.resolve(m + ".json")
              + " has no held-out"
              + " probabilities (written by an older drtune); cross-validate it again");
    }
    return JSON.treeToValue(p, CrossValidation.FoldPredictions.class);
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
    HeldOut p = HeldOut.load(out, name, tta);
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

  static EvaluationOptions options(int k) {
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
    HeldOut pa = HeldOut.load(out, a, tta);
    HeldOut pb = HeldOut.load(out, b, tta);
    Map<String, Integer> rowOfB = new java.util.HashMap<>();
    for (int i = 0; i < pb.keys().size(); i++) {
      rowOfB.put(pb.keys().get(i), i);
    }
    List<Integer> labels = new ArrayList<>();
    List<float[]> probsA = new ArrayList<>();
    List<float[]> probsB = new ArrayList<>();
    List<String> patientOf = new ArrayList<>();
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
      patientOf.add(pa.patientOf().get(i));
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
    String[] patients = allNamed(patientOf);
    org.drtune.eval.PairedDifference d =
        paired(
            labels.stream().mapToInt(Integer::intValue).toArray(),
            probsA.toArray(float[][]::new),
            probsB.toArray(float[][]::new),
            patients);
    int patientCount =
        patients == null ? 0 : (int) java.util.Arrays.stream(patients).distinct().count();
    return new Comparison(a, b, labels.size(), patientCount, tta, d);
  }

  /**
   * The paired bootstrap difference {@code a - b} over the same cases (clustered by {@code
   * patients} unless null), with the options of {@link #options}.
   */
  static org.drtune.eval.PairedDifference paired(
      int[] labels, float[][] a, float[][] b, String[] patients) {
    EvaluationOptions o = options(a[0].length);
    return org.drtune.internal.eval.Bootstrap.pairedBootstrap(
        labels,
        a,
        b,
        o.bootstrapResamples(),
        o.bootstrapSeed(),
        o.confidenceLevel(),
        patients,
        o.referableMinGrade(),
        o.targetSensitivity(),
        o.targetSpecificity());
  }

  /**
   * {@code out/NAME.json}, the result of a setting cross-validated into {@code out}.
   *
   * @param what how the error names it
   * @throws IllegalArgumentException when it does not exist, saying how to make it
   */
  static Path resultFile(Path out, String name, String what) {
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

  /** The patients as an array, or null when some image names none. */
  static String[] allNamed(List<String> patients) {
    return patients.contains(null) ? null : patients.toArray(String[]::new);
  }

  /**
   * The EyePACS patient of every image, or null when some id is not {@code <patient>_left|right}.
   */
  static String[] patients(FundusDataset all) {
    return TrainValidationSplit.patientsOf(all);
  }
}
