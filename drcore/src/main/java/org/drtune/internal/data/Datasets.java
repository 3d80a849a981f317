package org.drtune.internal.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.drtune.DatasetException;
import org.drtune.ImageLoadException;
import org.drtune.training.CsvLayout;
import org.drtune.training.DatasetOptions;

/**
 * Opens a dataset in whichever layout it comes in and returns its splits.
 *
 * <pre>{@code
 * DatasetSplits splits = Datasets.open(Path.of("retinamnist.npz"), DatasetOptions.defaults());
 * FundusDataset train = splits.train();
 * }</pre>
 */
public final class Datasets {

  /** CSV names looked for in a dataset folder, in order: EyePACS, then APTOS. */
  public static final List<String> LABEL_CSV_NAMES = List.of("trainLabels.csv", "train.csv");

  private static final List<String> IMAGE_FOLDER_NAMES = List.of("train", "train_images", "images");

  private Datasets() {}

  /**
   * Detects the layout of {@code path} and opens it:
   *
   * <ul>
   *   <li>a {@code .npz} file: MedMNIST splits {@code train}, {@code val} (or a validation split
   *       held out from train) and {@code test} if present;
   *   <li>a {@code .csv} file, or a folder holding {@code trainLabels.csv} (EyePACS) or {@code
   *       train.csv} (APTOS): the labelled images, with a validation split held out (by patient for
   *       EyePACS ids);
   *   <li>a folder with a {@code train/} folder of class folders: that, plus {@code val/} and
   *       {@code test/} if present;
   *   <li>a folder of class folders: the images, with a validation split held out;
   *   <li>a folder holding one {@code .npz} file and nothing else to read (no label CSV, no
   *       folders): that file.
   * </ul>
   *
   * @param given the dataset file or folder
   * @param options how to read and split
   * @return the splits
   * @throws DatasetException if the layout is not recognised or the data is malformed
   * @throws IOException if a file cannot be read
   */
  public static DatasetSplits open(Path given, DatasetOptions options) throws IOException {
    if (!Files.exists(given)) {
      throw new NoSuchFileException(
          given.toString(),
          null,
          "no dataset here: expected a .npz file, a label " + ".csv or a dataset folder");
    }
    Path path = loneNpz(given);
    String name = lowerCaseFileName(path);
    if (Files.isRegularFile(path) && name.endsWith(".npz")) {
      MedMnistNpz npz = MedMnistNpz.read(path, options.numClasses());
      Optional<FundusDataset> validation = npz.findSplit("val");
      Optional<FundusDataset> test = npz.findSplit("test");
      FundusDataset train = trainSplit(path, npz);
      return validation.isPresent()
          ? new DatasetSplits(train, validation.get(), test)
          : holdOut(train, options, test);
    }
    if (Files.isRegularFile(path) && name.endsWith(".csv")) {
      return holdOut(fromCsv(path, options), options, Optional.empty());
    }
    if (Files.isDirectory(path)) {
      Optional<DatasetSplits> splits = openFolder(path, options);
      if (splits.isPresent()) {
        return splits.get();
      }
    }
    throw new DatasetException(
        "cannot tell the dataset layout of "
            + path
            + ": expected a MedMNIST .npz file, "
            + "a label .csv (EyePACS image,level or APTOS id_code,diagnosis), a folder holding "
            + String.join(" or ", LABEL_CSV_NAMES)
            + ", or a folder of class folders 0/ .. "
            + (options.numClasses() - 1)
            + "/");
  }

  /**
   * The splits of a dataset folder: its label CSV, its {@code train/} (with {@code val/} and {@code
   * test/}) class folders, or its class folders; empty when it holds none of these.
   */
  private static Optional<DatasetSplits> openFolder(Path path, DatasetOptions options)
      throws IOException {
    Optional<Path> csv = labelCsv(path);
    if (csv.isPresent()) {
      return Optional.of(holdOut(fromCsv(csv.get(), options), options, Optional.empty()));
    }
    Path train = path.resolve("train");
    if (Files.isDirectory(train) && hasSubfolders(train)) {
      FundusDataset trainSet = classFolders(train, options);
      Optional<Path> val = validationFolder(path);
      Path test = path.resolve("test");
      Optional<FundusDataset> testSet =
          Files.isDirectory(test) ? Optional.of(classFolders(test, options)) : Optional.empty();
      return Optional.of(
          val.isPresent()
              ? new DatasetSplits(trainSet, classFolders(val.get(), options), testSet)
              : holdOut(trainSet, options, testSet));
    }
    if (hasSubfolders(path)) {
      return Optional.of(holdOut(classFolders(path, options), options, Optional.empty()));
    }
    return Optional.empty();
  }

  /** The file name of {@code path} in lower case, "" for a root. */
  static String lowerCaseFileName(Path path) {
    return path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
  }

  /** The train split of an {@code .npz}, which it must have. */
  private static FundusDataset trainSplit(Path path, MedMnistNpz npz) throws DatasetException {
    return npz.findSplit("train")
        .orElseThrow(
            () ->
                new DatasetException(
                    path
                        + " has no train split (train_images.npy/train_labels.npy); it has "
                        + npz.splitNames()));
  }

  /** The first label CSV ({@link #LABEL_CSV_NAMES}) of a folder. */
  private static Optional<Path> labelCsv(Path folder) {
    return LABEL_CSV_NAMES.stream().map(folder::resolve).filter(Files::isRegularFile).findFirst();
  }

  /** The {@code val/} or else {@code validation/} folder of a dataset folder. */
  private static Optional<Path> validationFolder(Path folder) {
    return Stream.of("val", "validation")
        .map(folder::resolve)
        .filter(Files::isDirectory)
        .findFirst();
  }

  /**
   * The one {@code .npz} file of a folder that holds nothing else a dataset could be read from (no
   * label CSV, no subfolders), such as the folder a MedMNIST download lands in; else {@code path}.
   */
  static Path loneNpz(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return path;
    }
    for (String csvName : LABEL_CSV_NAMES) {
      if (Files.exists(path.resolve(csvName))) {
        return path;
      }
    }
    List<Path> npz;
    try (Stream<Path> entries = Files.list(path)) {
      List<Path> all = entries.toList();
      if (all.stream().anyMatch(Files::isDirectory)) {
        return path;
      }
      npz =
          all.stream()
              .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz"))
              .toList();
    }
    return npz.size() == 1 ? npz.get(0) : path;
  }

  /**
   * Opens every labelled image of {@code path} as one dataset, for cross-validation: the {@code
   * train} and {@code val} splits of a MedMNIST {@code .npz} one after the other (ids {@code
   * train/N}, {@code val/N}; a {@code test} split stays out), every row of a label CSV, or every
   * image of a folder of class folders (with its {@code train/} and {@code val/} folders pooled
   * when it has them; a {@code test/} folder stays out).
   *
   * @param given the dataset file or folder
   * @param options how to read it (its validation fraction is not used)
   * @return all labelled images, not split
   * @throws DatasetException if the layout is not recognised or the data is malformed
   * @throws IOException if a file cannot be read
   */
  public static FundusDataset openAll(Path given, DatasetOptions options) throws IOException {
    Path path = loneNpz(given);
    String name = lowerCaseFileName(path);
    if (Files.isRegularFile(path) && name.endsWith(".npz")) {
      MedMnistNpz npz = MedMnistNpz.read(path, options.numClasses());
      FundusDataset train = prefixed(trainSplit(path, npz), "train/");
      Optional<FundusDataset> val = npz.findSplit("val");
      return val.isPresent() ? concat(train, prefixed(val.get(), "val/")) : train;
    }
    if (Files.isRegularFile(path) && name.endsWith(".csv")) {
      return fromCsv(path, options);
    }
    if (Files.isDirectory(path)) {
      Optional<Path> csv = labelCsv(path);
      if (csv.isPresent()) {
        return fromCsv(csv.get(), options);
      }
      Path train = path.resolve("train");
      if (Files.isDirectory(train) && hasSubfolders(train)) {
        FundusDataset all = classFolders(train, options);
        Optional<Path> val = validationFolder(path);
        return val.isPresent() ? concat(all, classFolders(val.get(), options)) : all;
      }
      if (hasSubfolders(path)) {
        return classFolders(path, options);
      }
    }
    // the same checks and messages as open()
    DatasetSplits splits = open(path, options);
    return concat(splits.train(), splits.validation());
  }

  /**
   * The images of {@code first} followed by those of {@code second}, which must have the same
   * number of classes and no id in common.
   *
   * @param first the first images
   * @param second the images after them
   * @return a dataset backed by both
   * @throws IllegalArgumentException if the class counts differ or an id appears in both
   */
  public static FundusDataset concat(FundusDataset first, FundusDataset second) {
    if (first.numClasses() != second.numClasses()) {
      throw new IllegalArgumentException(
          "cannot pool datasets with "
              + first.numClasses()
              + " and "
              + second.numClasses()
              + " classes");
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < first.size(); i++) {
      ids.add(first.id(i));
    }
    for (int i = 0; i < second.size(); i++) {
      if (ids.contains(second.id(i))) {
        throw new IllegalArgumentException(
            "image id '"
                + second.id(i)
                + "' is in both datasets: pooled"
                + " images need unique ids");
      }
    }
    return new FundusDataset() {
      @Override
      public int size() {
        return first.size() + second.size();
      }

      @Override
      public String id(int index) {
        return index < first.size() ? first.id(index) : second.id(index - first.size());
      }

      @Override
      public int label(int index) {
        return index < first.size() ? first.label(index) : second.label(index - first.size());
      }

      @Override
      public int numClasses() {
        return first.numClasses();
      }

      @Override
      public java.awt.image.BufferedImage load(int index) throws ImageLoadException {
        return index < first.size() ? first.load(index) : second.load(index - first.size());
      }

      @Override
      public Path file(int index) {
        return index < first.size() ? first.file(index) : second.file(index - first.size());
      }
    };
  }

  /** {@code d} with {@code prefix} before every id. */
  public static FundusDataset prefixed(FundusDataset d, String prefix) {
    return new FundusDataset() {
      @Override
      public int size() {
        return d.size();
      }

      @Override
      public String id(int index) {
        return prefix + d.id(index);
      }

      @Override
      public int label(int index) {
        return d.label(index);
      }

      @Override
      public int numClasses() {
        return d.numClasses();
      }

      @Override
      public java.awt.image.BufferedImage load(int index) throws ImageLoadException {
        return d.load(index);
      }

      @Override
      public Path file(int index) {
        return d.file(index);
      }
    };
  }

  /**
   * Opens a label CSV with the options' layout (or the one detected from its header) and image
   * folder (or the first of {@code train/}, {@code train_images/}, {@code images/} next to the CSV
   * holding the first listed image, else the CSV's own folder).
   *
   * @param csv the CSV file
   * @param options how to read it
   * @return the dataset, not split
   * @throws DatasetException if the layout cannot be detected or the CSV is malformed
   * @throws IOException if a file cannot be read
   */
  public static ImageFileDataset fromCsv(Path csv, DatasetOptions options) throws IOException {
    List<String> header = ImageFileDataset.readHeader(csv);
    CsvLayout layout =
        options
            .csvLayout()
            .or(() -> CsvLayout.detect(header))
            .orElseThrow(
                () ->
                    new DatasetException(
                        csv
                            + " has header "
                            + header
                            + ", which is neither EyePACS (image,level) nor APTOS"
                            + " (id_code,diagnosis): set DatasetOptions.csvLayout to name the id"
                            + " and label columns"));
    Path folder = options.imageFolder().orElseGet(() -> findImageFolder(csv, layout));
    return ImageFileDataset.fromCsv(
        csv, folder, layout, options.numClasses(), decoder(options), options.skipMissingImages());
  }

  private static Path findImageFolder(Path csv, CsvLayout layout) {
    Path parent = csv.toAbsolutePath().getParent();
    String firstId = null;
    try (Stream<String> lines = Files.lines(csv)) {
      Optional<String> row = lines.skip(1).filter(line -> !line.isBlank()).findFirst();
      if (row.isPresent()) {
        List<String> header = ImageFileDataset.readHeader(csv);
        List<String> cells = ImageFileDataset.splitCsvLine(row.get());
        int column = layout.columnIndex(header, layout.idColumn());
        if (column >= 0 && column < cells.size()) {
          firstId = cells.get(column).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      return parent;
    }
    for (String candidate : IMAGE_FOLDER_NAMES) {
      Path folder = parent.resolve(candidate);
      if (Files.isDirectory(folder)
          && firstId != null
          && !firstId.contains("/")
          && !firstId.contains("\\")
          && Files.isRegularFile(folder.resolve(firstId + layout.extension()))) {
        return folder;
      }
    }
    return parent;
  }

  private static ImageFileDataset classFolders(Path folder, DatasetOptions options)
      throws IOException {
    return ImageFileDataset.fromClassFolders(
        folder, options.classFolderGrades(), options.numClasses(), decoder(options));
  }

  private static boolean hasSubfolders(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.anyMatch(
          p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
    }
  }

  private static DatasetSplits holdOut(
      FundusDataset all, DatasetOptions options, Optional<FundusDataset> test)
      throws DatasetException {
    if (all.size() < 2) {
      throw new DatasetException(
          all
              + " has "
              + all.size()
              + " image(s): holding out a validation split "
              + "needs at least 2");
    }
    TrainValidationSplit split =
        TrainValidationSplit.of(
            all,
            options.validationFraction(),
            options.seed(),
            options.patientLevelSplit(),
            options.patientNaming());
    if (split.validation().length == 0 || split.train().length == 0) {
      throw new DatasetException(
          all
              + " is too small to hold out "
              + options.validationFraction()
              + " for validation per class: add images or provide a validation split");
    }
    return new DatasetSplits(all.subset(split.train()), all.subset(split.validation()), test);
  }

  /** The decoder of the options' pixel limit. */
  public static ImageDecoder decoder(DatasetOptions options) {
    return ImageDecoder.defaults().withMaxPixels(options.maxImagePixels());
  }
}
