package org.drtune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example is compiled and run against a real (tiny) exported model. */
class ReadmeExampleTest {

  @Test
  void readmeSnippetCompilesAndClassifies(@TempDir Path tmp) throws Exception {
    String root = System.getProperty("drtune.repo.root", "..");
    String readme = Files.readString(Path.of(root, "README.md"));
    Matcher m =
        Pattern.compile("```java\\n(.*?public final class GradeOne.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(m.find()).as("README has the GradeOne example").isTrue();
    assertThat(
            Files.readString(
                Path.of(
                    root, "examples/embed/src/main/java/org/drtune/examples/embed/GradeOne.java")))
        .as("examples/embed holds the README's GradeOne")
        .isEqualTo(m.group(1));
    Path src = tmp.resolve("src/GradeOne.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, m.group(1));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            null,
            errors,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.toString());
    assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();

    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 12, 6, 0, 3, 4);
    FineTuneJob.run(TinyBackbone.request(npz, tmp.resolve("run")), TrainingListener.NONE);
    Path image = tmp.resolve("photo.png");
    ImageIO.write(MedMnistNpz.read(npz, 3).split("val").load(0), "png", image.toFile());

    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader cl =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      cl.loadClass("org.drtune.examples.embed.GradeOne")
          .getMethod("main", String[].class)
          .invoke(
              null, (Object) new String[] {tmp.resolve("run/model").toString(), image.toString()});
    } finally {
      System.setOut(old);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("referable=").containsPattern("class [0-2]");
    assertThat(List.of(printed.split("\n"))).hasSize(1);
  }
}
