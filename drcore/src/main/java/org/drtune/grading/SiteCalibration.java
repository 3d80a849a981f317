package org.drtune.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.drtune.DatasetException;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.eval.OperatingPoint;
import org.drtune.internal.data.QualityCalibration;
import org.drtune.internal.data.SplitSelection;
import org.drtune.internal.eval.Bootstrap;
import org.drtune.internal.eval.ConformalThreshold;
import org.drtune.internal.eval.PatientPooling;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.internal.model.Digests;
import org.drtune.internal.model.ModelFiles;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.drtune.model.Screening;
import org.drtune.model.SiteSample;
import org.drtune.models.internal.RecordCopy;

/**
 * Re-chooses a model's screening rule on a screening site's own labelled sample, without retraining
 * ({@code drtune calibrate}): the photograph and patient referral thresholds for the target
 * sensitivity on the site's photographs and patients, and, unless asked not to, the quality limits
 * on its photographs. Writes a new model folder: the original's files (its weights pinned by the
 * card's variable checksums, verified when the folder is loaded), whose card holds the new {@link
 * Screening} with the {@link SiteSample} it was chosen on and what it promises there, with
 * patient-level bootstrap intervals.
 *
 * <pre>{@code
 * SiteCalibration.Result r = SiteCalibration.run(Path.of("run/model"), Path.of("site-sample"),
 *     Path.of("model-site"), SiteCalibration.Options.defaults());
 * }</pre>
 */
public final class SiteCalibration {
  private SiteCalibration() {}

  /**
   * How the rule is re-chosen.
   *
   * @param targetSensitivity the sensitivity the thresholds must reach on the sample. Defaults to
   *     {@value Screening#DEFAULT_TARGET_SENSITIVITY}
   * @param recalibrateQuality re-choose the quality limits on the sample's photographs. Defaults to
   *     true
   * @param naming how the sample's photographs name their patients. Defaults to {@link
   *     PatientNaming#EYEPACS}
   * @param resamples bootstrap resamples of the intervals. Defaults to {@value #DEFAULT_RESAMPLES}
   * @param seed seed of the bootstrap and of the quality limits' sample. Defaults to {@value
   *     #DEFAULT_SEED}
   * @param forNewPatients choose each threshold so that the target sensitivity holds, in
   *     expectation, on the site's new patients (split conformal prediction: {@code
   *     ConformalThreshold}); false: the highest threshold whose sensitivity on the sample reaches
   *     the target, which on new patients falls short of it by about one referable case in the
   *     sample. Defaults to true
   */
  public record Options(
      double targetSensitivity,
      boolean recalibrateQuality,
      PatientNaming naming,
      int resamples,
      long seed,
      boolean forNewPatients) {
    /** Default bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;

    /** Default seed. */
    public static final long DEFAULT_SEED = 2024;

    /** Checks the values. */
    public Options {
      if (!(targetSensitivity > 0 && targetSensitivity < 1)) {
        throw new IllegalArgumentException(
            "targetSensitivity must be in (0, 1), got " + targetSensitivity);
      }
      if (resamples < 100) {
        throw new IllegalArgumentException("resamples must be at least 100, got " + resamples);
      }
      naming = naming == null ? PatientNaming.EYEPACS : naming;
    }

    /** The defaults. */
    public static Options defaults() {
      return new Options(
          Screening.DEFAULT_TARGET_SENSITIVITY,
          true,
          PatientNaming.EYEPACS,
          DEFAULT_RESAMPLES,
          DEFAULT_SEED,
          true);
    }

    /** With another target sensitivity. */
    public Options withTargetSensitivity(double t) {
      return RecordCopy.with(this, "targetSensitivity", t);
    }

    /** Re-choosing the quality limits, or keeping the model's. */
    public Options withRecalibratedQuality(boolean on) {
      return RecordCopy.with(this, "recalibrateQuality", on);
    }

    /** Thresholds that keep the target on new patients (true), or that reach it on the sample. */
    public Options withForNewPatients(boolean on) {
      return RecordCopy.with(this, "forNewPatients", on);
    }

    /** With another patient naming. */
    public Options withNaming(PatientNaming n) {
      return RecordCopy.with(this, "naming", n);
    }
  }

  /**
   * The fewest referable cases (photographs, or patients) a sample needs before a threshold keeping
   * {@code targetSensitivity} on new patients can sit above its lowest referable score (9 for
   * 0.90).
   */
  public static int casesNeeded(double targetSensitivity) {
    return ConformalThreshold.casesNeeded(targetSensitivity);
  }

  /**
   * What a calibration produced.
   *
   * @param model the new model folder
   * @param before the screening rule the model had
   * @param after the one re-chosen on the site's sample (its {@code site()} says on what)
   */
  public record Result(Path model, Screening before, Screening after) {}

  /**
   * Calibrates the model in {@code model} on the labelled photographs of {@code siteData} (every
   * photograph of it: a folder of grade folders, a label CSV or an {@code .npz}) and writes the
   * calibrated model to {@code out}, which must not exist yet.
   *
   * @throws IllegalArgumentException when {@code out} exists, or the sample holds no referable or
   *     no non-referable photograph
   * @throws DatasetException when the sample holds no readable photograph
   */
  public static Result run(Path model, Path siteData, Path out, Options options)
      throws IOException {
    if (Files.exists(out)) {
      throw new IllegalArgumentException(
          out + " exists: calibrate writes a new model folder; choose another --out");
    }
    try (DrClassifier c = DrClassifier.load(model)) {
      Sample sample = Sample.grade(c, siteData, options);
      Screening before = c.screening();
      Screening after = rechoose(c, sample, siteData, options, before);
      write(c.modelFolder(), out, after);
      DrClassifier.load(out).close(); // the new folder verifies against its card
      return new Result(out, before, after);
    }
  }

  /** The site's photographs graded with the model, with the gradability the new limits give. */
  private record Sample(
      Grading grading, QualityThresholds quality, boolean[] gradable, LabelScheme scheme) {

    static Sample grade(DrClassifier c, Path data, Options options) throws IOException {
      Grading g = c.classifyData(data, "all", false, ImageProgress.NONE);
      if (g.graded().isEmpty()) {
        throw new DatasetException(data + " holds no readable photograph to calibrate on");
      }
      QualityThresholds quality = c.qualityThresholds();
      if (options.recalibrateQuality()) {
        int k = c.labelScheme().dataClasses(c.modelCard().numClasses());
        quality =
            QualityCalibration.calibrate(
                SplitSelection.open(data, "all", k).dataset(), options.seed());
      }
      boolean[] gradable = new boolean[g.graded().size()];
      for (int i = 0; i < gradable.length; i++) {
        QualityMeasures q = g.graded().get(i).result().quality();
        gradable[i] = q == null || quality.check(q).isEmpty();
      }
      return new Sample(g, quality, gradable, c.labelScheme());
    }

    /** The referable label of photograph {@code i}. */
    boolean positive(int i, int referableFrom) {
      return scheme.labelOf(grading.graded().get(i).label()) >= referableFrom;
    }
  }

  private static Screening rechoose(
      DrClassifier c, Sample s, Path data, Options options, Screening before) throws IOException {
    int from = c.referableFrom();
    EvaluationOptions eo =
        s.scheme().evaluationOptions().withTargetSensitivity(options.targetSensitivity());
    Photos photos = photos(s, from, options.naming());
    OperatingPoint point = chosen(photos.labels(), photos.probabilities(), eo, from, options);
    ConfidenceInterval[] ci =
        Bootstrap.atThreshold(
            photos.positives(),
            photos.scores(),
            point.threshold(),
            photos.patients(),
            options.resamples(),
            options.seed(),
            0.95);
    PatientPooling.Pooling pooled = pool(c, s, options.naming());
    PatientPooling.Table patients = PatientPooling.table(pooled, false, c.modelCard().numClasses());
    Screening.Patients patientRule = null;
    ConfidenceInterval[] pci = {null, null};
    if (pooled.unassigned().isEmpty() && patients.size() >= 2) {
      OperatingPoint pp = chosen(patients.labels(), patients.probabilities(), eo, from, options);
      Screening.Patients was =
          before != null && before.patients() != null
              ? before.patients()
              : new Screening.Patients(
                  Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN);
      patientRule = was.withThreshold(pp, patients.size(), c.otherEyeWeight());
      pci = patientIntervals(patients, pp.threshold(), from, options);
    }
    SiteSample site =
        new SiteSample(
            Instant.now().toString(),
            data.toString(),
            s.grading().graded().size(),
            photos.labels().length,
            patientRule == null ? 0 : pooled.patients().size(),
            gradeCounts(s),
            Digests.sha256(cardFile(c.modelFolder())),
            inherited(c, photos, patients, before),
            ci[0],
            ci[1],
            pci[0],
            pci[1],
            options.recalibrateQuality(),
            options.forNewPatients(),
            referableCases(photos, patients, patientRule != null, from));
    return new Screening(
        point.threshold(),
        options.targetSensitivity(),
        point.sensitivity(),
        point.specificity(),
        s.quality(),
        patientRule,
        site);
  }

  /** The sample's gradable photographs: labels, probabilities, referable scores and patients. */
  private record Photos(
      int[] labels,
      float[][] probabilities,
      boolean[] positives,
      double[] scores,
      String[] patients) {}

  private static Photos photos(Sample s, int from, PatientNaming naming) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < s.gradable().length; i++) {
      if (s.gradable()[i]) {
        idx.add(i);
      }
    }
    if (idx.isEmpty()) {
      throw new IllegalArgumentException(
          "the quality check graded none of the sample's photographs: nothing to calibrate on");
    }
    int n = idx.size();
    int[] labels = new int[n];
    float[][] probs = new float[n][];
    boolean[] positives = new boolean[n];
    double[] scores = new double[n];
    String[] patients = new String[n];
    for (int j = 0; j < n; j++) {
      GradedImage gi = s.grading().graded().get(idx.get(j));
      labels[j] = s.scheme().labelOf(gi.label());
      probs[j] = gi.result().probabilityArray();
      positives[j] = s.positive(idx.get(j), from);
      scores[j] = gi.result().referableProbability();
      patients[j] = naming.identify(gi.id()).map(PatientNaming.Photo::patient).orElse(gi.id());
    }
    return new Photos(labels, probs, positives, scores, patients);
  }

  /**
   * The operating point at the target sensitivity: for new patients ({@link ConformalThreshold}) or
   * on the sample, as {@code options} say.
   *
   * @throws IllegalArgumentException when there is no referable or no non-referable case
   */
  private static OperatingPoint chosen(
      int[] labels, float[][] probs, EvaluationOptions eo, int from, Options options) {
    Evaluation e = Evaluation.of(labels, probs, eo.withBootstrapResamples(0));
    if (e.referable().positives() == 0 || e.referable().negatives() == 0) {
      throw new IllegalArgumentException(
          "the sample needs referable and non-referable cases to choose a threshold, it has "
              + e.referable().positives()
              + " referable and "
              + e.referable().negatives()
              + " others");
    }
    if (!options.forNewPatients()) {
      return e.referable().atTargetSensitivity();
    }
    boolean[] positives = new boolean[labels.length];
    double[] scores = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      positives[i] = labels[i] >= from;
      for (int c = from; c < probs[i].length; c++) {
        scores[i] += probs[i][c];
      }
    }
    double t =
        ConformalThreshold.of(
            java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> positives[i])
                .mapToDouble(i -> scores[i])
                .toArray(),
            java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> !positives[i])
                .mapToDouble(i -> scores[i])
                .toArray(),
            options.targetSensitivity());
    double[] r = rates(positives, scores, OptionalDouble.of(t));
    return new OperatingPoint(t, r[0], r[1]);
  }

  /** Referable photographs of the sample and, when it names patients, referable patients. */
  private static List<Integer> referableCases(
      Photos photos, PatientPooling.Table patients, boolean byPatient, int from) {
    int p = 0;
    for (boolean b : photos.positives()) {
      p += b ? 1 : 0;
    }
    if (!byPatient) {
      return List.of(p);
    }
    return List.of(p, (int) Arrays.stream(patients.labels()).filter(l -> l >= from).count());
  }

  /** The sample's photographs pooled per patient, with the new gradability. */
  private static PatientPooling.Pooling pool(DrClassifier c, Sample s, PatientNaming naming) {
    List<PatientPooling.Photo> photos = new ArrayList<>();
    for (int i = 0; i < s.gradable().length; i++) {
      GradedImage gi = s.grading().graded().get(i);
      DrResult r = gi.result();
      boolean ok = s.gradable()[i];
      photos.add(
          new PatientPooling.Photo(
              gi.id(),
              s.scheme().labelOf(gi.label()),
              ok ? r.probabilityArray() : null,
              ok ? null : "not gradable"));
    }
    return PatientPooling.pool(
        photos, naming::identify, c.referableFrom(), OptionalDouble.empty(), c.otherEyeWeight());
  }

  private static ConfidenceInterval[] patientIntervals(
      PatientPooling.Table t, double threshold, int from, Options options) {
    boolean[] positives = new boolean[t.size()];
    double[] scores = new double[t.size()];
    for (int i = 0; i < t.size(); i++) {
      positives[i] = t.labels()[i] >= from;
      for (int c = from; c < t.probabilities()[i].length; c++) {
        scores[i] += t.probabilities()[i][c];
      }
    }
    return Bootstrap.atThreshold(
        positives, scores, threshold, null, options.resamples(), options.seed(), 0.95);
  }

  /** The previous rule's sensitivity and specificity on the sample. */
  private static SiteSample.Inherited inherited(
      DrClassifier c, Photos photos, PatientPooling.Table patients, Screening before) {
    OptionalDouble t = c.referableThreshold();
    double[] photo = rates(photos.positives(), photos.scores(), t);
    OptionalDouble pt = c.patientReferableThreshold();
    double[] patient = {Double.NaN, Double.NaN};
    if (patients.size() >= 2) {
      int from = c.referableFrom();
      boolean[] pos = new boolean[patients.size()];
      double[] scores = new double[patients.size()];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = patients.labels()[i] >= from;
        for (int k = from; k < patients.probabilities()[i].length; k++) {
          scores[i] += patients.probabilities()[i][k];
        }
      }
      patient = rates(pos, scores, pt);
    }
    return new SiteSample.Inherited(
        t.orElse(Double.NaN),
        photo[0],
        photo[1],
        before != null && before.patients() != null
            ? before.patients().referableThreshold()
            : pt.orElse(Double.NaN),
        patient[0],
        patient[1]);
  }

  /** Sensitivity and specificity of "positive when the score reaches {@code t}". */
  private static double[] rates(boolean[] positives, double[] scores, OptionalDouble t) {
    if (t.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int tp = 0;
    int p = 0;
    int tn = 0;
    int n = 0;
    for (int i = 0; i < positives.length; i++) {
      boolean called = scores[i] >= t.getAsDouble();
      if (positives[i]) {
        p++;
        tp += called ? 1 : 0;
      } else {
        n++;
        tn += called ? 0 : 1;
      }
    }
    return new double[] {
      p == 0 ? Double.NaN : (double) tp / p, n == 0 ? Double.NaN : (double) tn / n
    };
  }

  private static List<Integer> gradeCounts(Sample s) {
    int[] counts = new int[5];
    for (GradedImage gi : s.grading().graded()) {
      if (gi.label() >= 0 && gi.label() < counts.length) {
        counts[gi.label()]++;
      }
    }
    return Arrays.stream(counts).boxed().toList();
  }

  private static Path cardFile(Path modelFolder) {
    return modelFolder.resolve(
        ModelFiles.isEnsemble(modelFolder) ? ModelFiles.ENSEMBLE_CARD : ModelFiles.MODEL_CARD);
  }

  /**
   * Copies the model folder to {@code out} with the card's screening replaced, through a temporary
   * folder renamed into place.
   */
  private static void write(Path modelFolder, Path out, Screening after) throws IOException {
    AtomicFiles.replaceFolder(
        out,
        dir -> {
          AtomicFiles.copyTree(modelFolder, dir);
          if (ModelFiles.isEnsemble(modelFolder)) {
            Path file = dir.resolve(ModelFiles.ENSEMBLE_CARD);
            RecordCopy.with(EnsembleCard.read(file), "screening", after).write(file);
          } else {
            Path file = dir.resolve(ModelFiles.MODEL_CARD);
            RecordCopy.with(ModelCard.read(file), "screening", after).write(file);
          }
        });
  }
}
