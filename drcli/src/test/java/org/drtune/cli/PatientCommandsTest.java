package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict --by-patient} and {@code evaluate}'s patient-level metrics on EyePACS ids. */
class PatientCommandsTest {
  @TempDir static Path tmp;
  private static Path data;
  private static Path model;

  @BeforeAll
  static void train() throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 30, 10, 0, 3, 8);
    data = TinyNpz.writeEyePacsFolder(npz, 3, tmp.resolve("eyepacs"));
    model =
        FineTuneJob.run(TinyBackbone.request(data, tmp.resolve("run")), TrainingListener.NONE)
            .modelDir();
  }

  @Test
  void predictByPatientWritesOneRowPerPatient() throws IOException {
    Path csv = tmp.resolve("patients.csv");
    CliRun r =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--by-patient",
            "--out",
            csv.toString(),
            data.resolve("images").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("wrote 20 patient(s) to " + csv);
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows).hasSize(21);
    assertThat(rows.get(0))
        .startsWith("patient,photos,grade,referable_p,referable,ungradable,left_");
    assertThat(rows.get(1)).startsWith("0,2,");

    Path byNumber = tmp.resolve("no-eyes.csv");
    CliRun noEye =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--by-patient",
            "--patient-pattern",
            "(?<patient>\\d+)_\\w+",
            "--out",
            byNumber.toString(),
            data.resolve("images").toString());
    assertThat(noEye.code()).as(noEye.toString()).isZero();
    assertThat(Files.readAllLines(byNumber).get(0)).endsWith(",eye_grade,eye_referable_p");
  }

  @Test
  void aBadPatternOrNoPatientIsAClearError() {
    CliRun bad =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--by-patient",
            "--patient-pattern",
            "(\\d+)_left",
            "--out",
            tmp.resolve("x.csv").toString(),
            data.resolve("images").toString());
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err()).contains("--patient-pattern", "no group named patient");
    CliRun none =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--by-patient",
            "--patient-pattern",
            "(?<patient>P\\d+)",
            "--out",
            tmp.resolve("y.csv").toString(),
            data.resolve("images").toString());
    assertThat(none.code()).isEqualTo(ExitCode.DATA.code());
    assertThat(none.err()).contains("no photograph names a patient");
    assertThat(tmp.resolve("y.csv")).doesNotExist();
  }

  @Test
  void evaluateReportsPatientsBesidePhotographs() {
    CliRun r =
        CliRun.of(
            "evaluate", "--model", model.toString(), "--data", data.toString(), "--split", "all");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("per patient (20 patients");
    CliRun fused =
        CliRun.of(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--split",
            "all",
            "--other-eye-weight",
            "0.25");
    assertThat(fused.code()).as(fused.toString()).isZero();
    assertThat(fused.out())
        .contains(
            "each eye with the other's at weight 0.25",
            "the gradable photographs with the other eye's probabilities at weight 0.25");
    CliRun bad =
        CliRun.of(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--other-eye-weight",
            "1");
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err()).contains("--other-eye-weight must be at least 0 and below 1, got 1.0");
  }

  @Test
  void calibrateWritesANewModelWithTheSitesThresholds() throws IOException {
    Path siteNpz = TinyNpz.write(tmp.resolve("site.npz"), 30, 10, 0, 3, 21);
    Path site = TinyNpz.writeEyePacsFolder(siteNpz, 3, tmp.resolve("site"));
    Path out = tmp.resolve("calibrated");
    Path json = tmp.resolve("calibrated.json");
    CliRun r =
        CliRun.of(
            "calibrate",
            "--model",
            model.toString(),
            "--data",
            site.toString(),
            "--out",
            out.toString(),
            "--json",
            json.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "site sample: 40 photographs",
            "20 patients",
            "photographs: refer at",
            "patients (the model's",
            "model: " + out);
    assertThat(out.resolve("model-card.json")).isRegularFile();
    assertThat(Files.readString(json)).contains("\"site\"", "\"calibratedFrom\"");
    CliRun again =
        CliRun.of(
            "calibrate",
            "--model",
            model.toString(),
            "--data",
            site.toString(),
            "--out",
            out.toString());
    assertThat(again.code()).isEqualTo(ExitCode.DATA.code());
    assertThat(again.err()).contains("exists: calibrate writes a new model folder");
  }
}
