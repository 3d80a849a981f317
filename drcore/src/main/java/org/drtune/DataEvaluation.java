package org.drtune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.drtune.eval.Evaluation;
import org.drtune.internal.model.CardJson;
import org.drtune.internal.report.HtmlReport;
import org.drtune.internal.report.Plots;

/**
 * The metrics of a model on labelled data, as {@link DrClassifier#evaluate} computes them and
 * {@code drtune evaluate} prints them.
 *
 * @param model the model folder
 * @param data the data, as given
 * @param split the split evaluated
 * @param note a remark about the choice of split, or null
 * @param ensembleSize models averaged (1 for a single model)
 * @param testTimeAugmentation whether the four rotations were averaged
 * @param skippedImages how many photographs could not be read and were left out
 * @param skipped those photographs, with the reason
 * @param evaluation the metrics over the photographs that were graded
 */
public record DataEvaluation(
    String model,
    String data,
    String split,
    String note,
    int ensembleSize,
    boolean testTimeAugmentation,
    int skippedImages,
    List<SkippedImage> skipped,
    Evaluation evaluation) {

  /** Copies the list. */
  public DataEvaluation {
    skipped = List.copyOf(skipped);
  }

  /**
   * Writes these metrics as JSON to {@code json}, and next to it the confusion matrix ({@code
   * NAME-confusion.png}) and an HTML report ({@code NAME.html}) that shows them with the model
   * card; every file atomically.
   *
   * @param card the model card shown in the report
   * @return the files written: the JSON, the plot and the report
   */
  public List<Path> writeFiles(Path json, ModelCard card) throws IOException {
    CardJson.write(json, this);
    String name = json.getFileName().toString();
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    Path png = json.resolveSibling(stem + "-confusion.png");
    Plots.writeConfusionMatrix(evaluation.confusion(), card.classes(), png);
    Path html = json.resolveSibling(stem + ".html");
    HtmlReport.write(
        html,
        "drtune evaluate: " + split + " split of " + Path.of(data).getFileName(),
        evaluation,
        List.of(),
        card.toJson(),
        List.of(png));
    return List.of(json, png, html);
  }
}
