package org.drtune.training;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.drtune.grading.PatientNaming;
import org.drtune.models.internal.RecordCopy;

/**
 * How drtune reads a dataset (a MedMNIST {@code .npz}, grade folders or a label CSV) and splits off
 * a validation set when the data has none.
 *
 * @param numClasses the number of grades; defaults to {@value #DEFAULT_NUM_CLASSES}
 * @param validationFraction the fraction held out for validation when the data has no validation
 *     split; defaults to {@value #DEFAULT_VALIDATION_FRACTION}
 * @param seed the seed of the validation split; defaults to {@value #DEFAULT_SEED}
 * @param patientLevelSplit whether to keep both eyes of an EyePACS patient ({@code
 *     <patient>_left/right}) on the same side of the split; defaults to {@code true}
 * @param classFolderGrades grades of named class folders (for example {@code "No_DR" -> 0}); empty
 *     means the folders are named by grade {@code 0 .. numClasses-1}; defaults to empty
 * @param csvLayout the CSV columns and image extension, or empty to detect EyePACS or APTOS from
 *     the header; defaults to empty
 * @param imageFolder the folder of the images a CSV names, or empty to look next to the CSV in
 *     {@code train/}, {@code train_images/}, {@code images/} and the CSV's own folder; defaults to
 *     empty
 * @param skipMissingImages whether CSV rows naming missing images are dropped (and listed by a note
 *     in the training report) rather than failing; defaults to {@code false}
 * @param maxImagePixels photographs with more pixels (width × height) are refused before decoding;
 *     defaults to {@value #DEFAULT_MAX_IMAGE_PIXELS}
 * @param patientNaming how photograph ids name their patient and eye when the data does not say (a
 *     label CSV's {@code patient} and {@code eye} columns do): for the patient-level split, the
 *     patient threshold recorded in the card and cross-validation's folds; null means {@link
 *     PatientNaming#EYEPACS}
 */
public record DatasetOptions(
    int numClasses,
    double validationFraction,
    long seed,
    boolean patientLevelSplit,
    Map<String, Integer> classFolderGrades,
    Optional<CsvLayout> csvLayout,
    Optional<Path> imageFolder,
    boolean skipMissingImages,
    long maxImagePixels,
    PatientNaming patientNaming) {

  /** Default number of classes: the five grades of the international DR scale. */
  public static final int DEFAULT_NUM_CLASSES = 5;

  /** Default validation fraction: 10%. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  /** Default pixel limit: 50 megapixels, above any fundus camera's photographs. */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 50_000_000L;

  /** Default split seed. */
  public static final long DEFAULT_SEED = 42L;

  /**
   * Validates the values and copies the map.
   *
   * @throws IllegalArgumentException if a value is out of range or missing
   */
  public DatasetOptions {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0, 1), got " + validationFraction);
    }
    if (classFolderGrades == null || csvLayout == null || imageFolder == null) {
      throw new IllegalArgumentException(
          "classFolderGrades, csvLayout and imageFolder must not be null: use "
              + "Map.of() and Optional.empty()");
    }
    if (maxImagePixels < 64) {
      throw new IllegalArgumentException(
          "maxImagePixels must be at least 64, got " + maxImagePixels);
    }
    for (Map.Entry<String, Integer> entry : classFolderGrades.entrySet()) {
      if (entry.getValue() == null || entry.getValue() < 0 || entry.getValue() >= numClasses) {
        throw new IllegalArgumentException(
            "class folder '"
                + entry.getKey()
                + "' maps to grade "
                + entry.getValue()
                + "; expected 0.."
                + (numClasses - 1));
      }
    }
    classFolderGrades = Map.copyOf(classFolderGrades);
    patientNaming = patientNaming == null ? PatientNaming.EYEPACS : patientNaming;
  }

  /**
   * Returns the defaults: 5 classes, 10% validation, seed 42, patient-level split, folders named by
   * grade, CSV layout detected, image folder found next to the CSV, missing images fail, 50
   * megapixels at most.
   *
   * @return the default options
   */
  public static DatasetOptions defaults() {
    return new DatasetOptions(
        DEFAULT_NUM_CLASSES,
        DEFAULT_VALIDATION_FRACTION,
        DEFAULT_SEED,
        true,
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        false,
        DEFAULT_MAX_IMAGE_PIXELS,
        PatientNaming.EYEPACS);
  }

  /** A copy reading patients with {@code naming} (null: EyePACS ids). */
  public DatasetOptions withPatientNaming(PatientNaming naming) {
    return RecordCopy.with(this, "patientNaming", naming);
  }

  /**
   * Returns a copy with another validation fraction and seed.
   *
   * @param fraction the fraction held out
   * @param splitSeed the split seed
   * @return new options
   */
  public DatasetOptions withValidation(double fraction, long splitSeed) {
    return RecordCopy.with(this, "validationFraction", fraction, "seed", splitSeed);
  }

  /**
   * Returns a copy with patient-level splitting switched on or off.
   *
   * @param patientLevel whether both eyes of a patient stay together
   * @return new options
   */
  public DatasetOptions withPatientLevelSplit(boolean patientLevel) {
    return RecordCopy.with(this, "patientLevelSplit", patientLevel);
  }

  /**
   * Returns a copy with grades for named class folders.
   *
   * @param grades folder name to grade
   * @return new options
   */
  public DatasetOptions withClassFolderGrades(Map<String, Integer> grades) {
    return RecordCopy.with(this, "classFolderGrades", grades);
  }

  /**
   * Returns a copy with an explicit CSV layout.
   *
   * @param layout the columns and extension
   * @return new options
   */
  public DatasetOptions withCsvLayout(CsvLayout layout) {
    return RecordCopy.with(this, "csvLayout", Optional.of(layout));
  }

  /**
   * Returns a copy with an explicit image folder for CSV datasets.
   *
   * @param folder the folder holding the images
   * @return new options
   */
  public DatasetOptions withImageFolder(Path folder) {
    return RecordCopy.with(this, "imageFolder", Optional.of(folder));
  }

  /**
   * Returns a copy that drops CSV rows naming missing images instead of failing.
   *
   * @param skip whether to drop such rows
   * @return new options
   */
  public DatasetOptions withSkipMissingImages(boolean skip) {
    return RecordCopy.with(this, "skipMissingImages", skip);
  }

  /**
   * Returns a copy with another pixel limit: photographs with more pixels (width × height) are
   * refused before they are decoded, which protects against decompression bombs.
   *
   * @param pixels the largest accepted width × height
   * @return new options
   */
  public DatasetOptions withMaxImagePixels(long pixels) {
    return RecordCopy.with(this, "maxImagePixels", pixels);
  }

  /**
   * Returns a copy with another number of grades.
   *
   * @param classes the number of grades labels are drawn from
   * @return new options
   */
  public DatasetOptions withNumClasses(int classes) {
    return RecordCopy.with(this, "numClasses", classes);
  }
}
