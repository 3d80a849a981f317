package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drtune.DatasetException;
import org.drtune.training.CsvLayout;
import org.drtune.training.DatasetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetsTest {

  @TempDir Path dir;

  private final DatasetOptions options = DatasetOptions.defaults().withValidation(0.25, 1);

  private void image(Path file) throws IOException {
    String name = file.getFileName().toString();
    Fixtures.write(
        Fixtures.fundus(40, 30, name.hashCode()), name.endsWith(".png") ? "png" : "jpg", file);
  }

  @Test
  void readsGradeFoldersAndHoldsOutAStratifiedValidationSplit() throws IOException {
    for (int grade = 0; grade < 5; grade++) {
      for (int i = 0; i < 4; i++) {
        image(dir.resolve(grade + "/img" + grade + i + (i % 2 == 0 ? ".jpeg" : ".PNG")));
      }
    }
    Files.writeString(dir.resolve("0/notes.txt"), "ignored");
    DatasetSplits splits = Datasets.open(dir, options);
    assertThat(splits.train().size()).isEqualTo(15);
    assertThat(splits.validation().size()).isEqualTo(5);
    assertThat(Sampling.classCounts(splits.validation().labels(), 5))
        .containsExactly(1, 1, 1, 1, 1);
    for (FundusDataset split : List.of(splits.train(), splits.validation())) {
      for (int i = 0; i < split.size(); i++) {
        assertThat(split.id(i)).startsWith("img" + split.label(i));
      }
    }
    assertThat(splits.train().load(0).getWidth()).isEqualTo(40);
  }

  @Test
  void mapsNamedClassFoldersAndRejectsUnknownOnes() throws IOException {
    image(dir.resolve("No_DR/a.jpg"));
    image(dir.resolve("Severe/b.jpg"));
    FundusDataset all =
        ImageFileDataset.fromClassFolders(
            dir, Map.of("No_DR", 0, "Severe", 3), 5, ImageDecoder.defaults());
    assertThat(all.labels()).containsExactly(0, 3);
    assertThatThrownBy(
            () ->
                ImageFileDataset.fromClassFolders(
                    dir, Map.of("No_DR", 0), 5, ImageDecoder.defaults()))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("class folder 'Severe'")
        .hasMessageContaining("has no grade");
    assertThatThrownBy(() -> Datasets.open(dir, options))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("'No_DR'")
        .hasMessageContaining("is not a grade 0..4");
  }

  @Test
  void readsEyePacsCsvAndKeepsBothEyesOfAPatientOnOneSide() throws IOException {
    StringBuilder csv = new StringBuilder("image,level\n");
    for (int patient = 1; patient <= 40; patient++) {
      for (String eye : new String[] {"left", "right"}) {
        String id = patient + "_" + eye;
        image(dir.resolve("train/" + id + ".jpeg"));
        csv.append(id)
            .append(',')
            .append(eye.equals("left") ? patient % 5 : (patient + 1) % 5)
            .append('\n');
      }
    }
    Files.writeString(dir.resolve("trainLabels.csv"), csv);
    DatasetSplits splits = Datasets.open(dir, options);
    assertThat(splits.train().size() + splits.validation().size()).isEqualTo(80);
    Set<String> trainPatients = patients(splits.train());
    Set<String> validationPatients = patients(splits.validation());
    assertThat(validationPatients).isNotEmpty().doesNotContainAnyElementsOf(trainPatients);
    assertThat(splits.validation().size()).isEqualTo(2 * validationPatients.size());
    assertThat(ids(Datasets.open(dir, options).validation())).isEqualTo(ids(splits.validation()));
  }

  @Test
  void aCsvsPatientAndEyeColumnsKeepAPatientOnOneSide() throws IOException {
    StringBuilder csv = new StringBuilder("image,level,patient,eye\n");
    for (int n = 0; n < 80; n++) {
      String id = "img" + (1000 + n * 7); // names that say nothing of the patient
      image(dir.resolve("train/" + id + ".jpeg"));
      csv.append(id)
          .append(',')
          .append(n % 5)
          .append(",P")
          .append(n / 2)
          .append(',')
          .append(n % 2 == 0 ? "OD" : "OS")
          .append('\n');
    }
    Files.writeString(dir.resolve("trainLabels.csv"), csv);
    DatasetSplits splits = Datasets.open(dir, options);
    FundusDataset validation = splits.validation();
    Set<String> validationPatients = new HashSet<>();
    for (int i = 0; i < validation.size(); i++) {
      org.drtune.grading.PatientNaming.Photo p = validation.photo(i).orElseThrow();
      validationPatients.add(p.patient());
      assertThat(p.eye()).isIn(org.drtune.grading.Eye.LEFT, org.drtune.grading.Eye.RIGHT);
    }
    for (int i = 0; i < splits.train().size(); i++) {
      assertThat(validationPatients)
          .doesNotContain(splits.train().photo(i).orElseThrow().patient());
    }
    assertThat(validation.size()).isEqualTo(2 * validationPatients.size());
    assertThat(
            TrainValidationSplit.patientsOf(validation, org.drtune.grading.PatientNaming.EYEPACS))
        .hasSize(validation.size());

    Files.writeString(dir.resolve("trainLabels.csv"), "image,level,patient,eye\nimg1000,0,P1,up\n");
    assertThatThrownBy(() -> Datasets.open(dir, options))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("unknown eye 'up'");
    Files.writeString(dir.resolve("trainLabels.csv"), "image,level,patient\nimg1000,0,\n");
    assertThatThrownBy(() -> Datasets.open(dir, options))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("line 2 has no patient");
  }

  @Test
  void aPatientPatternKeepsAPatientOnOneSide() throws IOException {
    StringBuilder csv = new StringBuilder("image,level\n");
    for (int n = 0; n < 80; n++) {
      String id = "P" + (n / 2) + "-" + (n % 2 == 0 ? "OD" : "OS");
      image(dir.resolve("train/" + id + ".jpeg"));
      csv.append(id).append(',').append(n % 5).append('\n');
    }
    Files.writeString(dir.resolve("trainLabels.csv"), csv);
    org.drtune.grading.PatientNaming naming =
        org.drtune.grading.PatientNaming.of("(?<patient>P\\d+)-(?<eye>OD|OS)");
    DatasetSplits splits = Datasets.open(dir, options.withPatientNaming(naming));
    Set<String> validationPatients = new HashSet<>();
    for (int i = 0; i < splits.validation().size(); i++) {
      validationPatients.add(naming.identify(splits.validation().id(i)).orElseThrow().patient());
    }
    for (int i = 0; i < splits.train().size(); i++) {
      assertThat(validationPatients)
          .doesNotContain(naming.identify(splits.train().id(i)).orElseThrow().patient());
    }
    assertThat(splits.validation().size()).isEqualTo(2 * validationPatients.size());
  }

  private static Set<String> patients(FundusDataset dataset) {
    Set<String> patients = new HashSet<>();
    for (int i = 0; i < dataset.size(); i++) {
      patients.add(TrainValidationSplit.patientOf(dataset.id(i)).orElseThrow());
    }
    return patients;
  }

  private static List<String> ids(FundusDataset dataset) {
    return java.util.stream.IntStream.range(0, dataset.size()).mapToObj(dataset::id).toList();
  }

  @Test
  void detectsAptosCsvAndItsImageFolder() throws IOException {
    StringBuilder csv = new StringBuilder("\uFEFFid_code,diagnosis\n");
    for (int i = 0; i < 10; i++) {
      image(dir.resolve("train_images/" + "00a" + i + ".png"));
      csv.append("00a").append(i).append(',').append(i % 5).append('\n');
    }
    Path file = Files.writeString(dir.resolve("train.csv"), csv);
    ImageFileDataset all = Datasets.fromCsv(file, options);
    assertThat(all.size()).isEqualTo(10);
    assertThat(all.path(3)).isEqualTo(dir.resolve("train_images/00a3.png").toAbsolutePath());
    assertThat(all.labels()).containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 3, 4);
    DatasetSplits splits = Datasets.open(file, options);
    assertThat(splits.train().size() + splits.validation().size()).isEqualTo(10);
  }

  @Test
  void readsACustomCsvLayout() throws IOException {
    image(dir.resolve("pics/x1.jpg"));
    image(dir.resolve("pics/x2.jpg"));
    Path csv =
        Files.writeString(dir.resolve("labels.csv"), "site,file,grade\nA,x1,4\n\nB,\"x2\",1\n");
    ImageFileDataset data =
        ImageFileDataset.fromCsv(
            csv,
            dir.resolve("pics"),
            new CsvLayout("file", "Grade", ".jpg"),
            5,
            ImageDecoder.defaults(),
            false);
    assertThat(data.labels()).containsExactly(4, 1);
    assertThatThrownBy(() -> Datasets.fromCsv(csv, options))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("neither EyePACS (image,level) nor APTOS");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../../etc/passwd", "..", "sub/x", "..\\\\x", "/etc/passwd", ".hidden", "c:x"})
  void rejectsCsvNamesLeavingTheImageFolder(String id) throws IOException {
    Path images = Files.createDirectories(dir.resolve("inner/train"));
    image(images.resolve("ok.jpeg"));
    Path csv =
        Files.writeString(
            dir.resolve("inner/trainLabels.csv"), "image,level\nok,0\n" + id + ",1\n");
    assertThatThrownBy(
            () ->
                ImageFileDataset.fromCsv(
                    csv, images, CsvLayout.EYEPACS, 5, ImageDecoder.defaults(), true))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("line 3 names image '" + id + "', which is not a plain file name");
  }

  @Test
  void reportsMissingImagesOrSkipsThemOnRequest() throws IOException {
    Path images = Files.createDirectories(dir.resolve("train"));
    image(images.resolve("1_left.jpeg"));
    image(images.resolve("1_right.jpeg"));
    Path csv =
        Files.writeString(
            dir.resolve("trainLabels.csv"),
            "image,level\n1_left,0\n1_right,2\n2_left,1\n2_right,3\n");
    assertThatThrownBy(
            () ->
                ImageFileDataset.fromCsv(
                    csv, images, CsvLayout.EYEPACS, 5, ImageDecoder.defaults(), false))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("names 2 image(s) missing from")
        .hasMessageContaining("[2_left, 2_right]")
        .hasMessageContaining("skipMissingImages");
    ImageFileDataset kept =
        ImageFileDataset.fromCsv(csv, images, CsvLayout.EYEPACS, 5, ImageDecoder.defaults(), true);
    assertThat(kept.size()).isEqualTo(2);
    assertThat(kept.missing()).containsExactly("2_left", "2_right");
  }

  @Test
  void rejectsDuplicateIdsAndBadLabels() throws IOException {
    Path images = Files.createDirectories(dir.resolve("train"));
    image(images.resolve("a.jpeg"));
    image(images.resolve("b.jpeg"));
    Path duplicate = Files.writeString(dir.resolve("dup.csv"), "image,level\na,0\nb,1\na,2\n");
    assertThatThrownBy(
            () ->
                ImageFileDataset.fromCsv(
                    duplicate, images, CsvLayout.EYEPACS, 5, ImageDecoder.defaults(), false))
        .hasMessageContaining("line 4 repeats image 'a' of line 2");
    Path range = Files.writeString(dir.resolve("range.csv"), "image,level\na,0\nb,5\n");
    assertThatThrownBy(
            () ->
                ImageFileDataset.fromCsv(
                    range, images, CsvLayout.EYEPACS, 5, ImageDecoder.defaults(), false))
        .hasMessageContaining("line 3 has label 5 out of range: expected " + "a grade 0..4");
    Path text = Files.writeString(dir.resolve("text.csv"), "image,level\na,mild\n");
    assertThatThrownBy(
            () ->
                ImageFileDataset.fromCsv(
                    text, images, CsvLayout.EYEPACS, 5, ImageDecoder.defaults(), false))
        .hasMessageContaining("has label 'mild', expected an integer");
  }

  @Test
  void rejectsAnUnrecognisedLayout() throws IOException {
    Files.writeString(dir.resolve("readme.txt"), "nothing here");
    assertThatThrownBy(() -> Datasets.open(dir, options))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("cannot tell the dataset layout");
  }

  @Test
  void opensTheOneNpzOfAFolderButNotAFolderWithMoreToRead() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("retinamnist"));
    org.drtune.TinyNpz.write(folder.resolve("retinamnist_trainval.npz"), 12, 6, 0, 5, 1);
    Files.writeString(folder.resolve("README.md"), "RetinaMNIST");
    DatasetSplits splits = Datasets.open(folder, DatasetOptions.defaults());
    assertThat(splits.train().size()).isEqualTo(12);
    assertThat(splits.validation().size()).isEqualTo(6);
    assertThat(Datasets.openAll(folder, DatasetOptions.defaults()).size()).isEqualTo(18);

    org.drtune.TinyNpz.write(folder.resolve("second.npz"), 12, 6, 0, 5, 2);
    assertThatThrownBy(() -> Datasets.open(folder, DatasetOptions.defaults()))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("cannot tell the dataset layout");
  }

  @Test
  void usesTrainAndValFoldersWhenPresent() throws IOException {
    for (String split : new String[] {"train", "val", "test"}) {
      for (int grade = 0; grade < 2; grade++) {
        image(dir.resolve(split + "/" + grade + "/" + split + grade + ".png"));
      }
    }
    DatasetSplits splits = Datasets.open(dir, options);
    assertThat(splits.train().size()).isEqualTo(2);
    assertThat(splits.validation().id(0)).isEqualTo("val0");
    assertThat(splits.test()).hasValueSatisfying(test -> assertThat(test.id(1)).isEqualTo("test1"));
  }

  @Test
  void openAllPoolsEveryLabelledImageButNeverTheTestSplit() throws IOException {
    for (String split : new String[] {"train", "val", "test"}) {
      for (int grade = 0; grade < 2; grade++) {
        image(dir.resolve(split + "/" + grade + "/" + split + grade + ".png"));
      }
    }
    FundusDataset all = Datasets.openAll(dir, options);
    assertThat(ids(all)).containsExactly("train0", "train1", "val0", "val1");
    assertThat(all.labels()).containsExactly(0, 1, 0, 1);
    assertThat(all.load(2).getWidth()).isEqualTo(40);

    Path csvDir = dir.resolve("eyepacs");
    StringBuilder csv = new StringBuilder("image,level\n");
    for (int patient = 1; patient <= 3; patient++) {
      image(csvDir.resolve("images/" + patient + "_left.jpeg"));
      csv.append(patient).append("_left,").append(patient).append('\n');
    }
    Files.writeString(csvDir.resolve("trainLabels.csv"), csv);
    assertThat(ids(Datasets.openAll(csvDir, options)))
        .containsExactly("1_left", "2_left", "3_left");
    assertThat(ids(Datasets.openAll(csvDir.resolve("trainLabels.csv"), options))).hasSize(3);
  }

  @Test
  void concatRefusesDuplicateIdsAndMixedClassCounts() throws IOException {
    image(dir.resolve("a/0/x.png"));
    image(dir.resolve("a/1/y.png"));
    FundusDataset a = Datasets.openAll(dir.resolve("a"), options);
    assertThatThrownBy(() -> Datasets.concat(a, a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' is in both");
    FundusDataset binary = Datasets.openAll(dir.resolve("a"), options.withNumClasses(2));
    assertThatThrownBy(() -> Datasets.concat(a, binary)).hasMessageContaining("5 and 2 classes");
  }
}
