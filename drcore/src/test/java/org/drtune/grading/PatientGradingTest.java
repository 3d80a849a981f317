package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.eval.Predictions;
import org.drtune.internal.eval.PatientPooling;
import org.drtune.model.Screening;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patients on a real (tiny) model trained on an EyePACS folder: the card records the patient
 * threshold chosen on the validation patients, and the classifier grades patients from their
 * photographs as screening programmes do.
 */
class PatientGradingTest {
  @TempDir static Path tmp;
  private static Path data;
  private static FineTuneJob.Result run;

  @BeforeAll
  static void train() throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 60, 20, 0, 3, 5);
    data = TinyNpz.writeEyePacsFolder(npz, 3, tmp.resolve("eyepacs"));
    run = FineTuneJob.run(TinyBackbone.request(data, tmp.resolve("run")), TrainingListener.NONE);
  }

  @Test
  void theCardRecordsThePatientThresholdChosenOnTheValidationPatients() {
    Screening.Patients rule = run.card().screening().patients();
    assertThat(rule).isNotNull();
    Predictions p = run.validationPredictions();
    List<PatientPooling.Photo> photos = new ArrayList<>();
    for (int i = 0; i < p.ids().size(); i++) {
      photos.add(
          new PatientPooling.Photo(p.ids().get(i), p.labels()[i], p.probabilities()[i], null));
    }
    PatientPooling.Pooling pooled =
        PatientPooling.pool(
            photos,
            PatientNaming.EYEPACS::identify,
            2,
            OptionalDouble.empty(),
            rule.otherEyeWeight());
    assertThat(rule.validationPatients()).isEqualTo(pooled.patients().size()).isPositive();
    // both eyes of a patient are on the same side of the split
    assertThat(pooled.patients()).allSatisfy(x -> assertThat(x.result().eyes()).hasSize(2));
    if (!Double.isNaN(rule.referableThreshold())) {
      long referable = pooled.patients().stream().filter(x -> x.label() >= 2).count();
      long found =
          pooled.patients().stream()
              .filter(
                  x ->
                      x.label() >= 2
                          && x.result().referableProbability() >= rule.referableThreshold())
              .count();
      assertThat((double) found / referable).isCloseTo(rule.validationSensitivity(), within(1e-9));
      assertThat(rule.validationSensitivity()).isGreaterThanOrEqualTo(0.9);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(doubles = {0, 0.3})
  void aPatientIsTheWorseOfItsEyesEachSeeingTheOther(double weight) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(data.resolve("images"))) {
      files = s.sorted().toList();
    }
    try (DrClassifier c =
        DrClassifier.load(
            run.modelDir(), DrClassifier.Options.defaults().withOtherEyeWeight(weight))) {
      Grading g = c.classifyFiles(files, true, ImageProgress.NONE);
      PatientGrading byPatient = c.byPatient(g, PatientNaming.EYEPACS);
      assertThat(byPatient.unassigned()).isEmpty();
      assertThat(byPatient.patients()).hasSize(files.size() / 2);
      Map<String, DrResult> photo = new HashMap<>();
      g.graded().forEach(gi -> photo.put(Path.of(gi.id()).getFileName().toString(), gi.result()));
      double w = c.otherEyeWeight();
      assertThat(w).isEqualTo(weight);
      for (PatientResult p : byPatient.patients()) {
        DrResult left = photo.get(p.patient() + "_left.jpeg");
        DrResult right = photo.get(p.patient() + "_right.jpeg");
        double l = left.referableProbability();
        double r = right.referableProbability();
        // each eye sees the other at the weight; the patient is the worse eye
        assertThat(p.referableProbability())
            .isCloseTo(Math.max((1 - w) * l + w * r, (1 - w) * r + w * l), within(1e-6));
        if (w == 0) {
          assertThat(p.predictedClass())
              .isEqualTo(Math.max(left.predictedClass(), right.predictedClass()));
        }
        OptionalDouble t = c.patientReferableThreshold();
        assertThat(p.referable())
            .isEqualTo(
                t.isPresent()
                    ? p.referableProbability() >= t.getAsDouble()
                    : p.predictedClass() >= 2);
      }
      PatientResult first = byPatient.patients().get(0);
      PatientResult alone =
          c.classifyPatient(
              first.patient(),
              Map.of(
                  Eye.LEFT, List.of(data.resolve("images/" + first.patient() + "_left.jpeg")),
                  Eye.RIGHT, List.of(data.resolve("images/" + first.patient() + "_right.jpeg"))));
      assertThat(alone.referableProbability())
          .isCloseTo(first.referableProbability(), within(1e-6));
      assertThat(alone.referable()).isEqualTo(first.referable());
      String csv = byPatient.toCsv();
      String k = c.labelScheme().classColumn();
      assertThat(csv.lines().findFirst().orElseThrow())
          .isEqualTo(
              "patient,photos,"
                  + k
                  + ",referable_p,referable,ungradable,left_"
                  + k
                  + ",left_referable_p,right_"
                  + k
                  + ",right_referable_p");
      assertThat(csv.lines()).hasSize(byPatient.patients().size() + 1);
      assertThat(byPatient.toJsonLines().lines()).hasSize(byPatient.patients().size());
    }
  }

  @Test
  void evaluationReportsPatientsBesidePhotographs() throws IOException {
    try (DrClassifier c = DrClassifier.load(run.modelDir())) {
      DataEvaluation e = c.evaluate(data, "all", true, ImageProgress.NONE);
      assertThat(e.patients()).isNotNull();
      assertThat(e.patients().count()).isEqualTo(40);
      assertThat(e.patients().unassigned()).isZero();
      assertThat(e.patients().allPatients().confusion().length).isEqualTo(3);
    }
  }

  @Test
  void evaluationSetsThePhotographsWithTheOtherEyeBesideTheirOwn() throws IOException {
    double w = 0.3;
    try (DrClassifier c =
        DrClassifier.load(run.modelDir(), DrClassifier.Options.defaults().withOtherEyeWeight(w))) {
      DataEvaluation e = c.evaluate(data, "all", true, ImageProgress.NONE);
      assertThat(e.patients().otherEyeWeight()).isEqualTo(w);
      Grading g = c.classifyData(data, "all", true, ImageProgress.NONE);
      Map<String, GradedImage> byId = new HashMap<>();
      g.graded().forEach(gi -> byId.put(Path.of(gi.id()).getFileName().toString(), gi));
      List<GradedImage> gradable =
          g.graded().stream().filter(gi -> gi.result().gradable()).toList();
      int[] labels = new int[gradable.size()];
      float[][] fused = new float[gradable.size()][];
      for (int i = 0; i < gradable.size(); i++) {
        GradedImage gi = gradable.get(i);
        String name = Path.of(gi.id()).getFileName().toString();
        String other =
            name.contains("_left")
                ? name.replace("_left", "_right")
                : name.replace("_right", "_left");
        float[] own = gi.result().probabilityArray();
        float[] theirs = byId.get(other).result().probabilityArray();
        labels[i] = c.labelScheme().labelOf(gi.label());
        fused[i] = new float[own.length];
        for (int k = 0; k < own.length; k++) {
          fused[i][k] = (float) ((1 - w) * own[k] + w * theirs[k]);
        }
      }
      assertThat(e.patients().photographsWithOtherEye().referable().auc())
          .isCloseTo(
              org.drtune.internal.eval.OperatingPoints.referable(
                      labels, fused, c.labelScheme().evaluationOptions())
                  .auc(),
              within(1e-6));
    }
    try (DrClassifier c =
        DrClassifier.load(
            run.modelDir(), DrClassifier.Options.defaults().withOtherEyeWeight(0.0))) {
      DataEvaluation e = c.evaluate(data, "all", true, ImageProgress.NONE);
      assertThat(e.patients().photographsWithOtherEye()).isNull();
    }
  }
}
