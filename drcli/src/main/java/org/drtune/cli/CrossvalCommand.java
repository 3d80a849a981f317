package org.drtune.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtune.BuildInfo;
import org.drtune.experiments.CrossValidation;
import org.drtune.experiments.CrossValidationRequest;
import org.drtune.experiments.Experiments;
import org.drtune.experiments.PatientSummary;
import org.drtune.training.TrainingSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drtune crossval}: stratified k-fold cross-validation of training settings on a MedMNIST
 * .npz, a label CSV or a folder of photographs (patient-level folds for EyePACS ids).
 */
@Command(
    name = "crossval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Cross-validates fine-tuning settings on every labelled image of a dataset (the train+val"
          + " images of a MedMNIST .npz, every row of an EyePACS/APTOS label CSV, or a folder of"
          + " grade folders): stratified k folds (patient-level when every id is an EyePACS"
          + " <patient>_left|right id: both eyes in one fold), a fresh model per fold trained for a"
          + " fixed number of epochs, the last epoch evaluated on the held-out fold (with and"
          + " without rotation TTA). Writes OUT/table.md (one row per setting, mean ± std) and"
          + " OUT/NAME.json (with every held-out probability, so that --ensemble can combine"
          + " settings later)."
    })
final class CrossvalCommand extends BaseCommand {
  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "A MedMNIST .npz, a label CSV or a dataset folder (needed with --setting).")
  Path data;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = {
        "Keep the feature caches (setting key cache=true) here and reuse them in later runs on the"
            + " same images and frozen part (default: a scratch folder under --out, deleted at the"
            + " end)."
      })
  Path cacheDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "crossval",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--folds",
      paramLabel = "K",
      defaultValue = "5",
      description = "Folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--fold-seed",
      paramLabel = "S",
      defaultValue = "2024",
      description = "Seed of the fold assignment (default: ${DEFAULT-VALUE}).")
  long foldSeed;

  @Option(
      names = "--setting",
      paramLabel = "SPEC",
      arity = "1..*",
      description =
          "Setting(s) to cross-validate, e.g. linear112:strategy=linear,size=112,epochs=30,lr=0.01")
  List<String> settings = new java.util.ArrayList<>();

  @Option(
      names = "--ensemble",
      paramLabel = "NAME:A+B",
      arity = "1..*",
      description = {
        "Ensemble(s) of settings cross-validated into the same --out folder (now or earlier): the"
            + " mean of their held-out probabilities on every fold, evaluated like a setting, e.g."
            + " ens:seed42+seed7+seed13. Computed after the --setting runs; needs no training."
      })
  List<String> ensembles = new java.util.ArrayList<>();

  @picocli.CommandLine.Mixin BackboneOptions backbone = new BackboneOptions();

  @picocli.CommandLine.Mixin PatientPatternOption patients = new PatientPatternOption();

  @Option(
      names = "--summary",
      paramLabel = "NAME",
      arity = "1..*",
      description = {
        "Settings (or ensembles) already run into --out to pool: every held-out probability of all"
            + " folds at once (with TTA), with 95%% bootstrap intervals (patient-level for EyePACS"
            + " ids) of the referable AUC, sensitivity at specificity 0.90, specificity at"
            + " sensitivity 0.90, kappa and accuracy; appended to OUT/summary.md."
      })
  List<String> summaries = new java.util.ArrayList<>();

  @Option(
      names = "--compare",
      paramLabel = "A:B",
      arity = "1..*",
      description = {
        "Pairs of settings already run into --out to compare on the images both held out (TTA):"
            + " the difference A - B of referable AUC, sensitivity at specificity 0.90,"
            + " specificity at sensitivity 0.90, kappa and accuracy with paired 95%% bootstrap"
            + " intervals (patient-level for EyePACS ids): an interval that excludes 0 is a"
            + " measurable difference. Appended to OUT/summary.md."
      })
  List<String> comparisons = new java.util.ArrayList<>();

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description =
          "Also write the results of this run as JSON (each setting's mean, std and per-fold"
              + " metrics, and the --summary pools), or '-' for standard output.")
  Path json;

  @Option(
      names = "--max-folds",
      paramLabel = "N",
      description =
          "Train and evaluate only the first N of the --folds folds (a quicker screen; default:"
              + " all).")
  Integer maxFolds;

  CrossvalCommand(CliContext ctx) {
    super(ctx);
  }

  /**
   * The help paragraph on setting keys, made from the table of training settings (so it lists
   * exactly the keys a setting takes).
   */
  static String settingKeysHelp() {
    StringBuilder keys = new StringBuilder();
    for (TrainingSetting s : TrainingSetting.values()) {
      if (s.forCrossValidation()) {
        keys.append(keys.isEmpty() ? "" : ", ").append(s.key());
        if (s.paramLabel() != null) {
          keys.append(" (").append(s.paramLabel()).append(')');
        }
      }
    }
    return "A setting is NAME:key=value,... applied on TrainingConfig's defaults with a fixed"
        + " number of epochs; keys (as drtune train's options, see 'drtune train --help'; a"
        + " flag alone means on, key=false off; layer lists joined by '+'): "
        + keys
        + ". train-images=N trains each fold on about N of its images (whole patients stratified"
        + " by grade, a learning curve). Older spellings still work: size, decay, headmult,"
        + " classweights, balanced, random, freezeupto, cut, lcs, crop, cache, cachedtype, train.";
  }

  @Override
  ExitCode run() throws Exception {
    List<CrossValidation.Setting> parsed = checkArguments();
    List<CrossValidation.SettingResult> results = new ArrayList<>();
    CrossvalProgress progress = new CrossvalProgress(err(), out.resolve("table.md"));
    if (!parsed.isEmpty()) {
      results.addAll(Experiments.run(request(parsed, progress)));
    }
    for (String e : ensembles) {
      results.add(ensemble(e, progress));
    }
    if (!results.isEmpty()) {
      out().println(CrossvalTables.TABLE_HEADER);
      results.forEach(r -> out().println(CrossvalTables.row(r)));
      out().println("table: " + out.resolve("table.md"));
    }
    List<Experiments.Summary> pooled = summaries();
    List<Experiments.Comparison> compared = comparisons();
    if (json != null) {
      OutputFile.writeJson(json, resultJson(results, pooled, compared), out());
    }
    return ExitCode.OK;
  }

  /** Checks every option before anything runs; the settings parsed. */
  List<CrossValidation.Setting> checkArguments() {
    if (folds < 2) {
      throw usage("--folds must be at least 2, got " + folds);
    }
    if (settings.isEmpty() && ensembles.isEmpty() && summaries.isEmpty() && comparisons.isEmpty()) {
      throw usage("give at least one --setting, --ensemble, --summary or --compare");
    }
    for (String c : comparisons) {
      if (!c.matches("[^:]+:[^:]+")) {
        throw usage("--compare " + c + ": expected A:B, two setting names run into --out");
      }
    }
    if (maxFolds != null && (maxFolds < 1 || maxFolds > folds)) {
      throw usage("--max-folds must be between 1 and --folds (" + folds + "), got " + maxFolds);
    }
    if (!settings.isEmpty() && data == null) {
      throw usage("--setting needs --data PATH");
    }
    for (String e : ensembles) {
      if (!e.matches("[^:+]+:[^:+]+(\\+[^:+]+)+")) {
        throw usage("--ensemble " + e + ": expected NAME:MEMBER+MEMBER[+...]");
      }
    }
    List<CrossValidation.Setting> parsed = new ArrayList<>();
    for (String s : settings) {
      try {
        parsed.add(CrossValidation.Setting.parse(s, backbone.ref()));
      } catch (IllegalArgumentException e) {
        throw usage("--setting " + s + ": " + e.getMessage());
      }
    }
    return parsed;
  }

  private CrossValidationRequest request(
      List<CrossValidation.Setting> parsed, CrossvalProgress progress) {
    return new CrossValidationRequest(
        data,
        out,
        folds,
        foldSeed,
        parsed,
        backbone.ref(),
        backbone.assets(assets()),
        cacheDir,
        maxFolds == null ? 0 : maxFolds,
        progress,
        patients.naming(this::usage));
  }

  private CrossValidation.SettingResult ensemble(String spec, CrossvalProgress progress)
      throws IOException {
    String name = spec.substring(0, spec.indexOf(':'));
    List<String> members = List.of(spec.substring(spec.indexOf(':') + 1).split("\\+"));
    err().println("== ensemble " + spec);
    try {
      return Experiments.ensemble(out, name, members, progress);
    } catch (IllegalArgumentException ex) {
      throw usage("--ensemble " + spec + ": " + ex.getMessage());
    }
  }

  /** The --summary pools, printed and appended to OUT/summary.md. */
  private List<Experiments.Summary> summaries() throws IOException {
    List<Experiments.Summary> pooled = new ArrayList<>();
    if (summaries.isEmpty()) {
      return pooled;
    }
    StringBuilder md = new StringBuilder();
    for (String name : summaries) {
      try {
        Experiments.Summary sum = Experiments.summarize(out, name, true);
        pooled.add(sum);
        md.append(CrossvalTables.summaryRow(sum)).append('\n');
        PatientSummary.of(out, name, true, patients.naming(this::usage)).ifPresent(byPatient::add);
      } catch (IllegalArgumentException e) {
        throw usage("--summary " + name + ": " + e.getMessage());
      }
    }
    appendSummary(CrossvalTables.SUMMARY_HEADER, md);
    if (!byPatient.isEmpty()) {
      StringBuilder rows = new StringBuilder();
      StringBuilder gains = new StringBuilder();
      for (PatientSummary p : byPatient) {
        rows.append(CrossvalTables.patientRows(p)).append('\n');
        gains.append(CrossvalTables.patientGainRows(p)).append('\n');
      }
      appendSummary(CrossvalTables.PATIENT_HEADER, rows);
      appendSummary(CrossvalTables.COMPARISON_HEADER, gains);
    }
    return pooled;
  }

  /** The --summary settings per patient, when their ids name patients and eyes. */
  private final List<PatientSummary> byPatient = new ArrayList<>();

  /** The --compare differences, printed and appended to OUT/summary.md. */
  private List<Experiments.Comparison> comparisons() throws IOException {
    List<Experiments.Comparison> compared = new ArrayList<>();
    if (comparisons.isEmpty()) {
      return compared;
    }
    StringBuilder md = new StringBuilder();
    for (String c : comparisons) {
      String[] ab = c.split(":");
      try {
        Experiments.Comparison cmp = Experiments.compare(out, ab[0], ab[1], true);
        compared.add(cmp);
        md.append(CrossvalTables.comparisonRow(cmp)).append('\n');
      } catch (IllegalArgumentException e) {
        throw usage("--compare " + c + ": " + e.getMessage());
      }
    }
    appendSummary(CrossvalTables.COMPARISON_HEADER, md);
    return compared;
  }

  /** What --json writes. */
  private Map<String, Object> resultJson(
      List<CrossValidation.SettingResult> results,
      List<Experiments.Summary> pooled,
      List<Experiments.Comparison> compared) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("command", "crossval");
    j.put("drtune", BuildInfo.current().drtune());
    j.put("data", data == null ? null : data.toString());
    j.put("out", out.toString());
    j.put("folds", folds);
    j.put("foldSeed", foldSeed);
    List<Object> rows = new ArrayList<>();
    for (CrossValidation.SettingResult r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", r.name());
      row.put("mean", r.mean());
      row.put("std", r.std());
      row.put("meanTta", r.meanTta());
      row.put(
          "folds",
          r.folds().stream()
              .map(
                  f ->
                      Map.of(
                          "fold",
                          f.fold(),
                          "plain",
                          f.plain(),
                          "tta",
                          f.tta(),
                          "seconds",
                          f.seconds()))
              .toList());
      rows.add(row);
    }
    j.put("settings", rows);
    j.put("summaries", pooled);
    j.put("patientSummaries", byPatient);
    j.put("comparisons", compared);
    return j;
  }

  /** Prints the rows under their header and appends them to OUT/summary.md. */
  private void appendSummary(String header, StringBuilder rows) throws IOException {
    out().println(header);
    out().print(rows);
    Files.writeString(
        out.resolve("summary.md"),
        rows.toString(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    out().println("summary: " + out.resolve("summary.md"));
  }
}
