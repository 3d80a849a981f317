package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.drtune.DatasetException;
import org.drtune.ImageLoadException;
import org.drtune.grading.ModelLoadException;
import org.drtune.models.AssetException;
import org.drtune.training.OptimizerKind;
import org.drtune.training.Recipe;
import org.drtune.training.Recipes;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's wiring, usage errors and exit codes; no model is run here. */
class CliTest {

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    CliRun r = CliRun.of("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("imagenet", "train", "evaluate", "predict", "demo", "Exit codes:");
    for (ExitCode c : ExitCode.values()) {
      assertThat(r.out()).contains(c.description());
    }
    CliRun train = CliRun.of("train", "--help");
    assertThat(train.code()).isZero();
    assertThat(train.out())
        .contains(
            "--strategy",
            "--freeze-upto",
            "--local-colour-subtraction",
            "Exit codes:",
            "training diverged");
  }

  @Test
  void helpCommandPrintsACommandsHelp() {
    CliRun r = CliRun.of("help", "train");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(CliRun.of("train", "--help").out())
        .contains("Usage: drtune train", "--strategy", "Exit codes:");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void helpAlonePrintsTheTopUsage() {
    CliRun r = CliRun.of("help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(CliRun.of("--help").out()).contains("Usage: drtune", "help");
    CliRun unknown = CliRun.of("help", "bogus");
    assertThat(unknown.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(unknown.err()).contains("bogus");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun r = CliRun.of();
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("a command is required", "Usage: drtune");
  }

  @Test
  void anUnknownOptionIsNamed() {
    CliRun r = CliRun.of("evaluate", "--model", "m", "--data", "d", "--bogus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--bogus'", "drtune evaluate --help");
  }

  @Test
  void aMissingRequiredOptionIsNamed() {
    CliRun r = CliRun.of("train", "--data", "x.npz");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--out");
  }

  @Test
  void anUnknownStrategyListsTheValidOnes() {
    CliRun r = CliRun.of("train", "--data", "x.npz", "--out", "run", "--strategy", "sideways");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("--strategy", "sideways", "linear, early-features, full, frozen-prefix");
  }

  @Test
  void anOutOfRangeValueNamesItsOption(@TempDir Path tmp) {
    CliRun r =
        CliRun.of(
            "train",
            "--data",
            tmp.resolve("x.npz").toString(),
            "--out",
            tmp.toString(),
            "--lr",
            "20");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--lr: learningRate must be in (0, 10), got 20.0");
    assertThat(r.err().lines().count()).isEqualTo(2);
  }

  @Test
  void aBadDeviceNamesTheValidForms() {
    CliRun r = CliRun.of("predict", "--model", "m", "--out", "p.csv", "--device", "tpu", "x.png");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--device", "device must be auto, cpu or gpu[:N], got tpu");
  }

  @Test
  void anUnknownLayerListsTheBackbonesLayers(@TempDir Path tmp) {
    CliRun r =
        CliRun.of("train", "--data", "x.npz", "--out", tmp.toString(), "--freeze", "conv1,conv9");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--freeze: unknown layer 'conv9'", "inception_4e");
    CliRun both =
        CliRun.of(
            "train",
            "--data",
            "x.npz",
            "--out",
            "run",
            "--freeze",
            "conv1",
            "--freeze-upto",
            "conv2");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
  }

  @Test
  void withoutOptionsTrainRunsTheDefaultRecipeAndEachOptionChangesOneField() {
    assertThat(parseTrain().recipe()).isEqualTo(Recipes.forData(Path.of("d.npz")));

    TrainCommand t =
        parseTrain(
            "--strategy",
            "full",
            "--lr",
            "0.01",
            "--optimizer",
            "ADAM",
            "--no-augment",
            "--freeze-upto",
            "conv2",
            "--seed",
            "7",
            "--random-init",
            "--no-crop-border");
    Recipe base = Recipes.forData(Path.of("d.npz"));
    TrainingConfig expected =
        base.training().toBuilder()
            .strategy(Strategy.FULL)
            .learningRate(0.01)
            .optimizer(OptimizerKind.ADAM)
            .augment(false)
            .freeze(java.util.List.of("conv1", "conv2"))
            .seed(7)
            .pretrained(false)
            .build();
    assertThat(t.recipe().training()).isEqualTo(expected);
    assertThat(t.recipe().preprocessing()).isEqualTo(base.preprocessing().withCropBorder(false));
    assertThat(t.recipe().ensembleMembers()).isEqualTo(base.ensembleMembers());
    assertThat(parseTrain("--ensemble", "1").recipe().ensembleMembers()).isEqualTo(1);
  }

  private static TrainCommand parseTrain(String... extra) {
    CliContext ctx =
        CliContext.of(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(new java.io.StringWriter()));
    CommandLine cl = Cli.create(ctx);
    String[] args = new String[extra.length + 5];
    args[0] = "train";
    args[1] = "--data";
    args[2] = "d.npz";
    args[3] = "--out";
    args[4] = "run";
    System.arraycopy(extra, 0, args, 5, extra.length);
    CommandLine.ParseResult p = cl.parseArgs(args);
    return (TrainCommand) p.subcommand().commandSpec().userObject();
  }

  @Test
  void aMissingModelFolderIsOneLineAndExitCode4() {
    CliRun r = CliRun.of("evaluate", "--model", "/nonexistent/run/model", "--data", "d.npz");
    assertThat(r.code()).isEqualTo(ExitCode.MODEL.code());
    assertThat(r.err())
        .startsWith("drtune evaluate: error: model folder /nonexistent/run/model does not exist");
    assertThat(r.err().lines().count()).isEqualTo(1);

    CliRun verbose =
        CliRun.of("predict", "--model", "/nonexistent", "--out", "p.csv", "x.png", "--verbose");
    assertThat(verbose.code()).isEqualTo(4);
    assertThat(verbose.err())
        .contains("ModelLoadException", "\tat org.drtune.grading.DrClassifier.load");
  }

  @Test
  void exceptionsMapToTheDocumentedExitCodes() {
    assertThat(Cli.exitCode(new ModelLoadException("m"))).isEqualTo(ExitCode.MODEL);
    assertThat(Cli.exitCode(new AssetException(AssetException.Reason.values()[0], "a")))
        .isEqualTo(ExitCode.MODEL);
    assertThat(Cli.exitCode(new DatasetException("d"))).isEqualTo(ExitCode.DATA);
    assertThat(Cli.exitCode(new NoSuchFileException("f"))).isEqualTo(ExitCode.DATA);
    assertThat(
            Cli.exitCode(new IllegalStateException("wrapped", new ImageLoadException("x", "bad"))))
        .isEqualTo(ExitCode.DATA);
    assertThat(Cli.exitCode(new UncheckedIOException(new IOException("disk full"))))
        .isEqualTo(ExitCode.FAILURE);
    assertThat(Cli.exitCode(new TrainingDivergedException("nan"))).isEqualTo(ExitCode.DIVERGED);
    assertThat(Cli.exitCode(new org.drtune.DeviceUnavailableException("no GPU")))
        .isEqualTo(ExitCode.MODEL);
    assertThat(Cli.exitCode(new NullPointerException())).isEqualTo(ExitCode.FAILURE);
  }

  @Test
  void missingDataIsAnInputDataError(@TempDir Path tmp) {
    CliRun r =
        CliRun.of(
            "train",
            "--data",
            tmp.resolve("none.npz").toString(),
            "--out",
            tmp.toString(),
            "--weights",
            tmp.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.DATA.code());
    assertThat(r.err()).contains("none.npz", "no dataset here");
  }

  @Test
  void versionNamesDrtuneTensorFlowAndJavaOnEveryCommand() {
    for (String[] args : new String[][] {{"--version"}, {"predict", "--version"}}) {
      CliRun r = CliRun.of(args);
      assertThat(r.code()).isZero();
      assertThat(r.out())
          .contains(
              "drtune ",
              "TensorFlow 2.",
              "TensorFlow Java 1.",
              "Java " + Runtime.version().feature());
    }
  }

  @Test
  void trainHelpShowsTheDefaultsOfBothRecipesItCanRun() {
    CliRun r = CliRun.of("train", "--help");
    String help = r.out().replaceAll("\\s+", " ");
    Recipe thumbs = Recipes.thumbnails();
    Recipe photos = Recipes.photographs();
    assertThat(help)
        .contains(
            "(default: "
                + thumbs.training().optimizer().name().toLowerCase(java.util.Locale.ROOT)
                + ")",
            "(default: thumbnails "
                + thumbs.training().inputSize()
                + ", photographs "
                + photos.training().inputSize()
                + ")",
            "(default: thumbnails "
                + thumbs.ensembleMembers()
                + ", photographs "
                + photos.ensembleMembers()
                + ")");
    String demo = CliRun.of("demo", "--help").out().replaceAll("\\s+", " ");
    assertThat(demo).contains("(default: " + Recipes.demo().training().epochs() + ")");
  }

  @Test
  void everyRecipeOptionShowsItsDefault() {
    CommandLine cl =
        Cli.create(
            CliContext.of(
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter())));
    var mixin = cl.getSubcommands().get("train").getCommandSpec().mixins().get("training");
    assertThat(mixin.options()).isNotEmpty();
    for (var o : mixin.options()) {
      assertThat(RecipeHelp.DEFAULTS).as(o.longestName()).containsKey(o.longestName());
    }
    java.util.Map<String, Recipe> two = new java.util.LinkedHashMap<>();
    two.put("a", Recipes.thumbnails());
    two.put("b", Recipes.thumbnails().withEnsembleMembers(1));
    assertThat(RecipeHelp.describe("--ensemble", two)).isEqualTo("a 3, b 1");
    assertThat(RecipeHelp.describe("--lr", two)).isEqualTo("0.0001");
    assertThat(RecipeHelp.describe("--data", two)).isNull();
  }

  @Test
  void standardOutputCannotTakeBothResults() {
    CliRun r = CliRun.of("predict", "--model", "m", "--out", "-", "--json", "-", "x.png");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("cannot both write to standard output");
  }

  @Test
  void completionKnowsEveryCommandAndItsOptions() {
    CliRun r = CliRun.of("completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash");
    CommandLine cl =
        Cli.create(
            CliContext.of(
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter())));
    for (String command : cl.getSubcommands().keySet()) {
      assertThat(r.out()).as(command).contains(command);
    }
    assertThat(r.out()).contains("--referable-threshold", "--format", "--freeze-upto");
  }

  @Test
  void sparkGradeExplainsItselfAndSaysWhatItNeedsWithoutSpark() {
    CliRun help = CliRun.of("spark-grade", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--model", "--input", "--output", "--format", "parquet|csv");
    CliRun r = CliRun.of("spark-grade", "--model", "m", "--input", "in", "--output", "out");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(r.err())
        .contains("spark-grade needs Apache Spark 4", "SPARK_HOME", "spark-submit")
        .doesNotContain("SparkUnavailableException:");
    CliRun bad =
        CliRun.of("spark-grade", "--model", "m", "--input", "i", "--output", "o", "--batch", "0");
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err()).contains("must be at least 1");
  }

  @Test
  void trainOnSparkSaysWhatItNeedsWithoutSpark(@TempDir Path tmp) throws Exception {
    for (String grade : new String[] {"0", "1"}) {
      Path f = tmp.resolve("photos/" + grade + "/p" + grade + ".png");
      java.nio.file.Files.createDirectories(f.getParent());
      javax.imageio.ImageIO.write(
          new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB),
          "png",
          f.toFile());
    }
    String data = tmp.resolve("photos").toString();
    String run = tmp.resolve("run").toString();
    CliRun r = CliRun.of("train", "--data", data, "--out", run, "--spark-master", "local[1]");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(r.err())
        .contains("--spark-master needs Apache Spark 4", "SPARK_HOME")
        .doesNotContain("SparkUnavailableException:");
    assertThat(tmp.resolve("run/model")).doesNotExist();
    CliRun lone = CliRun.of("train", "--data", data, "--out", run, "--spark-features", "f");
    assertThat(lone.code()).as(lone.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(lone.err()).contains("--spark-features needs --spark-master");
  }
}
