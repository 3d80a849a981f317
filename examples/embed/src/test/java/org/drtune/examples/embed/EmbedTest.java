package org.drtune.examples.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.drtune.TensorFlowLog;
import org.drtune.grading.DrClassifier;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.Strategy;
import org.drtune.training.TrainingConfig;
import org.drtune.training.TrainingListener;
import org.drtune.models.AssetResolver;
import org.drtune.models.DataRecipe;
import org.drtune.models.ResolvedAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example as an application runs it: a real fine-tune through the public API (the BVLC GoogLeNet and
 * RetinaMNIST found by drtune's usual lookup; a linear probe for one epoch, so that it takes seconds), then
 * {@link GradeOne} on a photograph file. Surefire runs it on the module path (this project has a module-info):
 * drtune's module descriptors are what let it read its cards, copy its option records and load TensorFlow.
 */
class EmbedTest {
  @TempDir
  Path tmp;

  @Test
  void trainsThroughThePublicApiAndGradesAPhotograph() throws Exception {
    ResolvedAssets data = AssetResolver.defaults().resolveAny(DataRecipe.retinaMnist().alternatives());
    Path npz = data.path(data.bundle().files().get(0).path());
    TrainingConfig quick = TrainingConfig.builder().strategy(Strategy.LINEAR).inputSize(112).epochs(1)
        .augment(false).build();
    FineTuneJob.Result r = FineTuneJob.run(FineTuneRequest.of(npz, tmp.resolve("run")).withTraining(quick)
        .withEnsembleMembers(1), TrainingListener.NONE);
    assertEquals(5, r.card().numClasses());

    BufferedImage fundus = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = fundus.createGraphics();
    g.setColor(new Color(190, 80, 40));
    g.fillOval(25, 5, 250, 250);
    g.setColor(new Color(240, 200, 120));
    g.fillOval(190, 110, 30, 30);
    g.dispose();
    Path photo = tmp.resolve("photo.png");
    ImageIO.write(fundus, "png", photo.toFile());

    // GradeOne as a modular application is launched: everything on the module path, TensorFlow's native build (an
    // automatic module that surefire left on the class path) included
    String modulePath = System.getProperty("jdk.module.path");
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith("tensorflow-core-native-")) {
        modulePath += File.pathSeparator + entry;
      }
    }
    Path err = tmp.resolve("grade-one.err");
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", modulePath, "--module", "org.drtune.examples.embed/" + GradeOne.class.getName(),
        r.modelDir().toString(), photo.toString()).redirectError(err.toFile()).start();
    String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int rc = java.waitFor();
    assertEquals(0, rc, printed + "\n" + Files.readString(err));
    assertTrue(printed.matches("(NO_DR|MILD|MODERATE|SEVERE|PROLIFERATIVE) referable=(true|false) p=\\[.*\\]"),
        printed);
  }

  /** The protobuf-java the build chose (the BOM's, or the application's own with the profile protobuf4) is the one
   *  the tests above ran on. */
  @Test
  void runsOnTheProtobufTheBuildChose() {
    String expected = System.getProperty("expected.protobuf");
    String modulePath = System.getProperty("jdk.module.path");
    assertTrue(expected != null && !expected.isEmpty(), "the pom passes expected.protobuf");
    assertTrue(modulePath.contains(File.separator + "protobuf-java-" + expected),
        "protobuf-java-" + expected + "* is not on the module path: " + modulePath);
    assertEquals(1, modulePath.split("protobuf-java-", -1).length - 1, "one protobuf-java: " + modulePath);
  }

  @Test
  void drtuneIsANamedModuleThatExportsItsApiOnly() {
    assertTrue(TensorFlowLog.set(TensorFlowLog.Level.ERROR),
        "JavaCPP could not reach TensorFlow's native log level from the module path");
    assertTrue(EmbedTest.class.getModule().isNamed(), "surefire did not run the example on the module path");
    Module drtune = DrClassifier.class.getModule();
    assertEquals("org.drtune", drtune.getName());
    assertFalse(drtune.getDescriptor().isAutomatic());
    assertTrue(drtune.isExported("org.drtune.grading", EmbedTest.class.getModule()));
    assertFalse(drtune.isExported("org.drtune.internal.model", EmbedTest.class.getModule()));
    assertFalse(AssetResolver.class.getModule().isExported("org.drtune.models.internal",
        EmbedTest.class.getModule()));
  }

  /** javac, on this run's module path, compiles a module that uses the API and refuses one that uses an internal type. */
  @Test
  void aConsumerModuleCannotCompileAgainstInternalPackages() throws Exception {
    assertEquals("", javac("DrClassifier.class.getName()"));
    String internal = javac("org.drtune.internal.model.CardJson.MAPPER");
    assertTrue(internal.contains("package org.drtune.internal.model is not visible")
        && internal.contains("(package org.drtune.internal.model is declared in module org.drtune, which does not "
            + "export it)"), internal);
    String shared = javac("org.drtune.models.internal.RecordCopy.class");
    assertTrue(shared.contains("package org.drtune.models.internal is not visible")
        && shared.contains("which does not export it to module consumer"), shared);
  }

  /** javac's errors for a module {@code consumer} whose one class holds {@code expression}: empty when it compiles. */
  private String javac(String expression) throws Exception {
    Path src = Files.createTempDirectory(tmp, "src");
    Files.writeString(src.resolve("module-info.java"), "module consumer { requires org.drtune; }\n");
    Path pkg = Files.createDirectories(src.resolve("consumer"));
    Files.writeString(pkg.resolve("Use.java"), "package consumer;\nimport org.drtune.grading.DrClassifier;\n"
        + "class Use { Object o = " + expression + "; }\n");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
        "--module-path", System.getProperty("jdk.module.path"), "-d", src.resolve("out").toString(),
        src.resolve("module-info.java").toString(), pkg.resolve("Use.java").toString()))
        .redirectErrorStream(true).start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    return rc == 0 ? "" : "javac exited " + rc + ":\n" + printed;
  }
}
