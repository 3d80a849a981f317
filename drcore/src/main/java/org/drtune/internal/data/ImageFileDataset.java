package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.drtune.DatasetException;
import org.drtune.ImageLoadException;
import org.drtune.grading.Eye;
import org.drtune.grading.PatientNaming;
import org.drtune.training.CsvLayout;

/**
 * A dataset of image files on disk with known grades, read from a folder of class folders or from a
 * label CSV (EyePACS {@code trainLabels.csv}, APTOS {@code train.csv} or any {@link CsvLayout}).
 * Ids are file names without extension and are unique. Images are decoded on {@link #load(int)} by
 * the dataset's {@link ImageDecoder}. Immutable and safe for concurrent use.
 */
public final class ImageFileDataset implements FundusDataset {

  private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png");
  private static final int MAX_LISTED = 10;

  /** The optional column of a label CSV naming each photograph's patient. */
  public static final String PATIENT_COLUMN = "patient";

  /** The optional column of a label CSV naming each photograph's eye (with a patient column). */
  public static final String EYE_COLUMN = "eye";

  private final String name;
  private final String[] ids;
  private final Path[] files;
  private final int[] labels;
  private final int numClasses;
  private final ImageDecoder decoder;
  private final List<String> missing;
  private final PatientNaming.Photo[] photos;

  private ImageFileDataset(
      String name, Listing listing, int numClasses, ImageDecoder decoder, List<String> missing) {
    this.name = name;
    this.photos =
        listing.photos.stream().allMatch(p -> p == null)
            ? null
            : listing.photos.toArray(PatientNaming.Photo[]::new);
    this.ids = listing.ids.toArray(String[]::new);
    this.files = listing.files.toArray(Path[]::new);
    this.labels = listing.labels.stream().mapToInt(Integer::intValue).toArray();
    this.numClasses = numClasses;
    this.decoder = decoder;
    this.missing = List.copyOf(missing);
  }

  /** The images read so far, in order: ids, files and grades side by side. */
  private static final class Listing {
    final List<String> ids = new ArrayList<>();
    final List<Path> files = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();
    final List<PatientNaming.Photo> photos = new ArrayList<>();

    void add(String id, Path file, int label) {
      add(id, file, label, null);
    }

    void add(String id, Path file, int label, PatientNaming.Photo photo) {
      ids.add(id);
      files.add(file);
      labels.add(label);
      photos.add(photo);
    }

    boolean isEmpty() {
      return ids.isEmpty();
    }
  }

  /**
   * Reads a folder holding one sub-folder per grade ({@code 0/ .. 4/}, or named folders mapped to
   * grades). Files ending in {@code .jpg}, {@code .jpeg} or {@code .png} (any case) are images;
   * other files and hidden folders are ignored. Images are ordered by folder, then file name.
   *
   * @param root the folder of class folders
   * @param grades grades of named folders; empty means folders are named {@code 0 .. numClasses-1}
   * @param numClasses the number of grades
   * @param decoder the decoder used by {@link #load(int)}
   * @return the dataset
   * @throws DatasetException if a folder has no grade, no image is found or two images share an id
   * @throws IOException if the folder cannot be listed
   */
  public static ImageFileDataset fromClassFolders(
      Path root, Map<String, Integer> grades, int numClasses, ImageDecoder decoder)
      throws IOException {
    List<Path> folders = classFolders(root, numClasses);
    Listing listing = new Listing();
    Map<String, Path> seen = new HashMap<>();
    for (Path folder : folders) {
      int grade = gradeOf(root, folder.getFileName().toString(), grades, numClasses);
      for (Path image : imagesIn(folder)) {
        String id = stem(image.getFileName().toString());
        Path previous = seen.putIfAbsent(id, image);
        if (previous != null) {
          throw new DatasetException(
              "image id '"
                  + id
                  + "' appears twice: "
                  + previous
                  + " and "
                  + image
                  + "; each image must appear once, in the folder of its grade");
        }
        listing.add(id, image, grade);
      }
    }
    if (listing.isEmpty()) {
      throw new DatasetException(
          root
              + " has class folders "
              + folders.stream().map(p -> p.getFileName().toString()).toList()
              + " but no .jpg, .jpeg or .png image in them");
    }
    return new ImageFileDataset(root.toString(), listing, numClasses, decoder, List.of());
  }

  /** The visible sub-folders of {@code root}, sorted; there must be at least one. */
  private static List<Path> classFolders(Path root, int numClasses) throws IOException {
    List<Path> folders;
    try (Stream<Path> list = Files.list(root)) {
      folders =
          list.filter(Files::isDirectory)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    }
    if (folders.isEmpty()) {
      throw new DatasetException(
          root
              + " has no class folders: expected sub-folders 0/ .. "
              + (numClasses - 1)
              + "/ holding the images of each grade");
    }
    return folders;
  }

  /** The image files of one class folder, sorted. */
  private static List<Path> imagesIn(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(Files::isRegularFile)
          .filter(ImageFileDataset::isImageFile)
          .sorted()
          .toList();
    }
  }

  private static int gradeOf(
      Path root, String folderName, Map<String, Integer> grades, int numClasses)
      throws DatasetException {
    if (!grades.isEmpty()) {
      Integer grade = grades.get(folderName);
      if (grade == null) {
        throw new DatasetException(
            "class folder '"
                + folderName
                + "' in "
                + root
                + " has no grade in "
                + "the folder mapping "
                + grades
                + ": add it to DatasetOptions.classFolderGrades or move "
                + "it out of the dataset folder");
      }
      return grade;
    }
    try {
      int grade = Integer.parseInt(folderName);
      if (grade >= 0 && grade < numClasses) {
        return grade;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new DatasetException(
        "class folder '"
            + folderName
            + "' in "
            + root
            + " is not a grade 0.."
            + (numClasses - 1)
            + ": name the class folders by grade or give DatasetOptions.classFolderGrades "
            + "for named folders");
  }

  /**
   * Reads a label CSV and checks its images. The first line is the header; columns are found by
   * name (any case), other columns are ignored, blank lines are skipped, and a UTF-8 byte-order
   * mark is tolerated.
   *
   * @param csv the CSV file
   * @param imageFolder the folder holding {@code <id><extension>} files
   * @param layout the id and label columns and the image extension
   * @param numClasses the number of grades; labels must be {@code 0 .. numClasses-1}
   * @param decoder the decoder used by {@link #load(int)}
   * @param skipMissingImages whether rows naming missing images are dropped (listed by {@link
   *     #missing()}) rather than failing
   * @return the dataset
   * @throws DatasetException if a column is missing, a name would leave the image folder, an id
   *     repeats, a label is not an integer in range, or images are missing and {@code
   *     skipMissingImages} is false
   * @throws IOException if the CSV cannot be read
   */
  public static ImageFileDataset fromCsv(
      Path csv,
      Path imageFolder,
      CsvLayout layout,
      int numClasses,
      ImageDecoder decoder,
      boolean skipMissingImages)
      throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    CsvRows rows = CsvRows.start(csv, lines, imageFolder, layout, numClasses);
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (!line.isBlank()) {
        rows.read(n + 1, line);
      }
    }
    rows.checkFound(skipMissingImages);
    return new ImageFileDataset(csv.toString(), rows.listing, numClasses, decoder, rows.missing);
  }

  /**
   * The rows of a label CSV read so far: the images found, the ids whose image is missing, and the
   * line of each id (to refuse a repeat).
   */
  private static final class CsvRows {
    final Listing listing = new Listing();
    final List<String> missing = new ArrayList<>();
    private final Path csv;
    private final Path folder;
    private final CsvLayout layout;
    private final int numClasses;
    private final int idColumn;
    private final int labelColumn;
    private final int patientColumn;
    private final int eyeColumn;
    private final Map<String, Integer> lineOfId = new HashMap<>();

    private CsvRows(
        Path csv,
        Path folder,
        CsvLayout layout,
        int numClasses,
        List<String> header,
        int idColumn,
        int labelColumn) {
      this.csv = csv;
      this.folder = folder;
      this.layout = layout;
      this.numClasses = numClasses;
      this.idColumn = idColumn;
      this.labelColumn = labelColumn;
      this.patientColumn = layout.columnIndex(header, PATIENT_COLUMN);
      this.eyeColumn = patientColumn < 0 ? -1 : layout.columnIndex(header, EYE_COLUMN);
    }

    /** Finds the id and label columns in the header line. */
    static CsvRows start(
        Path csv, List<String> lines, Path imageFolder, CsvLayout layout, int numClasses)
        throws DatasetException {
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        throw new DatasetException(
            csv
                + " is empty: expected a header line such as '"
                + layout.idColumn()
                + ","
                + layout.labelColumn()
                + "' followed by one line per image");
      }
      List<String> header = splitCsvLine(stripBom(lines.get(0)));
      int idColumn = layout.columnIndex(header, layout.idColumn());
      int labelColumn = layout.columnIndex(header, layout.labelColumn());
      if (idColumn < 0 || labelColumn < 0) {
        throw new DatasetException(
            csv
                + " has header "
                + header
                + " without column '"
                + (idColumn < 0 ? layout.idColumn() : layout.labelColumn())
                + "': expected columns '"
                + layout.idColumn()
                + "' and '"
                + layout.labelColumn()
                + "' (or set DatasetOptions.csvLayout)");
      }
      Path folder = imageFolder.toAbsolutePath().normalize();
      return new CsvRows(csv, folder, layout, numClasses, header, idColumn, labelColumn);
    }

    /** Reads one non-blank row: its image is listed, or its id counted missing. */
    void read(int lineNumber, String line) throws DatasetException {
      List<String> cells = splitCsvLine(line);
      if (cells.size() <= Math.max(idColumn, labelColumn)) {
        throw new DatasetException(
            csv
                + " line "
                + lineNumber
                + " has "
                + cells.size()
                + " column(s), "
                + "expected at least "
                + (Math.max(idColumn, labelColumn) + 1)
                + ": '"
                + line
                + "'");
      }
      String id = cells.get(idColumn).strip();
      Path file = imagePath(csv, lineNumber, folder, id, layout.extension());
      int label = parseLabel(csv, lineNumber, cells.get(labelColumn).strip(), numClasses);
      Integer previous = lineOfId.putIfAbsent(id, lineNumber);
      if (previous != null) {
        throw new DatasetException(
            csv
                + " line "
                + lineNumber
                + " repeats image '"
                + id
                + "' of line "
                + previous
                + ": each image must be listed once");
      }
      if (!Files.isRegularFile(file)) {
        missing.add(id);
        return;
      }
      listing.add(id, file, label, photo(lineNumber, cells));
    }

    /** The row's patient and eye, when the CSV has a patient column. */
    private PatientNaming.Photo photo(int lineNumber, List<String> cells) throws DatasetException {
      if (patientColumn < 0) {
        return null;
      }
      String patient = patientColumn < cells.size() ? cells.get(patientColumn).strip() : "";
      if (patient.isEmpty()) {
        throw new DatasetException(
            csv + " line " + lineNumber + " has no patient: every row needs one in this file");
      }
      String eye = eyeColumn >= 0 && eyeColumn < cells.size() ? cells.get(eyeColumn).strip() : "";
      try {
        return new PatientNaming.Photo(patient, eye.isEmpty() ? null : Eye.parse(eye));
      } catch (IllegalArgumentException e) {
        throw new DatasetException(csv + " line " + lineNumber + ": " + e.getMessage());
      }
    }

    /** Refuses missing images unless they may be skipped, and a CSV with no image found. */
    void checkFound(boolean skipMissingImages) throws DatasetException {
      if (!missing.isEmpty() && !skipMissingImages) {
        throw new DatasetException(
            csv
                + " names "
                + missing.size()
                + " image(s) missing from "
                + folder
                + ", for example "
                + missing.subList(0, Math.min(MAX_LISTED, missing.size()))
                + " (expected "
                + "files <id>"
                + layout.extension()
                + "): fix the image folder or set "
                + "DatasetOptions.skipMissingImages to drop those rows");
      }
      if (listing.isEmpty()) {
        throw new DatasetException(
            csv
                + " lists no image present in "
                + folder
                + " (expected files <id>"
                + layout.extension()
                + ")");
      }
    }
  }

  private static Path imagePath(Path csv, int lineNumber, Path folder, String id, String extension)
      throws DatasetException {
    boolean unsafe =
        id.isEmpty()
            || id.contains("/")
            || id.contains("\\")
            || id.contains(":")
            || id.contains("\0")
            || id.startsWith(".");
    Path file = unsafe ? null : folder.resolve(id + extension).normalize();
    if (file == null || !folder.equals(file.getParent())) {
      throw new DatasetException(
          csv
              + " line "
              + lineNumber
              + " names image '"
              + id
              + "', which is not a plain file name inside the image folder: ids must not be empty,"
              + " contain '/', '\\' or ':', or start with '.'; the row was not read");
    }
    return file;
  }

  private static int parseLabel(Path csv, int lineNumber, String text, int numClasses)
      throws DatasetException {
    int label;
    try {
      label = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DatasetException(
          csv
              + " line "
              + lineNumber
              + " has label '"
              + text
              + "', expected an "
              + "integer grade 0.."
              + (numClasses - 1),
          e);
    }
    if (label < 0 || label >= numClasses) {
      throw new DatasetException(
          csv
              + " line "
              + lineNumber
              + " has label "
              + label
              + " out of range: "
              + "expected a grade 0.."
              + (numClasses - 1)
              + " ("
              + numClasses
              + " classes)");
    }
    return label;
  }

  /** Reads the header line of a CSV file. */
  static List<String> readHeader(Path csv) throws IOException {
    try (Stream<String> lines = Files.lines(csv, StandardCharsets.UTF_8)) {
      return lines.findFirst().map(line -> splitCsvLine(stripBom(line))).orElse(List.of());
    }
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  /**
   * Splits one CSV line on commas, honouring double quotes ({@code ""} is a quote inside quotes).
   */
  static List<String> splitCsvLine(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  private static boolean isImageFile(Path path) {
    String fileName = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return !fileName.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(fileName::endsWith);
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public String id(int index) {
    return ids[index];
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public BufferedImage load(int index) throws ImageLoadException {
    return decoder.decode(files[index]);
  }

  /**
   * Returns the file of an image.
   *
   * @param index the image index
   * @return the image's path
   */
  public Path path(int index) {
    return files[index];
  }

  @Override
  public Path file(int index) {
    return files[index];
  }

  /**
   * Returns the ids of CSV rows dropped because their image was missing (empty unless {@code
   * skipMissingImages} was set).
   *
   * @return the ids of the dropped rows, in CSV order
   */
  public List<String> missing() {
    return missing;
  }

  @Override
  public String toString() {
    return name + " (" + ids.length + " images)";
  }

  @Override
  public java.util.Optional<PatientNaming.Photo> photo(int index) {
    return photos == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(photos[index]);
  }
}
