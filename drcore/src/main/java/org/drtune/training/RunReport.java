package org.drtune.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtune.eval.EpochRecord;
import org.drtune.eval.Evaluation;
import org.drtune.internal.report.HtmlReport;
import org.drtune.internal.report.Plots;

/**
 * The report of a run: loss and metric curves, the confusion matrix, and an HTML page with both.
 */
final class RunReport {
  private RunReport() {}

  /**
   * Writes {@code runDir/plots/*.png} and {@code runDir/report.html}.
   *
   * @param history the epochs (none for an ensemble: its members' reports hold theirs)
   * @param cardJson the card shown on the page
   * @return the HTML page
   */
  static Path write(
      Path runDir,
      String title,
      Evaluation validation,
      List<EpochRecord> history,
      String cardJson,
      List<String> classes)
      throws IOException {
    Path plots = runDir.resolve("plots");
    Files.createDirectories(plots);
    List<Path> pngs = new ArrayList<>();
    if (!history.isEmpty()) {
      pngs.add(plots.resolve("loss.png"));
      Plots.writeLossCurves(history, pngs.get(pngs.size() - 1));
      pngs.add(plots.resolve("metrics.png"));
      Plots.writeMetricCurves(history, pngs.get(pngs.size() - 1));
    }
    pngs.add(plots.resolve("confusion.png"));
    Plots.writeConfusionMatrix(validation.confusion(), classes, pngs.get(pngs.size() - 1));
    Path html = runDir.resolve("report.html");
    HtmlReport.write(html, title, validation, history, cardJson, pngs);
    return html;
  }
}
