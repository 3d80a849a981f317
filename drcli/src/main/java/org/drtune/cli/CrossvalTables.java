package org.drtune.cli;

import java.util.Locale;
import org.drtune.eval.ConfidenceInterval;
import org.drtune.eval.Evaluation;
import org.drtune.eval.PairedDifference;
import org.drtune.experiments.CrossValidation;
import org.drtune.experiments.Experiments;
import org.drtune.experiments.PatientSummary;

/**
 * The Markdown tables {@code drtune crossval} prints and writes ({@code OUT/table.md}, {@code
 * OUT/summary.md}): one row per cross-validated setting, per pooled summary and per comparison.
 */
final class CrossvalTables {
  private CrossvalTables() {}

  /** Header of the Markdown table of {@link #comparisonRow}. */
  static final String COMPARISON_HEADER =
      "| comparison | images | Δ referable AUC | Δ sens. @ spec. 0.90 | Δ spec. @ sens. 0.90 |"
          + " Δ kappa | Δ ACC | P(AUC a > b) |\n"
          + "|---|---|---|---|---|---|---|---|";

  /** One Markdown row of a comparison: each difference with its paired 95 % interval. */
  static String comparisonRow(Experiments.Comparison c) {
    PairedDifference d = c.difference();
    return String.format(
        Locale.ROOT,
        "| %s − %s%s | %d%s | %s | %s | %s | %s | %s | %.3f |",
        c.a(),
        c.b(),
        c.testTimeAugmentation() ? " (TTA)" : "",
        c.images(),
        c.patients() > 0 ? " (" + c.patients() + " patients)" : "",
        signed(d.referableAuc(), d.referableAucInterval()),
        signed(d.sensitivityAtTargetSpecificity(), d.sensitivityAtTargetSpecificityInterval()),
        signed(d.specificityAtTargetSensitivity(), d.specificityAtTargetSensitivityInterval()),
        signed(d.kappa(), d.kappaInterval()),
        signed(d.accuracy(), d.accuracyInterval()),
        d.referableAucAboveShare());
  }

  private static String signed(double v, ConfidenceInterval i) {
    return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", v, i.lower(), i.upper());
  }

  /** Header of the Markdown table of {@link #summaryRow}. */
  static final String SUMMARY_HEADER =
      "| setting | images | referable AUC | sens. @ spec. 0.90 | spec. @ sens. 0.90 | kappa | ACC |"
          + " s/epoch |\n"
          + "|---|---|---|---|---|---|---|---|";

  /** One Markdown row of a summary: each metric with its 95 % bootstrap interval. */
  static String summaryRow(Experiments.Summary s) {
    return String.format(
        Locale.ROOT,
        "| %s%s | %d%s | %s | %s |",
        s.name(),
        s.testTimeAugmentation() ? " (TTA)" : "",
        s.images(),
        s.patients() > 0 ? " (" + s.patients() + " patients)" : "",
        metrics(s.pooled()),
        Double.isNaN(s.secondsPerEpoch())
            ? "-"
            : String.format(Locale.ROOT, "%.0f", s.secondsPerEpoch()));
  }

  /** Referable AUC, the two operating points, kappa and accuracy with intervals, as cells. */
  private static String metrics(Evaluation e) {
    var b = e.intervals();
    return String.join(
        " | ",
        ci(e.referable().auc(), b.referableAuc()),
        ci(e.referable().atTargetSpecificity().sensitivity(), b.sensitivityAtTargetSpecificity()),
        ci(e.referable().atTargetSensitivity().specificity(), b.specificityAtTargetSensitivity()),
        ci(e.kappa(), b.kappa()),
        ci(e.accuracy(), b.accuracy()));
  }

  /** Header of the Markdown table of {@link #patientRows}. */
  static final String PATIENT_HEADER =
      "| setting | graded as | cases | referable AUC | sens. @ spec. 0.90 | spec. @ sens. 0.90 |"
          + " kappa | ACC |\n"
          + "|---|---|---|---|---|---|---|---|";

  /**
   * Four Markdown rows of a setting per patient: photographs and patients, each graded alone and
   * with the other eye fused in, then the two gains as comparison rows.
   */
  static String patientRows(PatientSummary s) {
    String name = s.name() + (s.testTimeAugmentation() ? " (TTA)" : "");
    String w =
        s.foldWeights().values().stream()
            .map(x -> String.format(Locale.ROOT, "%.2f", x))
            .collect(java.util.stream.Collectors.joining(", ", "other eye at w = ", ""));
    String photos = s.photographs() + " photographs";
    String patients = s.patients() + " patients";
    return String.join(
        "\n",
        patientRow(name, "photographs alone", photos, s.photographsAlone()),
        patientRow(name, "photographs, " + w, photos, s.photographsFused()),
        patientRow(name, "patients, eyes apart", patients, s.patientsAlone()),
        patientRow(name, "patients, " + w, patients, s.patientsFused()));
  }

  private static String patientRow(String name, String how, String cases, Evaluation e) {
    return String.format(Locale.ROOT, "| %s | %s | %s | %s |", name, how, cases, metrics(e));
  }

  /** The gains of fusing the eyes, as rows of the {@link #COMPARISON_HEADER} table. */
  static String patientGainRows(PatientSummary s) {
    return String.join(
        "\n",
        comparisonRow(
            new Experiments.Comparison(
                s.name() + " photographs with the other eye",
                "alone",
                s.photographs(),
                s.patients(),
                s.testTimeAugmentation(),
                s.photographsGain())),
        comparisonRow(
            new Experiments.Comparison(
                s.name() + " patients with the eyes fused",
                "apart",
                s.patients(),
                0,
                s.testTimeAugmentation(),
                s.patientsGain())));
  }

  private static String ci(double v, ConfidenceInterval i) {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v, i.lower(), i.upper());
  }

  /** Header of the Markdown table written by {@code drtune crossval --setting}. */
  static final String TABLE_HEADER =
      "| setting | ACC | AUC | kappa | referable AUC | ACC (TTA) | AUC (TTA) |"
          + " s/fold |\n|---|---|---|---|---|---|---|---|";

  /**
   * One Markdown row: name, ACC, AUC, kappa, referable AUC (mean ± std), the same with TTA, seconds
   * per fold.
   */
  static String row(CrossValidation.SettingResult r) {
    double secs =
        r.folds().stream().mapToDouble(CrossValidation.FoldResult::seconds).average().orElse(0);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %s | %s | %.0f |",
        r.name(),
        pm(r.mean().accuracy(), r.std().accuracy()),
        pm(r.mean().auc(), r.std().auc()),
        pm(r.mean().kappa(), r.std().kappa()),
        pm(r.mean().referableAuc(), r.std().referableAuc()),
        pm(r.meanTta().accuracy(), r.stdTta().accuracy()),
        pm(r.meanTta().auc(), r.stdTta().auc()),
        secs);
  }

  private static String pm(double m, double s) {
    return String.format(Locale.ROOT, "%.3f ± %.3f", m, s);
  }
}
