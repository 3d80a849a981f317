package org.drtune.training;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns and image extension of a label CSV.
 *
 * @param idColumn the header of the column naming the image (without extension)
 * @param labelColumn the header of the column holding the grade
 * @param extension the image file extension including the dot, for example {@code ".jpeg"}
 */
public record CsvLayout(String idColumn, String labelColumn, String extension) {

  /**
   * EyePACS / Kaggle 2015 {@code trainLabels.csv}: {@code image,level}, images {@code
   * <image>.jpeg}.
   */
  public static final CsvLayout EYEPACS = new CsvLayout("image", "level", ".jpeg");

  /** APTOS 2019 {@code train.csv}: {@code id_code,diagnosis}, images {@code <id_code>.png}. */
  public static final CsvLayout APTOS = new CsvLayout("id_code", "diagnosis", ".png");

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a column is blank, both columns are the same, or the
   *     extension does not start with a dot or contains a path separator
   */
  public CsvLayout {
    if (idColumn == null || idColumn.isBlank() || labelColumn == null || labelColumn.isBlank()) {
      throw new IllegalArgumentException(
          "idColumn and labelColumn must be column headers, got '"
              + idColumn
              + "' and '"
              + labelColumn
              + "'");
    }
    if (idColumn.equalsIgnoreCase(labelColumn)) {
      throw new IllegalArgumentException(
          "idColumn and labelColumn must differ, both are '" + idColumn + "'");
    }
    if (extension == null
        || !extension.startsWith(".")
        || extension.length() < 2
        || extension.contains("/")
        || extension.contains("\\")) {
      throw new IllegalArgumentException(
          "extension must look like '.jpeg' or '.png', got '" + extension + "'");
    }
    idColumn = idColumn.strip();
    labelColumn = labelColumn.strip();
  }

  /**
   * Returns a copy with another image extension.
   *
   * @param newExtension the extension including the dot
   * @return a new layout
   */
  public CsvLayout withExtension(String newExtension) {
    return new CsvLayout(idColumn, labelColumn, newExtension);
  }

  /**
   * Recognises the EyePACS or APTOS layout from a CSV header.
   *
   * @param header the header's column names
   * @return the matching layout, or empty
   */
  public static Optional<CsvLayout> detect(List<String> header) {
    for (CsvLayout layout : List.of(EYEPACS, APTOS)) {
      if (layout.columnIndex(header, layout.idColumn) >= 0
          && layout.columnIndex(header, layout.labelColumn) >= 0) {
        return Optional.of(layout);
      }
    }
    return Optional.empty();
  }

  /** Returns the index of a column in the header, ignoring case and surrounding blanks, or -1. */
  public int columnIndex(List<String> header, String column) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }
}
