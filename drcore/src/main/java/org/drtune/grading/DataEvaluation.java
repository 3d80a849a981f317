package org.drtune.grading;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtune.eval.Evaluation;
import org.drtune.internal.model.CardJson;
import org.drtune.internal.report.HtmlReport;
import org.drtune.internal.report.Plots;
import org.drtune.model.ModelCard;

/**
 * The metrics of a model on labelled data, as {@link DrClassifier#evaluate} computes them and
 * {@code drtune evaluate} prints them: on the photographs that passed the quality check, and on
 * every photograph with the refused ones counted as referable.
 *
 * @param model the model folder
 * @param data the data, as given
 * @param split the split evaluated
 * @param note a remark about the choice of split, or null
 * @param ensembleSize models averaged (1 for a single model)
 * @param testTimeAugmentation whether the four rotations were averaged
 * @param skippedImages how many photographs could not be read and were left out
 * @param skipped those photographs, with the reason
 * @param evaluation the metrics over the photographs that passed the quality check (null when none
 *     did)
 * @param readImages photographs read (graded or refused by the quality check)
 * @param ungradable photographs the quality check refused
 * @param ungradableByGrade of those, how many had each true grade
 * @param rejected the refused photographs, with their reason
 * @param allPhotographs the metrics over every photograph read, a refused one counted as referable
 * @param patients the same per patient (label = the worse eye's grade), or null when the
 *     photographs name no patients (the conservative screening convention: it is sent for a re-take
 *     or to an ophthalmologist); the same as {@code evaluation} when none was refused
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
    Evaluation evaluation,
    int readImages,
    int ungradable,
    List<Integer> ungradableByGrade,
    List<Rejected> rejected,
    Evaluation allPhotographs,
    PatientLevel patients) {

  /**
   * The metrics per patient: each patient graded from both eyes as {@link DrClassifier#byPatient}
   * does, against the worse eye's true grade.
   *
   * @param naming how the photographs named their patient and eye
   * @param count patients with a known grade
   * @param ungradable of those, patients with an eye the quality check could not grade
   * @param evaluation the metrics over the gradable patients (null when none is)
   * @param allPatients the metrics over every patient, an ungradable one counted as referred
   * @param unassigned photographs whose names say no patient (left out)
   * @param otherEyeWeight the other eye's weight in each photograph's probabilities (the model's;
   *     0: the eyes were graded apart)
   * @param photographsWithOtherEye the gradable photographs' metrics with the other eye fused in at
   *     {@code otherEyeWeight}, to set beside the photographs' own (null when the weight is 0)
   */
  public record PatientLevel(
      String naming,
      int count,
      int ungradable,
      Evaluation evaluation,
      Evaluation allPatients,
      int unassigned,
      double otherEyeWeight,
      Evaluation photographsWithOtherEye) {}

  /**
   * A photograph the quality check refused.
   *
   * @param id its id (file name or index in the split)
   * @param grade its true grade
   * @param reason why it was refused
   */
  public record Rejected(String id, int grade, UngradableReason reason) {}

  /** Copies the lists. */
  public DataEvaluation {
    skipped = List.copyOf(skipped);
    ungradableByGrade = ungradableByGrade == null ? List.of() : List.copyOf(ungradableByGrade);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /** Share of the photographs read that the quality check refused. */
  public double ungradableRate() {
    return readImages == 0 ? 0 : (double) ungradable / readImages;
  }

  /**
   * Writes these metrics as JSON to {@code json}, and next to it the confusion matrix ({@code
   * NAME-confusion.png}) and an HTML report ({@code NAME.html}) that shows them with the refused
   * photographs and the model card; every file atomically.
   *
   * @param card the model card shown in the report
   * @return the files written: the JSON, the plot and the report
   */
  public List<Path> writeFiles(Path json, ModelCard card) throws IOException {
    CardJson.write(json, this);
    String name = json.getFileName().toString();
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    Path png = json.resolveSibling(stem + "-confusion.png");
    Evaluation shown = evaluation != null ? evaluation : allPhotographs;
    Plots.writeConfusionMatrix(shown.confusion(), card.classes(), png);
    Path html = json.resolveSibling(stem + ".html");
    List<String[]> rows = new ArrayList<>();
    for (Rejected r : rejected) {
      rows.add(
          new String[] {r.id(), Integer.toString(r.grade()), r.reason().id(), r.reason().advice()});
    }
    HtmlReport.write(
        html,
        "drtune evaluate: " + split + " split of " + Path.of(data).getFileName(),
        shown,
        List.of(),
        card.toJson(),
        List.of(png),
        tables(rows));
    return List.of(json, png, html);
  }

  /** The report's tables: photographs and patients side by side, and the refused photographs. */
  private List<HtmlReport.Table> tables(List<String[]> refused) {
    List<HtmlReport.Table> tables = new ArrayList<>();
    if (patients != null && patients.allPatients() != null) {
      Evaluation photos = evaluation != null ? evaluation : allPhotographs;
      Evaluation people =
          patients.evaluation() != null ? patients.evaluation() : patients.allPatients();
      tables.add(
          new HtmlReport.Table(
              "per photograph and per patient (the worse eye's grade, the higher eye's referable"
                  + " probability)",
              List.of("", "photographs", "patients"),
              List.of(
                  row("cases", readImages - ungradable, patients.count() - patients.ungradable()),
                  row("referable AUC", photos.referable().auc(), people.referable().auc()),
                  row(
                      "sensitivity at the referral threshold",
                      photos.referable().atThreshold().sensitivity(),
                      people.referable().atThreshold().sensitivity()),
                  row(
                      "specificity at the referral threshold",
                      photos.referable().atThreshold().specificity(),
                      people.referable().atThreshold().specificity()),
                  row(
                      "sensitivity at specificity 0.90",
                      photos.referable().atTargetSpecificity().sensitivity(),
                      people.referable().atTargetSpecificity().sensitivity()),
                  row(
                      "specificity at sensitivity 0.90",
                      photos.referable().atTargetSensitivity().specificity(),
                      people.referable().atTargetSensitivity().specificity()),
                  row("quadratic weighted kappa", photos.kappa(), people.kappa()))));
    }
    if (!refused.isEmpty()) {
      tables.add(
          new HtmlReport.Table(
              ungradable + " of " + readImages + " photographs not graded (quality check)",
              List.of("photograph", "true grade", "reason", "what to do"),
              refused));
    }
    return tables;
  }

  private static String[] row(String what, double photographs, double patients) {
    return new String[] {
      what,
      String.format(java.util.Locale.ROOT, "%.3f", photographs),
      String.format(java.util.Locale.ROOT, "%.3f", patients)
    };
  }

  private static String[] row(String what, int photographs, int patients) {
    return new String[] {what, Integer.toString(photographs), Integer.toString(patients)};
  }
}
