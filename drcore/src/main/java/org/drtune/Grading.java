package org.drtune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.drtune.internal.model.AtomicFiles;

/**
 * The results of grading many photographs: every photograph that could be read, in input order, and
 * every one that could not, with the reason.
 *
 * @param source what was graded: "files", or the split of a dataset (e.g. {@code test split of
 *     data.npz})
 * @param note a remark about the choice of split, or null
 * @param labelScheme what the model's outputs mean
 * @param graded the graded photographs
 * @param skipped the photographs left out
 */
public record Grading(
    String source,
    String note,
    LabelScheme labelScheme,
    List<GradedImage> graded,
    List<SkippedImage> skipped) {
  /** Copies the lists. */
  public Grading {
    graded = List.copyOf(graded);
    skipped = List.copyOf(skipped);
  }

  /**
   * The graded photographs as CSV: a header {@code
   * id,grade,p0,...,pK-1,referable_p,referable,ungradable} ({@code class} instead of {@code grade}
   * for a referable/not-referable model), then one row per photograph: its id, the predicted class,
   * the probability of each class (6 decimals), the referable probability, the referral decision
   * ({@code 1} or {@code 0}) and, for a photograph the quality check refused, the reason (e.g.
   * {@code out-of-focus}; empty when graded; the grade column is then empty too and the decision is
   * 1). Ids holding a comma, quote or line break are quoted.
   */
  public String toCsv() {
    int k = graded.isEmpty() ? 0 : graded.get(0).result().probabilities().size();
    StringBuilder csv = new StringBuilder("id,").append(labelScheme.classColumn());
    for (int c = 0; c < k; c++) {
      csv.append(",p").append(c);
    }
    csv.append(",referable_p,referable,ungradable\n");
    for (GradedImage gi : graded) {
      DrResult r = gi.result();
      csv.append(csvField(gi.id())).append(',');
      if (r.gradable()) {
        csv.append(r.predictedClass());
      }
      for (double p : r.probabilities()) {
        csv.append(',').append(String.format(Locale.ROOT, "%.6f", p));
      }
      csv.append(',').append(String.format(Locale.ROOT, "%.6f", r.referableProbability()));
      csv.append(',').append(r.refer() ? 1 : 0);
      csv.append(',').append(r.gradable() ? "" : r.ungradable().id());
      csv.append('\n');
    }
    return csv.toString();
  }

  /**
   * Writes {@link #toCsv()} to {@code file} atomically: an existing file is replaced only by the
   * complete new one.
   */
  public void writeCsv(Path file) throws IOException {
    AtomicFiles.writeAtomically(file, toCsv());
  }

  /** Quotes a CSV field when it holds a comma, quote or line break. */
  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
