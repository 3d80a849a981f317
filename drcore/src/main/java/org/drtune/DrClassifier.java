package org.drtune;

import org.drtune.internal.train.SessionConfig;
import org.drtune.internal.data.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.drtune.internal.data.ImageDecoder;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.train.FineTuner;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * Grades diabetic retinopathy in fundus photographs with a model exported by {@code drtune train}
 * ({@link FineTuneJob}). It repeats the training preprocessing recorded in the model card.
 *
 * <p>Photographs are decoded by {@link ImageDecoder}: JPEG and PNG, any bit depth, gray or palette; unreadable,
 * truncated, CMYK and oversized files raise {@link org.drtune.ImageLoadException}, images under 8×8 pixels
 * {@link IllegalArgumentException}. The EXIF orientation tag is ignored: pixels are classified as stored.
 *
 * <p>An ensemble folder written by {@code drtune train --ensemble N} ({@link EnsembleCard}) loads the same way: every
 * member is verified and loaded, and the probabilities are the mean of the members' (after the rotation mean when
 * test-time augmentation is on).
 *
 * <p>Thread-safe: many threads may classify at once. Closing waits for calls in progress; calls after
 * {@link #close()} fail with {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (DrClassifier classifier = DrClassifier.load(Path.of("run/model"))) {
 *   DrResult r = classifier.classify(Path.of("fundus.jpeg"));
 *   System.out.println(r.grade().orElseThrow() + " referable=" + r.referable());
 * }
 * }</pre>
 */
public final class DrClassifier implements AutoCloseable {

  /**
   * Options of a classifier.
   *
   * @param testTimeAugmentation average the probabilities of the four 90° rotations. Defaults to false
   * @param referableGrade lowest grade that counts as referable. Defaults to {@value #DEFAULT_REFERABLE_GRADE}
   * @param batchSize images per session run in {@link #classifyAll}. Defaults to {@value #DEFAULT_BATCH_SIZE}
   * @param decoder how photographs are decoded (pixel limit against decompression bombs)
   * @param device where TensorFlow runs. Defaults to {@link Device#auto()}
   * @param warnings receives one-line warnings (such as "no GPU visible, running on the CPU"). Defaults to stderr
   */
  public record Options(boolean testTimeAugmentation, int referableGrade, int batchSize, ImageDecoder decoder,
      Device device, java.util.function.Consumer<String> warnings) {
    /** Default referable grade: moderate NPDR. */
    public static final int DEFAULT_REFERABLE_GRADE = 2;
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
      Objects.requireNonNull(decoder, "decoder");
      device = device == null ? Device.auto() : device;
      warnings = warnings == null ? System.err::println : warnings;
    }

    /** The defaults. */
    public static Options defaults() {
      return new Options(false, DEFAULT_REFERABLE_GRADE, DEFAULT_BATCH_SIZE, ImageDecoder.defaults(), Device.auto(),
          null);
    }

    /** With test-time augmentation on or off. */
    public Options withTestTimeAugmentation(boolean tta) {
      return new Options(tta, referableGrade, batchSize, decoder, device, warnings);
    }

    /** With another referable grade. */
    public Options withReferableGrade(int grade) {
      return new Options(testTimeAugmentation, grade, batchSize, decoder, device, warnings);
    }

    /** With another batch size. */
    public Options withBatchSize(int size) {
      return new Options(testTimeAugmentation, referableGrade, size, decoder, device, warnings);
    }

    /** On another device. */
    public Options withDevice(Device d) {
      return new Options(testTimeAugmentation, referableGrade, batchSize, decoder, d, warnings);
    }

    /** With another receiver of warnings. */
    public Options withWarnings(java.util.function.Consumer<String> w) {
      return new Options(testTimeAugmentation, referableGrade, batchSize, decoder, device, w);
    }
  }

  /** One loaded SavedModel with its card and serving tensor names. */
  private record Member(SavedModelBundle bundle, ModelCard card, String inputName, String probabilitiesName) {}

  private final List<Member> members;
  private final ModelCard card;
  private final EnsembleCard ensembleCard;
  private final Options options;
  private final Preprocessing preprocessing;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private DrClassifier(List<Member> members, EnsembleCard ensembleCard, Options options) {
    this.members = List.copyOf(members);
    this.card = members.get(0).card();
    this.ensembleCard = ensembleCard;
    this.options = options;
    this.preprocessing = card.preprocessing();
  }

  /** Loads a model with the default options; see {@link #load(Path, Options)}. */
  public static DrClassifier load(Path modelDir) throws IOException {
    return load(modelDir, Options.defaults());
  }

  /**
   * Loads a model folder written by {@code drtune train}: {@code RUN_DIR/model} (or the run folder itself). An
   * ensemble folder ({@code ensemble.json} with {@code member-N/} model folders, written by {@code drtune train
   * --ensemble N}) loads every member; the classifier then averages their probabilities.
   *
   * @throws ModelLoadException when the folder is missing, incomplete or does not match its model card (class
   *     count, or the sha256 of any variable the card lists), or an ensemble's members do not match its card or
   *     each other
   */
  public static DrClassifier load(Path modelDir, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    Path dir = modelDir;
    if (!Files.exists(dir.resolve("saved_model.pb")) && Files.isDirectory(dir.resolve(FineTuneJob.MODEL_DIR))) {
      // a run folder (its ensemble.json is a copy of model/ensemble.json)
      dir = dir.resolve(FineTuneJob.MODEL_DIR);
    }
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model folder " + modelDir + " does not exist: pass the model/ folder written by"
          + " drtune train");
    }
    if (Files.isRegularFile(dir.resolve(EnsembleCard.FILE_NAME))) {
      return loadEnsemble(dir, options);
    }
    return new DrClassifier(List.of(loadMember(dir, options)), null, options);
  }

  private static DrClassifier loadEnsemble(Path dir, Options options) throws IOException {
    EnsembleCard ens;
    try {
      ens = EnsembleCard.read(dir.resolve(EnsembleCard.FILE_NAME));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the ensemble card of " + dir + ": " + e.getMessage(), e);
    }
    List<Member> loaded = new ArrayList<>();
    try {
      for (EnsembleCard.Member m : ens.members()) {
        Path md = dir.resolve(m.folder());
        Path cardFile = md.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(cardFile)) {
          throw new ModelLoadException("ensemble member " + m.folder() + " of " + dir + " is missing: the folder is"
              + " incomplete; export the ensemble again with drtune train --ensemble");
        }
        String sha = EnsembleCard.sha256(cardFile);
        if (!sha.equals(m.modelCardSha256())) {
          throw new ModelLoadException("the model card of ensemble member " + m.folder() + " in " + dir + " is not"
              + " the one the ensemble card pins (sha256 " + sha + ", expected " + m.modelCardSha256() + "): the"
              + " member was replaced or altered; export the ensemble again");
        }
        Member member = loadMember(md, options);
        loaded.add(member);
        ModelCard first = loaded.get(0).card();
        ModelCard c = member.card();
        if (!c.classes().equals(first.classes()) || !Objects.equals(c.labelScheme(), first.labelScheme())
            || !c.preprocessing().equals(first.preprocessing())) {
          throw new ModelLoadException("ensemble member " + m.folder() + " of " + dir + " has other classes, label"
              + " scheme or preprocessing than " + ens.members().get(0).folder() + ": members must share them");
        }
      }
      if (!ens.classes().isEmpty() && !ens.classes().equals(loaded.get(0).card().classes())) {
        throw new ModelLoadException("the ensemble card of " + dir + " names classes " + ens.classes() + " but its"
            + " members have " + loaded.get(0).card().classes() + ": export the ensemble again");
      }
      return new DrClassifier(loaded, ens, options);
    } catch (IOException | RuntimeException e) {
      loaded.forEach(m -> m.bundle().close());
      throw e;
    }
  }

  private static Member loadMember(Path dir, Options options) throws IOException {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new ModelLoadException(dir + " holds no saved_model.pb: it is not a drtune model folder, or the export"
          + " was interrupted; export it again with drtune train");
    }
    ModelCard card;
    try {
      card = ModelCard.read(dir.resolve(ModelCard.FILE_NAME));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the model card of " + dir + ": " + e.getMessage(), e);
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
          .withConfigProto(SessionConfig.configProto(options.device(), options.warnings())).load();
    } catch (RuntimeException e) {
      throw new ModelLoadException("cannot load the SavedModel in " + dir + " (" + e.getMessage()
          + "): the folder is damaged; export the model again", e);
    }
    try {
      SignatureDef sig = bundle.metaGraphDef().getSignatureDefOrThrow(FineTuner.SERVING_KEY);
      String in = sig.getInputsOrThrow(FineTuner.SIGNATURE_INPUT).getName();
      String probs = sig.getOutputsOrThrow(FineTuner.SIGNATURE_PROBABILITIES).getName();
      long k = bundle.graph().outputOrThrow(probs).shape().get(1);
      if (k != card.numClasses()) {
        throw new ModelLoadException("the model card of " + dir + " names " + card.numClasses() + " classes but the"
            + " SavedModel outputs " + k + ": the card belongs to another model; export the model again");
      }
      verifyVariables(bundle, card, dir);
      return new Member(bundle, card, in, probs);
    } catch (ModelLoadException e) {
      bundle.close();
      throw e;
    } catch (RuntimeException e) {
      bundle.close();
      throw new ModelLoadException("the SavedModel in " + dir + " has no drtune serving signature ("
          + e.getMessage() + "): it was not exported by drtune", e);
    }
  }

  /**
   * Checks every variable listed by the card (frozen and trained) against the SavedModel's restored values, so that
   * a card copied from another model, altered weights, or a model whose {@code variables/} could not be restored
   * (TensorFlow loads a SavedModel without {@code variables.index} and leaves its variables uninitialised) fail here
   * rather than at the first classification or, worse, with silently wrong preprocessing.
   */
  private static void verifyVariables(SavedModelBundle bundle, ModelCard card, Path dir) throws ModelLoadException {
    java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
    if (card.frozenVariables() != null) {
      expected.putAll(card.frozenVariables());
    }
    if (card.trainableVariables() != null) {
      expected.putAll(card.trainableVariables());
    }
    for (java.util.Map.Entry<String, String> e : expected.entrySet()) {
      String name = e.getKey();
      if (bundle.graph().operation(name) == null) {
        throw new ModelLoadException("the model card of " + dir + " lists variable " + name + ", which the SavedModel"
            + " does not have: the card belongs to another model; export the model again");
      }
      float[] values;
      try (Result r = bundle.session().runner().fetch(name).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
      } catch (RuntimeException ex) {
        throw new ModelLoadException("cannot read variable " + name + " of the SavedModel in " + dir + " ("
            + ex.getMessage() + "): its variables/ folder is missing or damaged; export the model again", ex);
      }
      String actual = FineTuner.sha256(values);
      if (!actual.equals(e.getValue())) {
        throw new ModelLoadException("variable " + name + " of the SavedModel in " + dir + " does not match its"
            + " model card (sha256 " + actual + ", the card says " + e.getValue() + "): the card belongs to another"
            + " model or the weights were altered; export the model again");
      }
    }
  }

  /** The model card of the loaded model (of the first member, for an ensemble). */
  public ModelCard modelCard() {
    return card;
  }

  /** The model cards of all members: one for a single model. */
  public List<ModelCard> memberCards() {
    return members.stream().map(Member::card).toList();
  }

  /** Number of models whose probabilities are averaged: 1 unless an ensemble folder was loaded. */
  public int ensembleSize() {
    return members.size();
  }

  /** The ensemble card, when an ensemble folder was loaded. */
  public java.util.Optional<EnsembleCard> ensembleCard() {
    return java.util.Optional.ofNullable(ensembleCard);
  }

  /** The options. */
  public Options options() {
    return options;
  }

  /**
   * Classifies a photograph file (JPEG or PNG).
   *
   * @throws org.drtune.ImageLoadException when the file cannot be read as an image (the message says why)
   */
  public DrResult classify(Path image) throws IOException {
    return classify(options.decoder().decode(image));
  }

  /**
   * Classifies an encoded photograph (JPEG or PNG bytes).
   *
   * @throws org.drtune.ImageLoadException when the bytes are not a readable image
   */
  public DrResult classify(byte[] encodedImage) throws IOException {
    Objects.requireNonNull(encodedImage, "encodedImage");
    return classify(options.decoder().decode(encodedImage, "image bytes"));
  }

  /** Classifies a decoded photograph. */
  public DrResult classify(BufferedImage image) {
    return classifyAll(List.of(image)).get(0);
  }

  /** Classifies many decoded photographs, in batches of {@link Options#batchSize()}; results in input order. */
  public List<DrResult> classifyAll(List<BufferedImage> images) {
    Objects.requireNonNull(images, "images");
    for (int i = 0; i < images.size(); i++) {
      BufferedImage im = images.get(i);
      if (im == null) {
        throw new IllegalArgumentException("image " + i + " is null");
      }
      if (im.getWidth() < 8 || im.getHeight() < 8) {
        throw new IllegalArgumentException("image " + i + " is " + im.getWidth() + "x" + im.getHeight()
            + " pixels: a fundus photograph needs at least 8x8 (" + preprocessing.inputSize() + "x"
            + preprocessing.inputSize() + " or more is best)");
      }
    }
    List<DrResult> out = new ArrayList<>(images.size());
    for (int start = 0; start < images.size(); start += options.batchSize()) {
      List<BufferedImage> part = images.subList(start, Math.min(images.size(), start + options.batchSize()));
      float[][] probs = probabilities(part);
      for (float[] p : probs) {
        out.add(result(p));
      }
    }
    return out;
  }

  /** Probabilities (averaged over rotations with test-time augmentation, and over ensemble members) of a batch. */
  private float[][] probabilities(List<BufferedImage> batch) {
    int n = batch.size();
    int s = preprocessing.inputSize();
    int per = preprocessing.valuesPerImage();
    int k = card.numClasses();
    Rotation[] rotations = options.testTimeAugmentation() ? Rotation.values() : new Rotation[] {Rotation.R0};
    float[][] mean = new float[n][k];
    float[] pixels = new float[n * per];
    for (Rotation r : rotations) {
      // TensorFlow waits while the batch is prepared: spread the images over the cores (each writes its own slice)
      java.util.stream.IntStream.range(0, n).parallel()
          .forEach(i -> Preprocessor.write(preprocessing, batch.get(i), r, pixels, i * per));
      float[] flat = new float[n * k];
      lock.readLock().lock();
      try {
        if (closed) {
          throw new IllegalStateException("DrClassifier is closed");
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, s, s, 3), DataBuffers.of(pixels, true, false))) {
          for (Member m : members) {
            try (Result res = m.bundle().session().runner().feed(m.inputName(), x).fetch(m.probabilitiesName())
                .run()) {
              ((TFloat32) res.get(0)).copyTo(DataBuffers.of(flat, false, false));
            }
            for (int i = 0; i < n; i++) {
              for (int c = 0; c < k; c++) {
                mean[i][c] += flat[i * k + c] / (rotations.length * members.size());
              }
            }
          }
        }
      } finally {
        lock.readLock().unlock();
      }
    }
    return mean;
  }

  private DrResult result(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    List<Double> probs = new ArrayList<>(p.length);
    for (float f : p) {
      probs.add((double) f);
    }
    boolean binary = ModelCard.REFERABLE.equals(card.labelScheme());
    int from = binary ? 1 : options.referableGrade();
    double referableP = 0;
    for (int c = from; c < p.length; c++) {
      referableP += p[c];
    }
    return new DrResult(best, probs, referableP, best >= from);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    lock.readLock().lock();
    try {
      return closed;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for calls in progress, then frees the native model. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        members.forEach(m -> m.bundle().close());
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

}
