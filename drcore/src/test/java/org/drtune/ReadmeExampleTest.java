package org.drtune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The README's embedding example is compiled and run against a real (tiny) exported model. */
class ReadmeExampleTest {

  /**
   * The README's Maven snippet declares what examples/embed, which the build builds against the
   * staged release, declares: the BOM import and the dependencies, coordinate by coordinate
   * (versions aside).
   */
  @Test
  void readmeMavenSnippetIsTheEmbeddingExamples() throws Exception {
    String root = System.getProperty("drtune.repo.root", "..");
    String readme = Files.readString(Path.of(root, "README.md"));
    Matcher m = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README has the Maven snippet").isTrue();
    Document snippet = parse("<project>" + m.group(1) + "</project>");
    Document example = parse(Files.readString(Path.of(root, "examples/embed/pom.xml")));
    assertThat(coordinates(snippet, "dependencyManagement"))
        .containsExactly("org.drtune:drtune-bom:pom:import:")
        .isEqualTo(coordinates(example, "dependencyManagement"));
    assertThat(coordinates(snippet, "dependencies"))
        .contains(
            "org.drtune:drtune-core:::", "org.tensorflow:tensorflow-core-native:::linux-x86_64")
        .isSubsetOf(coordinates(example, "dependencies"));
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * groupId:artifactId:type:scope:classifier of each dependency in the project's {@code section}
   * (outside profiles).
   */
  private static List<String> coordinates(Document pom, String section) {
    List<String> found = new ArrayList<>();
    NodeList all = pom.getElementsByTagName("dependency");
    for (int i = 0; i < all.getLength(); i++) {
      Element d = (Element) all.item(i);
      Node owner =
          d.getParentNode().getParentNode(); // <project>, or <dependencyManagement>, <profile>, …
      boolean managed =
          owner.getNodeName().equals("dependencyManagement")
              && owner.getParentNode().getNodeName().equals("project");
      String where = managed ? "dependencyManagement" : owner.getNodeName();
      if (!managed && where.equals("dependencyManagement")) {
        where = "profile"; // a profile's dependencyManagement
      }
      if (!where.equals(section.equals("dependencies") ? "project" : section)) {
        continue;
      }
      found.add(
          String.join(
              ":",
              text(d, "groupId"),
              text(d, "artifactId"),
              text(d, "type"),
              text(d, "scope"),
              text(d, "classifier")));
    }
    return found;
  }

  private static String text(Element e, String tag) {
    NodeList n = e.getElementsByTagName(tag);
    return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
  }

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
