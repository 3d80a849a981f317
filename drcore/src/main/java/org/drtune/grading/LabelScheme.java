package org.drtune.grading;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.drtune.eval.EvaluationOptions;

/**
 * What a model's output classes mean, and the rules that follow from it: how a DR grade (0–4) of
 * the data becomes a training label, the class names, which outputs count as referable DR, and the
 * column names of result files. Referable DR is moderate NPDR or worse (grade ≥ {@value
 * #REFERABLE_MIN_GRADE}), the usual screening referral rule.
 */
public enum LabelScheme {
  /** Output k is DR grade k (or class k of a K-class dataset); referable = grades ≥ 2. */
  GRADES("grades"),
  /**
   * Two outputs learnt from graded data: 0 = grade 0–1 (not referable), 1 = grade ≥ 2 (referable).
   */
  REFERABLE("referable");

  /** Lowest DR grade that is referable: 2 (moderate non-proliferative DR). */
  public static final int REFERABLE_MIN_GRADE = 2;

  private static final List<String> GRADE_NAMES =
      List.of("NO_DR", "MILD", "MODERATE", "SEVERE", "PROLIFERATIVE");

  private final String id;

  LabelScheme(String id) {
    this.id = id;
  }

  /**
   * The scheme of a model with {@code numClasses} outputs trained on graded data: 2 = referable,
   * else grades.
   */
  public static LabelScheme forClasses(int numClasses) {
    return numClasses == 2 ? REFERABLE : GRADES;
  }

  /** The scheme named in a model card ({@code grades} or {@code referable}). */
  @JsonCreator
  public static LabelScheme parse(String id) {
    for (LabelScheme s : values()) {
      if (s.id.equals(id == null ? "" : id.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown label scheme '" + id + "': expected grades or referable");
  }

  /** The name in model cards. */
  @JsonValue
  public String id() {
    return id;
  }

  /**
   * Classes of the data such a model learns from: 5 DR grades for {@code REFERABLE}, else the
   * model's own K.
   */
  public int dataClasses(int numClasses) {
    return this == REFERABLE ? Grade.values().length : numClasses;
  }

  /** The training label of a data label (a DR grade for {@code REFERABLE}). */
  public int labelOf(int dataLabel) {
    return this == REFERABLE ? (dataLabel >= REFERABLE_MIN_GRADE ? 1 : 0) : dataLabel;
  }

  /**
   * The lowest output class that counts as referable: 1 for {@code REFERABLE}, grade 2 for {@code
   * GRADES}.
   */
  public int referableMinClass() {
    return this == REFERABLE ? 1 : REFERABLE_MIN_GRADE;
  }

  /** Names of the {@code numClasses} outputs, in order. */
  public List<String> classNames(int numClasses) {
    if (this == REFERABLE) {
      return List.of("NOT_REFERABLE", "REFERABLE");
    }
    return numClasses == GRADE_NAMES.size()
        ? GRADE_NAMES
        : IntStream.range(0, numClasses).mapToObj(k -> "grade " + k).toList();
  }

  /** The column of the predicted class in result CSVs: {@code grade} or {@code class}. */
  public String classColumn() {
    return this == REFERABLE ? "class" : "grade";
  }

  /** Evaluation options whose referable DR is this scheme's referable classes. */
  public EvaluationOptions evaluationOptions() {
    return EvaluationOptions.defaults().withReferableMinGrade(referableMinClass());
  }

  /** The probability of referable DR: the sum over the referable outputs. */
  public double referableProbability(float[] probabilities) {
    double p = 0;
    for (int c = referableMinClass(); c < probabilities.length; c++) {
      p += probabilities[c];
    }
    return p;
  }
}
