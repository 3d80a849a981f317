package org.drtune.internal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.eval.OperatingPoint;
import org.drtune.eval.ReferableMetrics;
import org.drtune.internal.model.AtomicFiles;

/**
 * One self-contained HTML page per run: the metrics with their confidence intervals, the
 * referable-DR operating points, the confusion matrix, the training history, the plots (embedded as
 * base64 {@code data:} URIs, so the page is a single file) and the model card. Every text that
 * comes from outside is HTML-escaped.
 *
 * <pre>{@code
 * Path loss = runDir.resolve("loss.png");
 * Plots.writeLossCurves(history, loss);
 * HtmlReport.write(runDir.resolve("report.html"), "GoogLeNet on APTOS", evaluation, history, modelCard,
 *     List.of(loss));
 * }</pre>
 */
public final class HtmlReport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final String STYLE =
      """
      body { font-family: sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
      table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.7em; text-align: right; }
      th:first-child, td:first-child { text-align: left; }
      thead th { background: #f0f4f8; }
      td.diagonal { background: #deebf7; font-weight: bold; }
      figure { display: inline-block; margin: 0 1em 1em 0; }
      img { max-width: 100%; border: 1px solid #ddd; }
      pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }
      """;

  private HtmlReport() {}

  /**
   * Writes the report to {@code html} (through a temporary file, then a rename).
   *
   * @param html file to write; its directory is created if needed
   * @param title page title and heading
   * @param evaluation metrics of the run, or null to leave the metric sections out; class names are
   *     {@link Plots#defaultClassNames(int)}
   * @param history per-epoch history, possibly empty (the history section is then left out)
   * @param modelCardJson model card as JSON, or null; it is pretty-printed
   * @param pngs PNG files to embed, in order, possibly empty
   * @throws IOException if a PNG cannot be read or the report cannot be written
   * @throws IllegalArgumentException if the model card is not valid JSON or a file is not a PNG
   */
  public static void write(
      Path html,
      String title,
      Evaluation evaluation,
      List<EpochRecord> history,
      String modelCardJson,
      List<Path> pngs)
      throws IOException {
    write(html, title, evaluation, history, modelCardJson, pngs, List.of());
  }

  /**
   * A table of text shown in a report (every cell escaped).
   *
   * @param heading the table's heading
   * @param columns the column names
   * @param rows the rows, each as many cells as there are columns
   */
  public record Table(String heading, List<String> columns, List<String[]> rows) {}

  /**
   * As {@link #write(Path, String, Evaluation, List, String, List)}, with tables after the metrics.
   */
  public static void write(
      Path html,
      String title,
      Evaluation evaluation,
      List<EpochRecord> history,
      String modelCardJson,
      List<Path> pngs,
      List<Table> tables)
      throws IOException {
    Objects.requireNonNull(html, "html");
    String page = render(title, evaluation, history, modelCardJson, pngs);
    for (Table table : tables) {
      StringBuilder t =
          new StringBuilder("<h2>").append(escape(table.heading())).append("</h2>\n<table>\n<tr>");
      table.columns().forEach(c -> t.append("<th>").append(escape(c)).append("</th>"));
      t.append("</tr>\n");
      for (String[] row : table.rows()) {
        t.append("<tr>");
        for (String cell : row) {
          t.append("<td>").append(escape(cell)).append("</td>");
        }
        t.append("</tr>\n");
      }
      t.append("</table>\n");
      int at = page.indexOf("<h2>Plots</h2>");
      page =
          at < 0
              ? page.replace("</body>", t + "</body>")
              : page.substring(0, at) + t + page.substring(at);
    }
    byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
    AtomicFiles.writeAtomically(html, out -> out.write(bytes));
  }

  /**
   * The report as an HTML string; see {@link #write(Path, String, Evaluation, List, String, List)}.
   *
   * @param title page title and heading
   * @param evaluation metrics of the run, or null
   * @param history per-epoch history, possibly empty
   * @param modelCardJson model card as JSON, or null
   * @param pngs PNG files to embed, possibly empty
   * @return the complete page
   * @throws IOException if a PNG cannot be read
   */
  public static String render(
      String title,
      Evaluation evaluation,
      List<EpochRecord> history,
      String modelCardJson,
      List<Path> pngs)
      throws IOException {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(pngs, "pngs");
    String modelCard = modelCardJson == null ? null : prettyJson(modelCardJson);
    StringBuilder page = new StringBuilder(4096);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n")
        .append("<h1>")
        .append(escape(title))
        .append("</h1>\n");
    if (evaluation != null) {
      appendEvaluation(page, evaluation);
    }
    if (!history.isEmpty()) {
      appendHistory(page, history);
    }
    if (!pngs.isEmpty()) {
      page.append("<h2>Plots</h2>\n");
      for (Path png : pngs) {
        appendImage(page, png);
      }
    }
    if (modelCard != null) {
      page.append("<h2>Model card</h2>\n<pre>").append(escape(modelCard)).append("</pre>\n");
    }
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  /**
   * Escapes the five HTML-special characters {@code & < > " '}.
   *
   * @param text any text
   * @return text safe inside an element or a quoted attribute
   */
  public static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static void appendEvaluation(StringBuilder page, Evaluation evaluation) {
    appendMetrics(page, evaluation);
    appendReferable(page, evaluation.referable());
    appendConfusion(page, evaluation);
  }

  /** The case count, then accuracy, mean AUC and kappa with their bootstrap intervals. */
  private static void appendMetrics(StringBuilder page, Evaluation evaluation) {
    String ci = String.format(Locale.ROOT, "%.0f%% CI", evaluation.intervals().level() * 100);
    page.append("<h2>Metrics</h2>\n<p>")
        .append(evaluation.n())
        .append(" cases, ")
        .append(evaluation.numClasses())
        .append(" grades; intervals from ")
        .append(evaluation.intervals().resamples())
        .append(" bootstrap resamples (seed ")
        .append(evaluation.intervals().seed())
        .append(").</p>\n");
    page.append("<table>\n<thead><tr><th>metric</th><th>value</th><th>")
        .append(ci)
        .append("</th></tr></thead>\n<tbody>\n");
    metricRow(page, "accuracy", evaluation.accuracy(), evaluation.intervals().accuracy());
    metricRow(page, "mean one-vs-rest AUC", evaluation.meanAuc(), evaluation.intervals().meanAuc());
    metricRow(page, "quadratic weighted kappa", evaluation.kappa(), evaluation.intervals().kappa());
    page.append("</tbody>\n</table>\n");
  }

  /** The referable-DR counts and AUC, then its three operating points. */
  private static void appendReferable(StringBuilder page, ReferableMetrics referable) {
    page.append("<h3>Referable DR (grade &ge; ")
        .append(referable.minGrade())
        .append(")</h3>\n<p>")
        .append(referable.positives())
        .append(" referable, ")
        .append(referable.negatives())
        .append(" not referable; AUC ")
        .append(Evaluation.format(referable.auc()))
        .append(".</p>\n");
    page.append(
        "<table>\n<thead><tr><th>operating point</th><th>threshold</th><th>sensitivity</th>"
            + "<th>specificity</th></tr></thead>\n<tbody>\n");
    pointRow(page, "referral threshold", referable.atThreshold());
    pointRow(
        page,
        String.format(Locale.ROOT, "sensitivity &ge; %.2f", referable.targetSensitivity()),
        referable.atTargetSensitivity());
    pointRow(
        page,
        String.format(Locale.ROOT, "specificity &ge; %.2f", referable.targetSpecificity()),
        referable.atTargetSpecificity());
    page.append("</tbody>\n</table>\n");
  }

  /** The confusion matrix, each row with its total and its grade's one-vs-rest AUC. */
  private static void appendConfusion(StringBuilder page, Evaluation evaluation) {
    List<String> names = Plots.defaultClassNames(evaluation.numClasses());
    int[][] confusion = evaluation.confusion();
    double[] classAuc = evaluation.classAuc();
    page.append(
            "<h3>Confusion matrix</h3>\n"
                + "<p>Rows: true grade; columns: predicted grade.</p>\n"
                + "<table>\n")
        .append("<thead><tr><th>true \\ predicted</th>");
    for (String name : names) {
      page.append("<th>").append(escape(name)).append("</th>");
    }
    page.append("<th>total</th><th>one-vs-rest AUC</th></tr></thead>\n<tbody>\n");
    for (int t = 0; t < confusion.length; t++) {
      page.append("<tr><th>").append(escape(names.get(t))).append("</th>");
      int total = 0;
      for (int p = 0; p < confusion[t].length; p++) {
        page.append(p == t ? "<td class=\"diagonal\">" : "<td>")
            .append(confusion[t][p])
            .append("</td>");
        total += confusion[t][p];
      }
      page.append("<td>")
          .append(total)
          .append("</td><td>")
          .append(Evaluation.format(classAuc[t]))
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n");
  }

  private static void appendHistory(StringBuilder page, List<EpochRecord> history) {
    page.append(
        "<h2>Training history</h2>\n"
            + "<table>\n"
            + "<thead><tr><th>epoch</th><th>train loss</th><th>train accuracy</th><th>val"
            + " loss</th><th>val accuracy</th><th>val AUC</th><th>val kappa</th><th>learning"
            + " rate</th><th>seconds</th></tr></thead>\n"
            + "<tbody>\n");
    for (EpochRecord r : history) {
      page.append("<tr><td>").append(r.epoch()).append("</td>");
      for (double v :
          new double[] {
            r.trainLoss(), r.trainAccuracy(), r.valLoss(), r.valAccuracy(), r.valAuc(), r.valKappa()
          }) {
        page.append("<td>").append(Evaluation.format(v)).append("</td>");
      }
      page.append("<td>")
          .append(String.format(Locale.ROOT, "%.3g", r.learningRate()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", r.seconds()))
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n");
  }

  private static void appendImage(StringBuilder page, Path png) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    if (bytes.length < PNG_SIGNATURE.length
        || !Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
      throw new IllegalArgumentException(
          png + " is not a PNG file: only PNG images can be embedded");
    }
    String name = escape(String.valueOf(png.getFileName()));
    page.append("<figure><img src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(bytes))
        .append("\" alt=\"")
        .append(name)
        .append("\"><figcaption>")
        .append(name)
        .append("</figcaption></figure>\n");
  }

  private static void metricRow(
      StringBuilder page, String name, double value, ConfidenceInterval interval) {
    page.append("<tr><td>")
        .append(name)
        .append("</td><td>")
        .append(Evaluation.format(value))
        .append("</td><td>")
        .append(Evaluation.format(interval))
        .append("</td></tr>\n");
  }

  private static void pointRow(StringBuilder page, String name, OperatingPoint point) {
    page.append("<tr><td>")
        .append(name)
        .append("</td><td>")
        .append(Evaluation.format(point.threshold()))
        .append("</td><td>")
        .append(Evaluation.format(point.sensitivity()))
        .append("</td><td>")
        .append(Evaluation.format(point.specificity()))
        .append("</td></tr>\n");
  }

  private static String prettyJson(String json) {
    try {
      JsonNode tree = JSON.readTree(json);
      if (tree == null || tree.isMissingNode()) {
        throw new IllegalArgumentException("modelCardJson is empty: pass a JSON document or null");
      }
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "modelCardJson is not valid JSON ("
              + e.getOriginalMessage()
              + "): pass the model card file's text",
          e);
    }
  }
}
