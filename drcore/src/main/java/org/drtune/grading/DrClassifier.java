package org.drtune.grading;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.drtune.DatasetException;
import org.drtune.Device;
import org.drtune.ImageLoadException;
import org.drtune.Precision;
import org.drtune.internal.data.EvidenceGeometry;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.FundusQuality;
import org.drtune.internal.data.ImageDecoder;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.SplitSelection;
import org.drtune.internal.eval.PatientPooling;
import org.drtune.internal.model.ModelLoader;
import org.drtune.internal.runtime.Logs;
import org.drtune.internal.runtime.SessionConfig;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.drtune.model.Preprocessing;
import org.drtune.model.Screening;
import org.drtune.models.internal.RecordCopy;
import org.drtune.training.DatasetOptions;
import org.drtune.training.FineTuneJob;
import org.slf4j.Logger;

/**
 * Grades diabetic retinopathy in fundus photographs with a model exported by {@code drtune train}
 * ({@link FineTuneJob}). It repeats the training preprocessing recorded in the model card and, by
 * default, averages the four 90° rotations as {@code drtune predict} does, so the library and the
 * command line give the same probabilities.
 *
 * <p>Photographs are decoded as JPEG or PNG, any bit depth, gray or palette; unreadable, truncated,
 * CMYK and oversized files raise {@link ImageLoadException}, images under 8×8 pixels {@link
 * IllegalArgumentException}. The EXIF orientation tag is ignored: pixels are classified as stored.
 *
 * <p>An ensemble folder written by {@code drtune train} ({@link EnsembleCard}) loads the same way:
 * every member is verified and loaded, and the probabilities are the mean of the members' (after
 * the rotation mean).
 *
 * <p>With the quality check on, every photograph is measured ({@link QualityMeasures}) and, when
 * the model has a feature reference (models trained since it exists), its unrotated pooled features
 * are compared with those of the model's training photographs ({@link
 * QualityMeasures#featureDistance()}, the mean over the members of an ensemble): that is how a
 * picture filling the whole frame is told to be a fundus cropped inside its field of view or not
 * ({@link QualityThresholds#maxFeatureDistance()}).
 *
 * <p>Thread-safe: many threads may classify at once. Closing waits for calls in progress; calls
 * after {@link #close()} fail with {@link IllegalStateException}. Warnings (such as "no GPU
 * visible, running on the CPU") go to the SLF4J logger {@code org.drtune}; nothing is printed.
 *
 * <pre>{@code
 * try (DrClassifier classifier = DrClassifier.load(Path.of("run/model"))) {
 *   DrResult r = classifier.classify(Path.of("fundus.jpeg"));
 *   System.out.println(r.grade().orElseThrow() + " referable=" + r.referable());
 * }
 * }</pre>
 */
public final class DrClassifier implements AutoCloseable {
  private static final Logger LOG = Logs.classify();

  /**
   * Options of a classifier.
   *
   * @param testTimeAugmentation average the probabilities of the four 90° rotations (4× the work;
   *     the eight mirrored and rotated views, 8×, for a model trained with {@code mirrors}, {@link
   *     ModelCard#learntFromMirrors()}). Defaults to true, as {@code drtune predict} and {@code
   *     evaluate} and the cross-validated recipes
   * @param referableGrade lowest grade that counts as referable for a 5-grade model. Defaults to
   *     {@value LabelScheme#REFERABLE_MIN_GRADE}
   * @param batchSize images per session run in {@link #classifyAll}. Defaults to {@value
   *     #DEFAULT_BATCH_SIZE}
   * @param maxImagePixels photographs with more pixels are refused before decoding (decompression
   *     bombs). Defaults to {@value DatasetOptions#DEFAULT_MAX_IMAGE_PIXELS}
   * @param device where TensorFlow runs. Defaults to {@link Device#auto()}
   * @param precision the arithmetic of the network, or null for the one the model was trained in
   *     (its card's {@code training.precision}). Defaults to null
   * @param qualityCheck measure every photograph and refuse those that cannot be graded. Defaults
   *     to true
   * @param quality the quality limits, or null for the model card's. Defaults to null
   * @param referableThreshold refer a photograph whose referable probability is at least this, or
   *     null for the model's threshold (chosen on its validation split). Defaults to null
   * @param patientReferableThreshold refer a patient whose referable probability (the higher eye's)
   *     is at least this, or null for the model's (chosen on its validation patients; the
   *     photograph threshold for a model without one). Defaults to null
   * @param otherEyeWeight the other eye's weight in each photograph's probabilities when patients
   *     are graded (0: the eyes apart), or null for the model's (chosen on its validation
   *     photographs; its patient threshold was chosen at that weight). Defaults to null
   */
  public record Options(
      boolean testTimeAugmentation,
      int referableGrade,
      int batchSize,
      long maxImagePixels,
      Device device,
      Precision precision,
      boolean qualityCheck,
      QualityThresholds quality,
      Double referableThreshold,
      Double patientReferableThreshold,
      Double otherEyeWeight) {
    /** Default batch size of {@link #classifyAll}. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** Validates the options. */
    public Options {
      if (referableGrade < 1 || referableGrade > 4) {
        throw new IllegalArgumentException("referableGrade must be 1..4, got " + referableGrade);
      }
      if (batchSize < 1 || batchSize > 1024) {
        throw new IllegalArgumentException("batchSize must be 1..1024, got " + batchSize);
      }
      if (maxImagePixels < 64) {
        throw new IllegalArgumentException(
            "maxImagePixels must be at least 64, got " + maxImagePixels);
      }
      device = device == null ? Device.auto() : device;
      if (referableThreshold != null && !(referableThreshold >= 0 && referableThreshold <= 1)) {
        throw new IllegalArgumentException(
            "referableThreshold must be in [0, 1], got " + referableThreshold);
      }
      if (patientReferableThreshold != null
          && !(patientReferableThreshold >= 0 && patientReferableThreshold <= 1)) {
        throw new IllegalArgumentException(
            "patientReferableThreshold must be in [0, 1], got " + patientReferableThreshold);
      }
      if (otherEyeWeight != null && !(otherEyeWeight >= 0 && otherEyeWeight < 1)) {
        throw new IllegalArgumentException(
            "otherEyeWeight must be in [0, 1), got " + otherEyeWeight);
      }
    }

    /** The defaults: what {@code drtune predict} uses. */
    public static Options defaults() {
      return new Options(
          true,
          LabelScheme.REFERABLE_MIN_GRADE,
          DEFAULT_BATCH_SIZE,
          DatasetOptions.DEFAULT_MAX_IMAGE_PIXELS,
          Device.auto(),
          null,
          true,
          null,
          null,
          null,
          null);
    }

    /** With test-time augmentation on or off. */
    public Options withTestTimeAugmentation(boolean tta) {
      return RecordCopy.with(this, "testTimeAugmentation", tta);
    }

    /** With another referable grade. */
    public Options withReferableGrade(int grade) {
      return RecordCopy.with(this, "referableGrade", grade);
    }

    /** With another batch size. */
    public Options withBatchSize(int size) {
      return RecordCopy.with(this, "batchSize", size);
    }

    /** With another pixel limit. */
    public Options withMaxImagePixels(long pixels) {
      return RecordCopy.with(this, "maxImagePixels", pixels);
    }

    /** On another device. */
    public Options withDevice(Device d) {
      return RecordCopy.with(this, "device", d);
    }

    /** With the quality check on or off. */
    public Options withQualityCheck(boolean on) {
      return RecordCopy.with(this, "qualityCheck", on);
    }

    /** With other quality limits (null: the model card's). */
    public Options withQualityThresholds(QualityThresholds q) {
      return RecordCopy.with(this, "quality", q);
    }

    /** With another referral threshold on the referable probability (null: the model card's). */
    public Options withReferableThreshold(Double t) {
      return RecordCopy.with(this, "referableThreshold", t);
    }

    /**
     * With another patient-level referral threshold on a patient's referable probability (null: the
     * model's, chosen on its validation patients).
     */
    public Options withPatientReferableThreshold(Double t) {
      return RecordCopy.with(this, "patientReferableThreshold", t);
    }

    /**
     * With another weight of the other eye when patients are graded (0: the eyes apart; null: the
     * model's).
     */
    public Options withOtherEyeWeight(Double w) {
      return RecordCopy.with(this, "otherEyeWeight", w);
    }

    /** In another precision (null: the model's). */
    public Options withPrecision(Precision p) {
      return RecordCopy.with(this, "precision", p);
    }
  }

  private final ModelLoader.LoadedFolder folder;
  private final List<ModelLoader.Loaded> members;
  private final ModelCard card;
  private final Options options;
  private final Preprocessing preprocessing;
  private final ImageDecoder decoder;
  private final Inference inference;
  private final ReferralRule referral;

  private DrClassifier(ModelLoader.LoadedFolder folder, Options options) {
    this.folder = folder;
    this.members = folder.members();
    this.card = members.get(0).card();
    this.options = options;
    this.preprocessing = card.preprocessing();
    this.decoder = ImageDecoder.defaults().withMaxPixels(options.maxImagePixels());
    this.inference =
        new Inference(members, preprocessing, card.numClasses(), options.testTimeAugmentation());
    this.referral =
        new ReferralRule(card.labelScheme(), options.referableGrade(), referableThreshold());
  }

  /** Loads a model with the default options; see {@link #load(Path, Options)}. */
  public static DrClassifier load(Path modelDir) throws IOException {
    return load(modelDir, Options.defaults());
  }

  /**
   * Loads a model folder written by {@code drtune train}: {@code RUN_DIR/model} (or the run folder
   * itself). An ensemble folder ({@code ensemble.json} with {@code member-N/} model folders) loads
   * every member; the classifier then averages their probabilities.
   *
   * @throws ModelLoadException when the folder is missing, incomplete or does not match its model
   *     card (class count, or the sha256 of any variable the card lists), or an ensemble's members
   *     do not match its card or each other
   */
  public static DrClassifier load(Path modelDir, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    DrClassifier c =
        new DrClassifier(
            ModelLoader.load(
                modelDir,
                card ->
                    SessionConfig.configProto(
                        options.device(),
                        options.precision() != null ? options.precision() : card.precision(),
                        LOG::warn)),
            options);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "loaded {} ({} member(s), {} on {}, {} classes, {}x{} input) from {}: device {},"
              + " precision {}, test-time augmentation {}, quality check {}, referable threshold"
              + " {}",
          c.ensembleCard().isPresent() ? "an ensemble" : "a model",
          c.ensembleSize(),
          c.card.strategy(),
          c.card.backbone(),
          c.card.numClasses(),
          c.preprocessing.inputSize(),
          c.preprocessing.inputSize(),
          c.modelFolder(),
          options.device(),
          c.precision(),
          options.testTimeAugmentation(),
          options.qualityCheck(),
          c.referableThreshold().isPresent() ? c.referableThreshold().getAsDouble() : "none");
    }
    return c;
  }

  /** The model card of the loaded model (of the first member, for an ensemble). */
  public ModelCard modelCard() {
    return card;
  }

  /** The model cards of all members: one for a single model. */
  public List<ModelCard> memberCards() {
    return members.stream().map(ModelLoader.Loaded::card).toList();
  }

  /** Number of models whose probabilities are averaged: 1 unless an ensemble folder was loaded. */
  public int ensembleSize() {
    return members.size();
  }

  /** The ensemble card, when an ensemble folder was loaded. */
  public Optional<EnsembleCard> ensembleCard() {
    return Optional.ofNullable(folder.ensembleCard());
  }

  /** The model folder that was loaded. */
  public Path modelFolder() {
    return folder.folder();
  }

  /**
   * The precision the network runs in here (after the fall-back to fp32 where bf16 is unavailable).
   */
  public Precision precision() {
    Precision asked = options.precision() != null ? options.precision() : card.precision();
    return SessionConfig.effective(options.device(), asked);
  }

  /** What the model's outputs mean. */
  public LabelScheme labelScheme() {
    return card.labelScheme();
  }

  /** The options. */
  public Options options() {
    return options;
  }

  /**
   * Classifies a photograph file (JPEG or PNG).
   *
   * @throws ImageLoadException when the file cannot be read as an image (the message says why)
   */
  public DrResult classify(Path image) throws IOException {
    return classify(decoder.decode(image));
  }

  /**
   * Classifies an encoded photograph (JPEG or PNG bytes).
   *
   * @throws ImageLoadException when the bytes are not a readable image
   */
  public DrResult classify(byte[] encodedImage) throws IOException {
    Objects.requireNonNull(encodedImage, "encodedImage");
    return classify(decoder.decode(encodedImage, "image bytes"));
  }

  /** Classifies a decoded photograph. */
  public DrResult classify(BufferedImage image) {
    return classifyAll(List.of(image)).get(0);
  }

  /**
   * Classifies many decoded photographs, in batches of {@link Options#batchSize()}; results in
   * input order.
   */
  public List<DrResult> classifyAll(List<BufferedImage> images) {
    Objects.requireNonNull(images, "images");
    for (int i = 0; i < images.size(); i++) {
      checkSize(images.get(i), i);
    }
    List<DrResult> out = new ArrayList<>(images.size());
    long t0 = System.nanoTime();
    for (int start = 0; start < images.size(); start += options.batchSize()) {
      out.addAll(
          classifyBatch(
              images.subList(start, Math.min(images.size(), start + options.batchSize()))));
    }
    LOG.debug(
        "classified {} photograph(s) in {} ms",
        images.size(),
        (System.nanoTime() - t0) / 1_000_000);
    return out;
  }

  /**
   * Classifies a photograph file and says where the evidence for referable DR lies in it; see
   * {@link #explain(BufferedImage)}.
   *
   * @throws ImageLoadException when the file cannot be read as an image (the message says why)
   * @throws UnsupportedOperationException when the model cannot give a map (the message says why)
   */
  public EvidenceMap explain(Path image) throws IOException {
    return explain(decoder.decode(image));
  }

  /**
   * Classifies a photograph and says where the evidence for referable DR lies in it: the class
   * activation map of the referable log-odds ({@link EvidenceMap}), at the photograph's resolution,
   * 0 outside its field of view, averaged over the views of test-time augmentation and the members
   * of an ensemble as the probabilities are. Only this method computes maps: {@link #classify} and
   * the batch methods never fetch the feature map nor read the head's weights.
   *
   * <p>Costs one run per member over all views at once, fetching the pre-pool feature map with the
   * probabilities, plus a weighted sum over the feature grid and the interpolation in Java; a
   * photograph that fills the frame, with the quality check on, is run once more for its feature
   * distance, as {@link #classify} runs it.
   *
   * @throws UnsupportedOperationException when the model's head does not average a spatial feature
   *     map (the message says why and what to do)
   */
  public EvidenceMap explain(BufferedImage image) {
    checkSize(image, 0);
    QualityMeasures q = options.qualityCheck() ? FundusQuality.measure(image) : null;
    if (q != null && q.fieldOfView() > qualityThresholds().maxFieldOfView()) {
      double[] distance = {Double.NaN};
      inference.probabilities(List.of(image), new boolean[] {true}, distance);
      q = Double.isNaN(distance[0]) ? q : q.withFeatureDistance(distance[0]);
    }
    Inference.Explained e = inference.explain(image, referableFrom());
    DrResult result = referral.result(e.probabilities(), q, q == null ? null : qualityThresholds());
    int w = image.getWidth();
    int h = image.getHeight();
    double[] region = Preprocessor.inputRegion(preprocessing, image);
    boolean[] fieldOfView = FundusQuality.fieldOfViewMask(image);
    float[] values = new float[w * h];
    for (int m = 0; m < e.grids().length; m++) {
      float[] member =
          EvidenceGeometry.toPhoto(e.grids()[m], e.sides()[m], region, w, h, fieldOfView);
      for (int i = 0; i < values.length; i++) {
        values[i] += member[i] / e.grids().length;
      }
    }
    return new EvidenceMap(
        w,
        h,
        values,
        result,
        e.heads()[0].featureNode(),
        e.sides()[0],
        e.views(),
        e.grids().length);
  }

  private void checkSize(BufferedImage im, int i) {
    if (im == null) {
      throw new IllegalArgumentException("image " + i + " is null");
    }
    if (im.getWidth() < 8 || im.getHeight() < 8) {
      throw new IllegalArgumentException(
          "image "
              + i
              + " is "
              + im.getWidth()
              + "x"
              + im.getHeight()
              + " pixels: a fundus photograph needs at least 8x8 ("
              + preprocessing.inputSize()
              + "x"
              + preprocessing.inputSize()
              + " or more is best)");
    }
  }

  /**
   * One batch: the quality measures of every photograph (with the quality check on), the
   * probabilities, the feature distance of the pictures that fill the frame (only those need it),
   * and the referral rule's result.
   */
  private List<DrResult> classifyBatch(List<BufferedImage> part) {
    QualityMeasures[] measured = new QualityMeasures[part.size()];
    if (options.qualityCheck()) {
      IntStream.range(0, part.size())
          .parallel()
          .forEach(i -> measured[i] = FundusQuality.measure(part.get(i)));
    }
    double[] distance = new double[part.size()];
    Arrays.fill(distance, Double.NaN);
    QualityThresholds limits = options.qualityCheck() ? qualityThresholds() : null;
    boolean[] wanted = new boolean[part.size()];
    boolean any = false;
    for (int i = 0; i < part.size(); i++) {
      wanted[i] = limits != null && measured[i].fieldOfView() > limits.maxFieldOfView();
      any |= wanted[i];
    }
    float[][] probs = inference.probabilities(part, any ? wanted : null, distance);
    List<DrResult> out = new ArrayList<>(part.size());
    for (int i = 0; i < probs.length; i++) {
      QualityMeasures q = measured[i];
      if (q != null && !Double.isNaN(distance[i])) {
        q = q.withFeatureDistance(distance[i]);
      }
      out.add(referral.result(probs[i], q, q == null ? null : qualityThresholds()));
    }
    return out;
  }

  /** The quality limits in force: the options', else the model card's, else the defaults. */
  public QualityThresholds qualityThresholds() {
    if (options.quality() != null) {
      return options.quality();
    }
    Screening s = screening();
    return s == null ? QualityThresholds.defaults() : s.quality();
  }

  /**
   * The referral threshold on the referable probability in force: the options', else the model's
   * (chosen on validation data), else empty (the predicted grade decides).
   */
  public OptionalDouble referableThreshold() {
    if (options.referableThreshold() != null) {
      return OptionalDouble.of(options.referableThreshold());
    }
    Screening s = screening();
    return s == null || Double.isNaN(s.referableThreshold())
        ? OptionalDouble.empty()
        : OptionalDouble.of(s.referableThreshold());
  }

  /**
   * The patient-level referral threshold in force: the options', else the model's (chosen on its
   * validation patients), else the photograph threshold ({@link #referableThreshold()}).
   */
  public OptionalDouble patientReferableThreshold() {
    if (options.patientReferableThreshold() != null) {
      return OptionalDouble.of(options.patientReferableThreshold());
    }
    Screening s = screening();
    if (s != null && s.patients() != null && !Double.isNaN(s.patients().referableThreshold())) {
      return OptionalDouble.of(s.patients().referableThreshold());
    }
    return referableThreshold();
  }

  /**
   * The photographs of {@code g} graded per patient: each eye's probabilities are the mean of its
   * gradable photographs', the patient's grade is the worse eye's, and the patient is referred when
   * the higher eye's referable probability reaches {@link #patientReferableThreshold()} or an eye
   * could not be graded.
   *
   * @param naming how the photographs' ids name their patient and eye (e.g. {@link
   *     PatientNaming#EYEPACS})
   */
  public PatientGrading byPatient(Grading g, PatientNaming naming) {
    return PatientGrading.pool(g, naming, referableFrom(), patientRule(), otherEyeWeight());
  }

  /** The photographs of {@code g} pooled per patient, with each patient's true label. */
  private PatientPooling.Pooling pool(Grading g, PatientNaming naming) {
    LabelScheme scheme = card.labelScheme();
    List<PatientPooling.Photo> photos = new ArrayList<>(g.graded().size());
    for (GradedImage gi : g.graded()) {
      DrResult r = gi.result();
      photos.add(
          new PatientPooling.Photo(
              gi.id(),
              gi.label() < 0 ? -1 : scheme.labelOf(gi.label()),
              r.gradable() ? r.probabilityArray() : null,
              r.gradable() ? null : r.ungradable().id()));
    }
    return PatientPooling.pool(
        photos, naming::identify, referableFrom(), patientRule(), otherEyeWeight());
  }

  /**
   * Grades one patient from photograph files of each eye (one or more each; an eye may have none),
   * as {@link #byPatient} does.
   *
   * @throws ImageLoadException when a photograph cannot be read
   * @throws IllegalArgumentException when no photograph is given
   */
  public PatientResult classifyPatient(String patient, Map<Eye, List<Path>> photographs)
      throws IOException {
    Map<Eye, List<PatientPooling.Photo>> eyes = new EnumMap<>(Eye.class);
    for (Map.Entry<Eye, List<Path>> e : photographs.entrySet()) {
      List<PatientPooling.Photo> photos = new ArrayList<>();
      for (Path file : e.getValue()) {
        DrResult r = classify(file);
        photos.add(
            new PatientPooling.Photo(
                file.toString(),
                -1,
                r.gradable() ? r.probabilityArray() : null,
                r.gradable() ? null : r.ungradable().id()));
      }
      eyes.put(e.getKey(), photos);
    }
    return PatientPooling.patient(patient, eyes, referableFrom(), patientRule(), otherEyeWeight())
        .result();
  }

  /**
   * The patient threshold where it applies: for a referable model, and for a 5-grade model whose
   * referable grades are the ones it was chosen for (else the worse eye's grade decides).
   */
  private OptionalDouble patientRule() {
    boolean applies =
        card.labelScheme() == LabelScheme.REFERABLE
            || options.referableGrade() == LabelScheme.REFERABLE_MIN_GRADE;
    return applies ? patientReferableThreshold() : OptionalDouble.empty();
  }

  /**
   * The other eye's weight in each photograph's probabilities when patients are graded: the
   * options', else the model's (chosen on its validation photographs), 0 for models without one.
   */
  public double otherEyeWeight() {
    if (options.otherEyeWeight() != null) {
      return options.otherEyeWeight();
    }
    Screening s = screening();
    return s == null || s.patients() == null ? 0 : s.patients().otherEyeWeight();
  }

  /** The first referable class of this model's outputs. */
  int referableFrom() {
    LabelScheme scheme = card.labelScheme();
    return scheme == LabelScheme.REFERABLE ? scheme.referableMinClass() : options.referableGrade();
  }

  /**
   * The screening recorded at training: the ensemble card's for an ensemble, else the model card's.
   */
  Screening screening() {
    return folder.ensembleCard() != null ? folder.ensembleCard().screening() : card.screening();
  }

  /**
   * Grades photograph files in batches, decoding each once. Unreadable files (and images under 8×8
   * pixels) are left out and listed in {@link Grading#skipped()}, or, with {@code strict}, stop the
   * run with their {@link ImageLoadException}.
   *
   * @param files the photographs; their paths as given become the ids
   * @throws ImageLoadException with {@code strict}, for the first unreadable file
   */
  public Grading classifyFiles(List<Path> files, boolean strict, ImageProgress progress)
      throws ImageLoadException {
    return grade(
        new BatchGrading.Source(
            files.size(),
            i -> files.get(i).toString(),
            i -> -1,
            i -> decoder.decode(files.get(i)),
            "files",
            null),
        strict,
        progress);
  }

  /**
   * Grades encoded photographs (JPEG or PNG bytes, such as the {@code content} column of Spark's
   * {@code binaryFile} source) in batches, decoding each once. A null or unreadable entry is left
   * out and listed in {@link Grading#skipped()} with the reason; nothing stops the run.
   *
   * @param ids one id per photograph (a path or a key); they become the results' ids
   * @param contents the encoded photographs, in the order of {@code ids}
   * @throws IllegalArgumentException when the lists differ in length
   */
  public Grading classifyEncoded(List<String> ids, List<byte[]> contents, ImageProgress progress) {
    if (ids.size() != contents.size()) {
      throw new IllegalArgumentException(
          ids.size() + " ids for " + contents.size() + " photographs: give one id per photograph");
    }
    BatchGrading.Loader loader =
        i -> {
          byte[] b = contents.get(i);
          if (b == null) {
            throw new ImageLoadException(ids.get(i), "it has no content");
          }
          return decoder.decode(b, ids.get(i));
        };
    try {
      return grade(
          new BatchGrading.Source(ids.size(), ids::get, i -> -1, loader, "bytes", null),
          false,
          progress);
    } catch (ImageLoadException e) {
      throw new IllegalStateException("not strict, yet stopped at " + e.getMessage(), e);
    }
  }

  /**
   * Grades a split of labelled data: a MedMNIST {@code .npz}, a folder of grade folders or a label
   * CSV.
   *
   * @param split {@code train}, {@code val} or {@code test}; null for the default (the test split,
   *     or the only split of a one-split {@code .npz}, or the validation split of data without a
   *     test split)
   * @throws IllegalArgumentException when the data has no such split (the message lists those it
   *     has)
   * @throws ImageLoadException with {@code strict}, for the first unreadable photograph
   */
  public Grading classifyData(Path data, String split, boolean strict, ImageProgress progress)
      throws IOException {
    SplitSelection sel =
        SplitSelection.open(data, split, card.labelScheme().dataClasses(card.numClasses()));
    FundusDataset d = sel.dataset();
    return grade(
        new BatchGrading.Source(
            d.size(), d::id, d::label, d::load, sel.split() + " split of " + data, sel.note()),
        strict,
        progress);
  }

  /**
   * The metrics of this model on a split of labelled data, exactly as {@code drtune evaluate}
   * reports them: accuracy, mean AUC, quadratic kappa, referable-DR operating points with bootstrap
   * intervals and the confusion matrix, over the photographs that could be read.
   *
   * @param split as in {@link #classifyData}
   * @throws IllegalArgumentException when the data has no such split
   * @throws DatasetException when the split holds no readable photograph
   */
  public DataEvaluation evaluate(Path data, String split, boolean strict, ImageProgress progress)
      throws IOException {
    return evaluate(data, split, strict, progress, PatientNaming.EYEPACS);
  }

  /**
   * As {@link #evaluate(Path, String, boolean, ImageProgress)}, with patient-level metrics for the
   * patients {@code naming} finds in the photographs' ids.
   */
  public DataEvaluation evaluate(
      Path data, String split, boolean strict, ImageProgress progress, PatientNaming naming)
      throws IOException {
    Grading g = classifyData(data, split, strict, progress);
    return GradingEvaluation.of(
        g,
        new GradingEvaluation.Patients(pool(g, naming), naming, patientRule(), otherEyeWeight()),
        data,
        modelFolder(),
        ensembleSize(),
        options.testTimeAugmentation(),
        card.numClasses(),
        referableThreshold());
  }

  private Grading grade(BatchGrading.Source source, boolean strict, ImageProgress progress)
      throws ImageLoadException {
    return BatchGrading.grade(
        source, options.batchSize(), strict, progress, card.labelScheme(), this::classifyAll);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return inference.isClosed();
  }

  /** Waits for calls in progress, then frees the native model. Idempotent. */
  @Override
  public void close() {
    inference.close();
  }
}
