package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}, {@code evaluate}, {@code predict} and {@code demo} on real TensorFlow with a small
 * generated backbone and a small generated RetinaMNIST-like file (3 classes, 28x28), so the whole
 * suite takes seconds.
 */
class ModelCommandsTest {
  static final int TEST_IMAGES = 7;

  @TempDir static Path tmp;
  static Path npz;
  static Path run;
  static CliRun trained;

  /** The command with the small generated backbone (as a user passes a graph file). */
  static CliRun tiny(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--backbone-graph";
    all[args.length + 1] = TinyBackbone.file().toString();
    all[args.length + 2] = "--backbone-profile";
    all[args.length + 3] = "inception5h";
    return CliRun.of(all);
  }

  /**
   * {@link #tiny} with the tiny training recipe every train and demo test here shares (3 classes,
   * 32 px, batch 8, no early stop, lr 0.003, cut at mixed3b, no border crop) and {@code args}.
   */
  static CliRun tinyTraining(String... args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    all.addAll(
        java.util.List.of(
            "--classes",
            "3",
            "--image-size",
            "32",
            "--batch",
            "8",
            "--patience",
            "0",
            "--lr",
            "0.003",
            "--cut-layer",
            "mixed3b",
            "--no-crop-border"));
    return tiny(all.toArray(String[]::new));
  }

  /**
   * {@code drtune crossval} of a linear probe on the tiny backbone over 2 folds of {@code npz} into
   * {@code out}: setting {@code name} with {@code more} appended to its options.
   */
  static CliRun probeCrossval(Path out, String name, String more, String... options) {
    java.util.List<String> all =
        new java.util.ArrayList<>(
            java.util.List.of(
                "crossval", "--data", npz.toString(), "--out", out.toString(), "--folds", "2"));
    all.addAll(java.util.List.of(options));
    all.add("--setting");
    all.add(name + ":strategy=linear,size=32,epochs=1,batch=8,cut=mixed3b,crop=false" + more);
    return tiny(all.toArray(String[]::new));
  }

  @BeforeAll
  static void trainATinyModelThroughTheCommandLine() throws IOException {
    npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, TEST_IMAGES, 3, 1);
    run = tmp.resolve("run");
    trained =
        tinyTraining(
            "train",
            "--data",
            npz.toString(),
            "--out",
            run.toString(),
            "--epochs",
            "2",
            "--seed",
            "3",
            "--workers",
            "1",
            "--ensemble",
            "1",
            "--json",
            tmp.resolve("train.json").toString());
  }

  @Test
  void trainWritesItsResultAsJson() throws IOException {
    assertThat(trained.code()).as(trained.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(tmp.resolve("train.json").toFile());
    assertThat(j.get("command").asText()).isEqualTo("train");
    assertThat(Path.of(j.get("model").asText())).isEqualTo(run.resolve("model"));
    assertThat(Path.of(j.get("modelCard").asText())).exists();
    assertThat(j.get("members").asInt()).isEqualTo(1);
    assertThat(j.get("validation").get("n").asInt()).isEqualTo(9);
    assertThat(j.get("validation").get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.get("seconds").get(0).get("total").asDouble()).isPositive();
    assertThat(j.get("recipe").get("name").asText()).startsWith("custom");
  }

  /** Three test thumbnails as PNGs in a folder tree, with things a folder search must leave out. */
  static Path photoTree(Path root) throws IOException {
    FundusDataset test = MedMnistNpz.read(npz, 3).split("test");
    Files.createDirectories(root.resolve("b/c"));
    Files.createDirectories(root.resolve(".hidden"));
    ImageIO.write(test.load(0), "png", root.resolve("b/c/z.png").toFile());
    ImageIO.write(test.load(1), "png", root.resolve("a.PNG").toFile());
    ImageIO.write(test.load(2), "png", root.resolve("b/y.png").toFile());
    ImageIO.write(test.load(3), "png", root.resolve(".hidden/x.png").toFile());
    ImageIO.write(test.load(3), "png", root.resolve("b/.x.png").toFile());
    Files.writeString(root.resolve("b/notes.txt"), "not a photograph");
    return root;
  }

  @Test
  void predictSearchesAFolderInPathOrderAndRefusesALinkLoop() throws IOException {
    Path root = photoTree(tmp.resolve("tree"));
    Path csv = tmp.resolve("tree.csv");
    CliRun r =
        CliRun.of("predict", "--model", run.toString(), "--out", csv.toString(), root.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> ids = Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[0]).toList();
    assertThat(ids)
        .containsExactly(
            root.resolve("a.PNG").toString(),
            root.resolve("b/c/z.png").toString(),
            root.resolve("b/y.png").toString());

    // the same photograph named twice, through the folder and on its own, is graded once
    CliRun twice =
        CliRun.of(
            "predict",
            "--model",
            run.toString(),
            "--out",
            csv.toString(),
            root.resolve("b").toString(),
            root.resolve("b/y.png").toString());
    assertThat(twice.code()).as(twice.toString()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(3);

    Files.createSymbolicLink(root.resolve("b/c/loop"), root.resolve("b"));
    Path before = Files.writeString(tmp.resolve("kept.csv"), "an earlier result\n");
    CliRun loop =
        CliRun.of(
            "predict", "--model", run.toString(), "--out", before.toString(), root.toString());
    assertThat(loop.code()).as(loop.toString()).isEqualTo(ExitCode.DATA.code());
    assertThat(loop.err()).contains("symbolic link loop", "loop");
    assertThat(before).hasContent("an earlier result");

    CliRun empty =
        CliRun.of(
            "predict",
            "--model",
            run.toString(),
            "--out",
            csv.toString(),
            root.resolve(".hidden/none").toString());
    assertThat(empty.code()).isEqualTo(ExitCode.DATA.code());
    assertThat(empty.err()).contains("no such photograph or folder");
  }

  @Test
  void predictReadsPathsFromStandardInputAndWritesJsonLinesToStandardOutput() throws IOException {
    Path root = photoTree(tmp.resolve("stdin-tree"));
    String list = root.resolve("b/y.png") + "\n\n" + root.resolve("b/c") + "\n";
    Path summary = tmp.resolve("summary.json");
    CliRun r =
        CliRun.with(
            ctx ->
                ctx.withIn(
                    new java.io.ByteArrayInputStream(
                        list.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
            "predict",
            "--model",
            run.toString(),
            "--out",
            "-",
            "--format",
            "jsonl",
            "--json",
            summary.toString(),
            "-");
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("id").asText()).isEqualTo(root.resolve("b/y.png").toString());
    assertThat(json.readTree(lines.get(1)).get("id").asText())
        .isEqualTo(root.resolve("b/c/z.png").toString());
    double sum = 0;
    for (JsonNode p : first.get("probabilities")) {
      sum += p.asDouble();
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(first.get("grade").isInt()).isTrue();
    assertThat(first.get("referable").isBoolean()).isTrue();
    assertThat(first.get("ungradable").isNull()).isTrue();
    assertThat(first.get("quality").get("width").asInt()).isEqualTo(28);
    assertThat(r.err()).contains("wrote 2 prediction(s) to standard output");

    JsonNode s = json.readTree(summary.toFile());
    assertThat(s.get("photographs").asInt()).isEqualTo(2);
    assertThat(s.get("predictions").asInt()).isEqualTo(2);
    assertThat(s.get("gradable").asInt()).isEqualTo(2);
    assertThat(s.get("referred").asInt())
        .isEqualTo((int) lines.stream().filter(l -> l.contains("\"referable\":true")).count());
    assertThat(s.get("testTimeAugmentation").asBoolean()).isTrue();

    CliRun noPaths =
        CliRun.with(
            ctx -> ctx.withIn(new java.io.ByteArrayInputStream(new byte[0])),
            "predict",
            "--model",
            run.toString(),
            "--out",
            "-",
            "-");
    assertThat(noPaths.code()).isEqualTo(ExitCode.DATA.code());
    assertThat(noPaths.err()).contains("no photograph paths on standard input");
  }

  @Test
  void theReferralThresholdAndTheQualityCheckOptionsReachTheClassifier() throws IOException {
    Path root = photoTree(tmp.resolve("options-tree"));
    Path csv = tmp.resolve("threshold.csv");
    for (String t : new String[] {"0", "1"}) {
      CliRun r =
          CliRun.of(
              "predict",
              "--model",
              run.toString(),
              "--out",
              csv.toString(),
              "--referable-threshold",
              t,
              root.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      List<String> rows = Files.readAllLines(csv).subList(1, 4);
      for (String row : rows) {
        String[] cells = row.split(",", -1);
        double p = Double.parseDouble(cells[cells.length - 3]);
        // threshold 0 refers everyone; 1 refers only a certainty
        String expected = p >= Double.parseDouble(t) ? "1" : "0";
        assertThat(cells[cells.length - 2]).as(row).isEqualTo(expected);
      }
    }
    Path jsonl = tmp.resolve("unchecked.jsonl");
    CliRun off =
        CliRun.of(
            "predict",
            "--model",
            run.toString(),
            "--out",
            jsonl.toString(),
            "--no-quality-check",
            root.toString());
    assertThat(off.code()).as(off.toString()).isZero();
    assertThat(Files.readAllLines(jsonl))
        .as("jsonl chosen by the file name; no quality measures when the check is off")
        .hasSize(3)
        .allMatch(l -> l.contains("\"quality\":null"));

    CliRun bad =
        CliRun.of(
            "predict",
            "--model",
            run.toString(),
            "--out",
            csv.toString(),
            "--referable-threshold",
            "1.5",
            root.toString());
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err()).contains("--referable-threshold must be a probability");
  }

  @Test
  void trainExportsTheModelAndSaysWhereEverythingWent() {
    assertThat(trained.code()).as(trained.toString()).isZero();
    // (--device auto's CPU fall-back warning is said once per process; DeviceTest covers it)
    assertThat(trained.out())
        .contains(
            "model:      " + run.resolve("model"),
            "report:     " + run.resolve("report.html"),
            "quadratic weighted kappa",
            "skipped images: 0");
    assertThat(run.resolve("model/saved_model.pb")).isRegularFile();
    // not a terminal: plain progress lines with rate and ETA, and one summary per epoch
    assertThat(trained.err())
        .contains("epoch 1/2 3/3 batches", "batches/s", "epoch 2/2: train loss")
        .doesNotContain("\r");
  }

  @Test
  void crossvalWritesTheTableAndOneJsonPerSetting() throws IOException {
    Path out = tmp.resolve("cv");
    CliRun r = probeCrossval(out, "probe", "");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("| setting | ACC | AUC", "| probe | ");
    assertThat(r.err()).contains("probe fold 1/2", "probe fold 2/2");
    assertThat(java.nio.file.Files.readString(out.resolve("table.md"))).startsWith("| probe | ");
    assertThat(out.resolve("probe.json")).isRegularFile();
    assertThat(out.resolve("work")).doesNotExist();
    JsonNode fold =
        new ObjectMapper().readTree(out.resolve("probe.json").toFile()).at("/result/folds/0");
    int heldOut = fold.at("/predictions/heldOut").size();
    assertThat(heldOut).isPositive();
    assertThat(fold.at("/predictions/tta").size()).isEqualTo(heldOut);
    assertThat(fold.at("/predictions/plain/0").size()).isEqualTo(5); // crossval trains the 5 grades

    // a second setting in the same folder, then the ensemble of both without training anything
    CliRun second = probeCrossval(out, "probe2", ",seed=9");
    assertThat(second.code()).as(second.toString()).isZero();
    CliRun ens = CliRun.of("crossval", "--out", out.toString(), "--ensemble", "both:probe+probe2");
    assertThat(ens.code()).as(ens.toString()).isZero();
    assertThat(ens.out()).contains("| both | ");
    JsonNode both = new ObjectMapper().readTree(out.resolve("both.json").toFile());
    assertThat(both.path("members").toString()).isEqualTo("[\"probe\",\"probe2\"]");
    double p0 = fold.at("/predictions/plain/0/0").asDouble();
    double q0 =
        new ObjectMapper()
            .readTree(out.resolve("probe2.json").toFile())
            .at("/result/folds/0/predictions/plain/0/0")
            .asDouble();
    assertThat(both.at("/result/folds/0/predictions/plain/0/0").asDouble())
        .isCloseTo((p0 + q0) / 2, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(Files.readString(out.resolve("table.md")).lines()).hasSize(3);

    // pooled over the folds with bootstrap intervals
    CliRun summary = CliRun.of("crossval", "--out", out.toString(), "--summary", "probe", "both");
    assertThat(summary.code()).as(summary.toString()).isZero();
    assertThat(summary.out())
        .contains(
            "| setting | images | referable AUC | sens. @ spec. 0.90",
            "| probe (TTA) | 33 |",
            "| both (TTA) | 33 |")
        .containsPattern(
            "\\| probe \\(TTA\\) \\| 33 \\| [01]\\.\\d{3} \\[[01]\\.\\d{3}, [01]\\.\\d{3}\\]");
    assertThat(Files.readString(out.resolve("summary.md")).lines()).hasSize(2);
    // a quicker screen on the first fold only
    CliRun first = probeCrossval(out, "one", "", "--max-folds", "1");
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.err()).contains("one fold 1/2").doesNotContain("one fold 2/2");
    assertThat(
            new ObjectMapper().readTree(out.resolve("one.json").toFile()).path("foldsRun").asInt())
        .isEqualTo(1);

    // a learning-curve point: the same fold, trained on about 8 of its training images
    CliRun few = probeCrossval(out, "few", ",train=8", "--max-folds", "1");
    assertThat(few.code()).as(few.toString()).isZero();
    assertThat(few.err()).containsPattern("few fold 1: training on \\d+ of the fold's training");
    // paired differences on the images both held out: probe ran 2 folds, few only the first
    CliRun compared =
        CliRun.of("crossval", "--out", out.toString(), "--compare", "probe:few", "few:few");
    assertThat(compared.code()).as(compared.toString()).isZero();
    int firstFold = fold.at("/predictions/heldOut").size();
    assertThat(compared.out())
        .contains("| comparison | images | Δ referable AUC")
        .contains("| probe − few (TTA) | " + firstFold + " |")
        .contains("| few − few (TTA) | " + firstFold + " |");
    CliRun badPair = CliRun.of("crossval", "--out", out.toString(), "--compare", "probe");
    assertThat(badPair.code()).isEqualTo(2);
    assertThat(badPair.err()).contains("expected A:B");

    CliRun missing =
        CliRun.of("crossval", "--out", out.toString(), "--ensemble", "x:probe+nothere");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nothere.json does not exist");
    CliRun malformed = CliRun.of("crossval", "--out", out.toString(), "--ensemble", "probe");
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("expected NAME:MEMBER+MEMBER");
    CliRun nothing = CliRun.of("crossval", "--out", out.toString());
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err())
        .contains("at least one --setting, --ensemble, --summary or --compare");
    CliRun bad = tiny("crossval", "--data", npz.toString(), "--setting", "x:colour=blue");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown setting key 'colour'");
  }

  @Test
  void aLinearProbeTrainsFromTheFeatureCacheWithItsProgress() {
    CliRun r =
        tiny(
            "train",
            "--data",
            npz.toString(),
            "--out",
            tmp.resolve("linear").toString(),
            "--classes",
            "3",
            "--image-size",
            "32",
            "--batch",
            "8",
            "--epochs",
            "1",
            "--cut-layer",
            "mixed3b",
            "--strategy",
            "linear",
            "--cache-dtype",
            "float16",
            "--no-augment",
            "--no-crop-border",
            "--device",
            "cpu");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err())
        .contains(
            "caching the frozen features of the train split",
            "caching train",
            "epoch 1/1: train loss");
    assertThat(r.out()).contains("model:      " + tmp.resolve("linear/model"));
  }

  @Test
  void evaluateUsesTheTestSplitAndWritesJsonPlotAndReport() throws IOException {
    Path json = tmp.resolve("eval/test-metrics.json");
    CliRun r =
        CliRun.of(
            "evaluate",
            "--model",
            run.resolve("model").toString(),
            "--data",
            npz.toString(),
            "--json",
            json.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "on the test split",
            "n = " + TEST_IMAGES + ", K = 3",
            "accuracy",
            "confusion (rows = true, columns = predicted)");
    JsonNode node = new ObjectMapper().readTree(json.toFile());
    assertThat(node.get("split").asText()).isEqualTo("test");
    assertThat(node.get("evaluation").get("n").asInt()).isEqualTo(TEST_IMAGES);
    assertThat(node.get("evaluation").get("confusion")).hasSize(3);
    assertThat(tmp.resolve("eval/test-metrics-confusion.png")).isRegularFile();
    assertThat(Files.readString(tmp.resolve("eval/test-metrics.html")))
        .contains("<html", "data:image/png;base64");
    try (var files = Files.list(tmp.resolve("eval"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void evaluateWithTtaOnAChosenSplitAndAnUnknownSplit() {
    CliRun val =
        CliRun.of(
            "evaluate",
            "--model",
            run.toString(),
            "--data",
            npz.toString(),
            "--split",
            "val",
            "--tta",
            "-q",
            "--device",
            "cpu");
    assertThat(val.code()).as(val.toString()).isZero();
    assertThat(val.out()).contains("on the val split", "(TTA)", "n = 9, K = 3");
    assertThat(val.err()).isEmpty();
    // TTA is the default (the cross-validated recipe's); --no-tta turns it off
    CliRun byDefault =
        CliRun.of(
            "evaluate",
            "--model",
            run.toString(),
            "--data",
            npz.toString(),
            "--split",
            "val",
            "-q",
            "--device",
            "cpu");
    assertThat(byDefault.out()).contains("(TTA)");
    CliRun off =
        CliRun.of(
            "evaluate",
            "--model",
            run.toString(),
            "--data",
            npz.toString(),
            "--split",
            "val",
            "--no-tta",
            "-q",
            "--device",
            "cpu");
    assertThat(off.code()).as(off.toString()).isZero();
    assertThat(off.out()).contains("on the val split").doesNotContain("(TTA)");

    CliRun bad =
        CliRun.of(
            "evaluate", "--model", run.toString(), "--data", npz.toString(), "--split", "holdout");
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err()).contains("--split holdout", "[train, val, test]");
  }

  @Test
  void trainEnsembleExportsOneModelThatPredictAndEvaluateUse() throws IOException {
    Path ens = tmp.resolve("ens");
    CliRun r =
        tinyTraining(
            "train",
            "--data",
            npz.toString(),
            "--out",
            ens.toString(),
            "--epochs",
            "1",
            "--seed",
            "3",
            "--workers",
            "1",
            "--ensemble",
            "2",
            "--device",
            "cpu");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("ensemble member 1/2 (seed 3)", "ensemble member 2/2 (seed 4)");
    assertThat(r.out())
        .contains(
            "(ensemble of 2 models)",
            "model card: " + ens.resolve("model/ensemble.json"),
            "mean of 2 models' probabilities");
    Path csv = tmp.resolve("ens.csv");
    CliRun p =
        CliRun.of(
            "predict",
            "--model",
            ens.resolve("model").toString(),
            "--data",
            npz.toString(),
            "--out",
            csv.toString(),
            "--device",
            "cpu");
    assertThat(p.code()).as(p.toString()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(TEST_IMAGES + 1);
    CliRun e =
        CliRun.of(
            "evaluate",
            "--model",
            ens.toString(),
            "--data",
            npz.toString(),
            "-q",
            "--device",
            "cpu");
    assertThat(e.code()).as(e.toString()).isZero();
    assertThat(e.out()).contains("(ensemble of 2 models) on the test split");

    CliRun zero =
        tiny(
            "train",
            "--data",
            npz.toString(),
            "--out",
            tmp.resolve("ens0").toString(),
            "--ensemble",
            "0");
    assertThat(zero.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(zero.err()).contains("--ensemble must be at least 1");
  }

  @Test
  void predictOnAnNpzSplitWritesIndicesAndProbabilitiesThatSumToOne() throws IOException {
    Path csv = tmp.resolve("preds/test.csv");
    CliRun r =
        CliRun.of(
            "predict",
            "--model",
            run.toString(),
            "--data",
            npz.toString(),
            "--out",
            csv.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("id,grade,p0,p1,p2,referable_p,referable,ungradable");
    assertThat(lines).hasSize(TEST_IMAGES + 1);
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      assertThat(cells).hasSize(8);
      assertThat(cells[7]).as("the fundus-like thumbnails pass the quality check").isEmpty();
      // a 3-class model: class 2 is the referable one
      assertThat(Double.parseDouble(cells[5]))
          .isCloseTo(Double.parseDouble(cells[4]), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(cells[6]).isIn("0", "1");
      assertThat(cells[0]).isEqualTo(Integer.toString(i - 1));
      double sum = 0;
      int best = 0;
      for (int c = 0; c < 3; c++) {
        double p = Double.parseDouble(cells[2 + c]);
        assertThat(p).isBetween(0.0, 1.0);
        sum += p;
        if (p > Double.parseDouble(cells[2 + best])) {
          best = c;
        }
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(Integer.parseInt(cells[1])).isEqualTo(best);
    }
  }

  @Test
  void predictReportsAndSkipsACorruptImageAmongGoodOnesOrFailsWithStrict() throws IOException {
    FundusDataset test = MedMnistNpz.read(npz, 3).split("test");
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    Path a = folder.resolve("a.png");
    Path b = folder.resolve("b,1.png");
    ImageIO.write(test.load(0), "png", a.toFile());
    ImageIO.write(test.load(1), "png", b.toFile());
    Path bad =
        Files.write(folder.resolve("bad.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4});
    Path csv = tmp.resolve("photos.csv");

    CliRun r =
        CliRun.of(
            "predict",
            "--model",
            run.toString(),
            "--out",
            csv.toString(),
            a.toString(),
            bad.toString(),
            b.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("skipped 1 unreadable image(s):", "bad.jpg");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith(a + ",");
    assertThat(lines.get(2)).startsWith("\"" + b + "\",");
    assertThat(r.out()).contains("wrote 2 prediction(s)", "1 unreadable image(s) left out");

    Path strictCsv = tmp.resolve("strict.csv");
    CliRun strict =
        CliRun.of(
            "predict",
            "--model",
            run.toString(),
            "--out",
            strictCsv.toString(),
            "--strict",
            a.toString(),
            bad.toString());
    assertThat(strict.code()).isEqualTo(ExitCode.DATA.code());
    assertThat(strict.err()).contains("bad.jpg", "--strict");
    assertThat(strictCsv).doesNotExist();
  }

  @Test
  void predictNeedsImagesOrData() {
    CliRun r = CliRun.of("predict", "--model", run.toString(), "--out", "x.csv");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("Missing required argument", "--data", "PHOTOS");
  }

  @Test
  void demoRunsTheWholeJobAndGradesValidationImages() {
    Path out = tmp.resolve("demo");
    CliRun r =
        tinyTraining(
            "demo",
            "--out",
            out.toString(),
            "--data",
            npz.toString(),
            "--quiet",
            "--device",
            "cpu",
            "--epochs",
            "1",
            "--seed",
            "5");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "weights: tiny-inception5h",
            "model:      " + out.resolve("run/model"),
            "the exported model on the first 5 validation images:",
            "val #4: true grade",
            "done: model",
            "ensemble of " + org.drtune.training.Recipes.demo().ensembleMembers());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aCorruptDatasetIsAnInputDataError() throws IOException {
    Path bad = Files.writeString(tmp.resolve("bad.npz"), "not a zip");
    CliRun r = tiny("train", "--data", bad.toString(), "--out", tmp.resolve("badrun").toString());
    assertThat(r.code()).isEqualTo(ExitCode.DATA.code());
    assertThat(r.err().lines().filter(l -> l.startsWith("drtune train: error: ")))
        .singleElement()
        .asString()
        .contains("bad.npz is not a valid .npz (zip) file");
    assertThat(r.err()).doesNotContain("\tat ");
  }
}
