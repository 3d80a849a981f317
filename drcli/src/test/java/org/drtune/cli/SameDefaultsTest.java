package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.GradedImage;
import org.drtune.grading.Grading;
import org.drtune.grading.ImageProgress;
import org.drtune.model.ModelCard;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.Recipes;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an embedding application gets is what the command line gives: {@code
 * FineTuneRequest.of(data, run)} trains the same model as {@code drtune train --data data --out
 * run} (the same recipe, ensemble included, down to the bits of every trained weight), and {@code
 * DrClassifier.load(model)} with its defaults gives the probabilities that {@code drtune predict}
 * writes.
 */
class SameDefaultsTest {
  @TempDir Path tmp;

  @Test
  void theLibraryWithoutOptionsTrainsAndGradesExactlyAsTheCommandLine() throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 5, 3, 1);
    Path cliRun = tmp.resolve("cli");
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            npz.toString(),
            "--out",
            cliRun.toString(),
            "--quiet",
            "--backbone-graph",
            TinyBackbone.file().toString(),
            "--backbone-profile",
            "inception5h");
    assertThat(train.code()).as(train.toString()).isZero();
    assertThat(train.err()).doesNotContain("recipe:"); // --quiet

    FineTuneJob.Result lib =
        FineTuneJob.run(
            FineTuneRequest.of(npz, tmp.resolve("lib")).withBackbone(TinyBackbone.ref()),
            TrainingListener.NONE);

    assertThat(lib.recipe()).isEqualTo(Recipes.forData(npz));
    assertThat(lib.members()).isEqualTo(Recipes.forData(npz).ensembleMembers()).isGreaterThan(1);
    try (DrClassifier fromCli = DrClassifier.load(cliRun.resolve("model"))) {
      List<ModelCard> cli = fromCli.memberCards();
      assertThat(cli).hasSize(lib.members());
      for (int m = 0; m < cli.size(); m++) {
        assertThat(cli.get(m).trainableVariables())
            .as("member %d", m + 1)
            .isEqualTo(lib.memberCards().get(m).trainableVariables());
        assertThat(cli.get(m).training()).isEqualTo(lib.memberCards().get(m).training());
        assertThat(cli.get(m).recipe()).isEqualTo(lib.memberCards().get(m).recipe());
      }
    }

    Path csv = tmp.resolve("test.csv");
    CliRun predict =
        CliRun.of(
            "predict",
            "--model",
            cliRun.toString(),
            "--data",
            npz.toString(),
            "--split",
            "test",
            "--out",
            csv.toString(),
            "--quiet");
    assertThat(predict.code()).as(predict.toString()).isZero();
    List<String> rows = Files.readAllLines(csv);
    try (DrClassifier classifier = DrClassifier.load(lib.modelDir())) {
      assertThat(classifier.options().testTimeAugmentation()).isTrue();
      Grading g = classifier.classifyData(npz, "test", false, ImageProgress.NONE);
      assertThat(rows).hasSize(g.graded().size() + 1);
      for (int i = 0; i < g.graded().size(); i++) {
        GradedImage gi = g.graded().get(i);
        String[] cells = rows.get(i + 1).split(",");
        assertThat(cells[0]).isEqualTo(gi.id());
        assertThat(Integer.parseInt(cells[1])).isEqualTo(gi.result().predictedClass());
        for (int c = 0; c < gi.result().probabilities().size(); c++) {
          assertThat(Double.parseDouble(cells[2 + c]))
              .as("image %s class %d", gi.id(), c)
              .isCloseTo(
                  gi.result().probabilities().get(c), org.assertj.core.data.Offset.offset(5e-7));
        }
      }
    }
  }
}
