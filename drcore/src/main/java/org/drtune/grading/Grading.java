package org.drtune.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /**
   * The graded photographs as JSON Lines, one object per photograph in input order: {@code id},
   * {@code grade} ({@code class} for a referable/not-referable model; null when the quality check
   * refused the photograph), {@code probabilities} (in class order), {@code referable_p}, {@code
   * referable} (the referral decision, true for a refused photograph), {@code ungradable} (the
   * reason's id, or null), and {@code quality} (the measures, null when the check was off; a
   * measure that could not be taken is null).
   */
  public String toJsonLines() {
    StringBuilder out = new StringBuilder();
    for (GradedImage gi : graded) {
      DrResult r = gi.result();
      ObjectNode o = JSON.createObjectNode();
      o.put("id", gi.id());
      if (r.gradable()) {
        o.put(labelScheme.classColumn(), r.predictedClass());
      } else {
        o.putNull(labelScheme.classColumn());
      }
      var probs = o.putArray("probabilities");
      r.probabilities().forEach(p -> probs.add(round(p)));
      o.put("referable_p", round(r.referableProbability()));
      o.put("referable", r.refer());
      if (r.gradable()) {
        o.putNull("ungradable");
      } else {
        o.put("ungradable", r.ungradable().id());
      }
      QualityMeasures q = r.quality();
      if (q == null) {
        o.putNull("quality");
      } else {
        ObjectNode qn = o.putObject("quality");
        qn.put("width", q.width());
        qn.put("height", q.height());
        measure(qn, "fieldOfView", q.fieldOfView());
        measure(qn, "circleFit", q.circleFit());
        measure(qn, "radius", q.radius());
        measure(qn, "circleInside", q.circleInside());
        measure(qn, "fill", q.fill());
        measure(qn, "surround", q.surround());
        measure(qn, "brightness", q.brightness());
        measure(qn, "contrast", q.contrast());
        measure(qn, "saturated", q.saturated());
        measure(qn, "redness", q.redness());
        measure(qn, "sharpness", q.sharpness());
        measure(qn, "cornerContact", q.cornerContact());
        measure(qn, "featureDistance", q.featureDistance());
      }
      try {
        out.append(JSON.writeValueAsString(o)).append('\n');
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }

  /**
   * Writes {@link #toJsonLines()} to {@code file} atomically: an existing file is replaced only by
   * the complete new one.
   */
  public void writeJsonLines(Path file) throws IOException {
    AtomicFiles.writeAtomically(file, toJsonLines());
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static double round(double p) {
    return Math.round(p * 1e6) / 1e6;
  }

  private static void measure(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, Math.round(v * 1e6) / 1e6);
    } else {
      o.putNull(name);
    }
  }

  /** Quotes a CSV field when it holds a comma, quote or line break. */
  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
