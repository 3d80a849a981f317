package org.drtune.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.drtune.grading.LabelScheme;
import org.drtune.grading.ModelLoadException;
import org.drtune.grading.PatientNaming;
import org.drtune.grading.PhotographFiles;
import org.drtune.model.EnsembleCard;
import org.drtune.model.ModelCard;
import org.drtune.model.Screening;

/**
 * Grades photographs on Apache Spark with an exported drtune model: one {@link
 * org.drtune.grading.DrClassifier} per executor JVM (loaded by the first task, shared by the rest,
 * closed at shutdown), photographs graded in batches inside each partition, and one output row per
 * input row, always: a photograph that cannot be read or graded gets an error or ungradable column,
 * never a failed job.
 *
 * <pre>{@code
 * Dataset<Row> photos = DrSpark.readPhotographs(spark, "hdfs:///screening/2026/");
 * Dataset<Row> graded = DrSpark.grade(photos, GradeOptions.of("/models/dr-2026-11/model"));
 * graded.write().parquet("hdfs:///screening/2026-graded");
 * }</pre>
 */
public final class DrSpark {
  /** The input column holding each photograph's path (or URI). */
  public static final String PATH = "path";

  /**
   * The input column holding a photograph's bytes, as Spark's {@code binaryFile} source names it.
   */
  public static final String CONTENT = "content";

  /** The output column of the reason a photograph could not be read, null when it was graded. */
  public static final String ERROR = "error";

  /** The output column of the quality check's reason for not grading, null when graded. */
  public static final String UNGRADABLE = "ungradable";

  /**
   * The {@code org.drtune.spark} logger, through the JDK's platform logging (drspark's dependencies
   * are Spark's; Spark's jars route it to their log4j2 when {@code slf4j-jdk-platform-logging} or
   * Spark's JUL bridge is on the class path): at DEBUG, the models shipped to the executors and
   * what each executor loads.
   */
  static final System.Logger LOG = System.getLogger("org.drtune.spark");

  private DrSpark() {}

  /**
   * Every photograph under {@code inputs} (folders read recursively, or globs), through Spark's
   * {@code binaryFile} source: columns {@code path}, {@code modificationTime}, {@code length},
   * {@code content}. Only {@code .jpg}, {@code .jpeg} and {@code .png} files (any case) are kept;
   * Spark leaves out files and folders whose names start with a dot or an underscore.
   */
  public static Dataset<Row> readPhotographs(SparkSession spark, String... inputs) {
    String pattern =
        "(?i).*("
            + String.join("|", PhotographFiles.EXTENSIONS.stream().map(e -> "\\" + e).toList())
            + ")$";
    return spark
        .read()
        .format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(inputs)
        .filter(functions.col(PATH).rlike(pattern));
  }

  /**
   * The schema of {@link #grade}'s output for a model with these classes: {@code path}, the class
   * column ({@code grade}, or {@code class} for a referable/not-referable model; null when not
   * graded), {@code p0..pK-1}, {@code referable_p}, {@code referable} (refer: referable, or not
   * gradable), {@code ungradable} (the quality check's reason) and {@code error} (why it could not
   * be read); every column but {@code path} is null on an error row.
   */
  public static StructType schema(LabelScheme scheme, int numClasses) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField(PATH, DataTypes.StringType, true));
    f.add(DataTypes.createStructField(scheme.classColumn(), DataTypes.IntegerType, true));
    for (int c = 0; c < numClasses; c++) {
      f.add(DataTypes.createStructField("p" + c, DataTypes.DoubleType, true));
    }
    f.add(DataTypes.createStructField("referable_p", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("referable", DataTypes.BooleanType, true));
    f.add(DataTypes.createStructField(UNGRADABLE, DataTypes.StringType, true));
    f.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
    return DataTypes.createStructType(f);
  }

  /**
   * Grades every row of {@code images}: a {@code path} column, and a binary {@code content} column
   * (as {@link #readPhotographs} and Spark's {@code binaryFile} source give) or, without one, each
   * path is read on the executor through Hadoop's file systems (any Spark can read: HDFS, S3A,
   * local). The output has one row per input row with {@link #schema}; its rows are computed again,
   * identically, when Spark retries a task.
   *
   * @throws IllegalArgumentException when {@code images} has no {@code path} column
   * @throws UncheckedIOException when the model folder or its card cannot be read on the driver
   */
  public static Dataset<Row> grade(Dataset<Row> images, GradeOptions options) {
    List<String> columns = Arrays.asList(images.columns());
    if (!columns.contains(PATH)) {
      throw new IllegalArgumentException(
          "the photographs need a '"
              + PATH
              + "' column (and, optionally, a binary '"
              + CONTENT
              + "' column); they have "
              + columns);
    }
    Path model = modelFolder(Path.of(options.model()));
    Classes classes = classes(model);
    GradeOptions resolved =
        new GradeOptions(
            model.toString(),
            options.shipModel(),
            options.batchSize(),
            options.testTimeAugmentation(),
            options.qualityCheck(),
            options.referableThreshold());
    ShippedModel shipped = null;
    if (options.shipModel()) {
      shipped = ship(images.sparkSession().sparkContext(), model);
    }
    int pathField = columns.indexOf(PATH);
    int contentField = columns.indexOf(CONTENT);
    StructType out = schema(classes.scheme(), classes.count());
    return images.mapPartitions(
        new GradePartition(resolved, shipped, classes.count(), pathField, contentField),
        Encoders.row(out));
  }

  /**
   * The schema of {@link #gradePatients}'s output: {@code patient}, {@code photos}, the class
   * column of the worse eye, {@code referable_p} (the higher eye's), {@code referable} (refer: the
   * patient threshold reached, or an eye not gradable), {@code ungradable} (which eye and why), and
   * each eye's class and referable probability ({@code left_*}, {@code right_*}; {@code eye_*} when
   * the names do not say the eye).
   */
  public static StructType patientSchema(LabelScheme scheme, PatientNaming naming) {
    String column = scheme.classColumn();
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("patient", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("photos", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField(column, DataTypes.IntegerType, true));
    f.add(DataTypes.createStructField("referable_p", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("referable", DataTypes.BooleanType, false));
    f.add(DataTypes.createStructField(UNGRADABLE, DataTypes.StringType, true));
    for (String eye : naming.namesEye() ? List.of("left", "right") : List.of("eye")) {
      f.add(DataTypes.createStructField(eye + "_" + column, DataTypes.IntegerType, true));
      f.add(DataTypes.createStructField(eye + "_referable_p", DataTypes.DoubleType, true));
    }
    return DataTypes.createStructType(f);
  }

  /**
   * Grades patients from {@link #grade}'s output: the rows of each patient ({@code naming} reads it
   * from the path's file name) pooled as {@code DrClassifier.byPatient} pools them — an eye's
   * probabilities the mean of its gradable photographs', the patient's grade the worse eye's, its
   * referable probability the higher eye's, referred at the model's patient threshold (the one in
   * its card, else its photograph threshold or {@code options}') or when an eye could not be graded
   * or read. One row per patient with {@link #patientSchema}; photographs whose names say no
   * patient are left out.
   *
   * @param options the options {@code graded} was graded with (the model folder and threshold)
   */
  public static Dataset<Row> gradePatients(
      Dataset<Row> graded, GradeOptions options, PatientNaming naming) {
    Path model = modelFolder(Path.of(options.model()));
    Classes classes = classes(model);
    int from =
        classes.scheme() == LabelScheme.REFERABLE
            ? classes.scheme().referableMinClass()
            : LabelScheme.REFERABLE_MIN_GRADE;
    Screening screening = screening(model);
    double threshold = patientThreshold(screening, options);
    double weight =
        screening == null || screening.patients() == null
            ? 0
            : screening.patients().otherEyeWeight();
    PatientNaming keys = naming;
    return graded
        .groupByKey(
            (org.apache.spark.api.java.function.MapFunction<Row, String>)
                r ->
                    keys.identify(pathOf(r.getString(0)))
                        .map(PatientNaming.Photo::patient)
                        .orElse(PatientGroups.NO_PATIENT),
            Encoders.STRING())
        .flatMapGroups(
            new PatientGroups(classes.scheme(), classes.count(), naming, from, threshold, weight),
            Encoders.row(patientSchema(classes.scheme(), naming)));
  }

  /** The file name of a path or URI (Spark's binaryFile paths are file: URIs). */
  private static String pathOf(String pathOrUri) {
    int slash = pathOrUri.lastIndexOf('/');
    return slash < 0 ? pathOrUri : pathOrUri.substring(slash + 1);
  }

  /** The model's screening rule, read from its card on the driver (null for old cards). */
  static Screening screening(Path model) {
    try {
      return Files.exists(model.resolve(EnsembleCard.FILE_NAME))
          ? EnsembleCard.read(model.resolve(EnsembleCard.FILE_NAME)).screening()
          : ModelCard.read(model.resolve(ModelCard.FILE_NAME)).screening();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model card in " + model + ": " + e, e);
    }
  }

  /**
   * The patient threshold of the model: its card's, else the photograph threshold ({@code
   * options}', else the card's), else NaN (the worse eye's grade decides).
   */
  static double patientThreshold(Screening s, GradeOptions options) {
    if (s != null && s.patients() != null && !Double.isNaN(s.patients().referableThreshold())) {
      return s.patients().referableThreshold();
    }
    if (options.referableThreshold() != null) {
      return options.referableThreshold();
    }
    return s == null ? Double.NaN : s.referableThreshold();
  }

  /**
   * A {@link org.drtune.features.FeatureProvider} that computes a fine-tuning run's frozen features
   * on {@code spark}'s executors and keeps them as Parquet in {@code folder/SPLIT} (index, path,
   * rotation, features as little-endian bytes of the cache's type (float32 or float16), error);
   * give it to {@link org.drtune.training.FineTuneJob#run(org.drtune.training.FineTuneRequest,
   * org.drtune.training.TrainingListener, org.drtune.features.FeatureProvider)} and the head trains
   * on the driver from them. The photographs (files of a folder of grade folders or a label CSV)
   * are read on the executors through Hadoop's file systems, so they must be on a path every
   * executor sees; the backbone's files are shipped. A photograph that cannot be read fails the run
   * with its name (the training needs every photograph's features); the run's outputs are left as
   * they were.
   */
  public static org.drtune.features.FeatureProvider featureProvider(
      SparkSession spark, String folder) {
    return new SparkFeatures(spark, folder, 256, true);
  }

  /**
   * As {@link #featureProvider(SparkSession, String)}, deleting each split's Parquet once the run's
   * feature cache holds it when {@code keep} is false (it is as large as the cache).
   */
  public static org.drtune.features.FeatureProvider featureProvider(
      SparkSession spark, String folder, boolean keep) {
    return new SparkFeatures(spark, folder, 256, keep);
  }

  /** A model folder given as {@code RUN_DIR} or {@code RUN_DIR/model}. */
  static Path modelFolder(Path given) {
    Path p = given.toAbsolutePath().normalize();
    if (!Files.exists(p.resolve(ModelCard.FILE_NAME))
        && !Files.exists(p.resolve(EnsembleCard.FILE_NAME))
        && Files.isDirectory(p.resolve("model"))) {
      return p.resolve("model");
    }
    return p;
  }

  /**
   * A model's output classes, read from its card on the driver.
   *
   * @param scheme how the classes are graded (the five grades, or referable and not)
   * @param count the number of output classes (the probability columns {@code p0..pK-1})
   */
  record Classes(LabelScheme scheme, int count) {}

  static Classes classes(Path model) {
    try {
      if (Files.exists(model.resolve(EnsembleCard.FILE_NAME))) {
        EnsembleCard e = EnsembleCard.read(model.resolve(EnsembleCard.FILE_NAME));
        return new Classes(e.labelScheme(), e.classes().size());
      }
      if (Files.exists(model.resolve(ModelCard.FILE_NAME))) {
        ModelCard c = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        return new Classes(c.labelScheme(), c.classes().size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model card in " + model + ": " + e, e);
    }
    throw new UncheckedIOException(
        new ModelLoadException(
            "no model in "
                + model
                + ": expected "
                + ModelCard.FILE_NAME
                + " or "
                + EnsembleCard.FILE_NAME
                + " (pass the folder drtune train wrote as RUN_DIR/model)"));
  }

  /**
   * Ships the model folder to every executor: zipped once into a broadcast variable named after the
   * model card's checksum, which each executor unpacks once into a local folder. (A broadcast
   * reaches SQL tasks on every cluster manager; {@code addFile} refuses local folders outside local
   * mode, and SQL tasks do not fetch what {@code addArchive} adds to the context.)
   */
  private static synchronized ShippedModel ship(SparkContext sc, Path model) {
    java.util.Map<String, ShippedModel> added =
        SHIPPED.computeIfAbsent(sc, k -> new java.util.HashMap<>());
    ShippedModel known = added.get(model.toString());
    if (known != null) {
      return known;
    }
    try {
      Path card =
          Files.exists(model.resolve(EnsembleCard.FILE_NAME))
              ? model.resolve(EnsembleCard.FILE_NAME)
              : model.resolve(ModelCard.FILE_NAME);
      String name = "drtune-model-" + sha256(card).substring(0, 16);
      java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
      zipFolder(model, zip);
      ShippedModel shipped =
          new ShippedModel(
              name, JavaSparkContext.fromSparkContext(sc).broadcast(zip.toByteArray()));
      added.put(model.toString(), shipped);
      LOG.log(
          System.Logger.Level.DEBUG,
          () ->
              "shipping " + model + " to the executors as " + name + " (" + zip.size() + " bytes)");
      return shipped;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot ship the model " + model + " to the executors: " + e.getMessage(), e);
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static void zipFolder(Path folder, java.io.OutputStream zip) throws IOException {
    java.util.List<String> files = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
      for (Path f : (Iterable<Path>) walk.sorted()::iterator) {
        if (Files.isRegularFile(f)) {
          files.add(folder.relativize(f).toString().replace('\\', '/'));
        }
      }
    }
    zipFiles(folder, files, zip);
  }

  /**
   * Zips {@code files} (paths relative to {@code base}, as the entries' names) into {@code zip}.
   */
  static void zipFiles(Path base, java.util.List<String> files, java.io.OutputStream zip)
      throws IOException {
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
      for (String f : files) {
        out.putNextEntry(new java.util.zip.ZipEntry(f));
        Files.copy(base.resolve(f), out);
        out.closeEntry();
      }
    }
  }

  /** The model folders already added to each Spark context. */
  private static final java.util.Map<SparkContext, java.util.Map<String, ShippedModel>> SHIPPED =
      new java.util.WeakHashMap<>();
}
