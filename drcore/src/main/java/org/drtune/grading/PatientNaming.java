package org.drtune.grading;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How photographs name their patient and eye: a regular expression over a photograph's id (its file
 * name without folder and extension, or its id in a dataset) with a named group {@code patient}
 * and, optionally, {@code eye} ({@code left}/{@code right}, {@code l}/{@code r}, {@code os}/{@code
 * od}). The default, {@link #EYEPACS}, reads EyePACS ids such as {@code 10_left}.
 *
 * <pre>{@code
 * PatientNaming naming = PatientNaming.of("(?<patient>P\\d+)-(?<eye>OD|OS)-\\d+");
 * naming.identify("clinic/2026/P0042-OD-1.jpeg"); // P0042, right eye
 * }</pre>
 */
public final class PatientNaming implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** EyePACS / Kaggle ids: {@code <patient>_left} and {@code <patient>_right}. */
  public static final PatientNaming EYEPACS = of("(?<patient>.+)_(?<eye>left|right)");

  private final Pattern pattern;
  private final boolean namesEye;

  private PatientNaming(Pattern pattern) {
    this.pattern = pattern;
    this.namesEye = pattern.pattern().contains("(?<eye>");
  }

  /**
   * The naming {@code regex} describes.
   *
   * @throws IllegalArgumentException when it is not a regular expression or has no group named
   *     {@code patient}
   */
  public static PatientNaming of(String regex) {
    Objects.requireNonNull(regex, "regex");
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("not a regular expression: " + e.getMessage(), e);
    }
    if (!regex.contains("(?<patient>")) {
      throw new IllegalArgumentException(
          "the pattern '"
              + regex
              + "' has no group named patient: write it as (?<patient>...), and the eye, if the"
              + " names say it, as (?<eye>...)");
    }
    return new PatientNaming(p);
  }

  /** The regular expression. */
  public String regex() {
    return pattern.pattern();
  }

  /** Whether the names say which eye (the pattern has a group {@code eye}). */
  public boolean namesEye() {
    return namesEye;
  }

  /**
   * The patient and eye of a photograph: the whole of its file name without folder and extension
   * must match. Empty when it does not (the photograph names no patient).
   *
   * @throws IllegalArgumentException when the eye group matched something that is not an eye
   */
  public Optional<Photo> identify(String photographId) {
    String name =
        photographId.substring(
            Math.max(photographId.lastIndexOf('/'), photographId.lastIndexOf('\\')) + 1);
    Matcher m = pattern.matcher(name);
    if (!m.matches()) {
      int dot = name.lastIndexOf('.');
      if (dot <= 0) {
        return Optional.empty();
      }
      m = pattern.matcher(name.substring(0, dot));
      if (!m.matches()) {
        return Optional.empty();
      }
    }
    String eye = namesEye ? m.group("eye") : null;
    return Optional.of(new Photo(m.group("patient"), eye == null ? null : Eye.parse(eye)));
  }

  /**
   * A photograph's patient and eye.
   *
   * @param patient the text the {@code patient} group matched in the photograph's id: photographs
   *     with the same text belong to the same patient (never null)
   * @param eye null when the naming does not say
   */
  public record Photo(String patient, Eye eye) {
    /** Checks the patient. */
    public Photo {
      Objects.requireNonNull(patient, "patient");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatientNaming n && n.regex().equals(regex());
  }

  @Override
  public int hashCode() {
    return regex().hashCode();
  }

  @Override
  public String toString() {
    return regex();
  }
}
