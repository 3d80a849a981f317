package org.drtune.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  @TempDir Path dir;

  // Five grades, six cases; argmax predictions [0, 1, 2, 1, 4, 2].
  private static final int[] LABELS = {0, 1, 2, 3, 4, 1};
  private static final float[][] PROBS = {
    {0.8f, 0.1f, 0.05f, 0.05f, 0f},
    {0.3f, 0.4f, 0.2f, 0.1f, 0f},
    {0.1f, 0.2f, 0.4f, 0.2f, 0.1f},
    {0.2f, 0.5f, 0.2f, 0.1f, 0f},
    {0f, 0f, 0.1f, 0.3f, 0.6f},
    {0.1f, 0.25f, 0.35f, 0.2f, 0.1f},
  };

  private static final String MODEL_CARD =
      "{\"name\":\"googlenet-dr\",\"notes\":\"not for use when <2 images per eye\",\"classes\":5}";

  @Test
  void fullReportEmbedsEverything() throws IOException {
    Evaluation evaluation =
        Evaluation.of(LABELS, PROBS, EvaluationOptions.defaults().withBootstrapResamples(200));
    Path loss = dir.resolve("loss.png");
    Plots.writeLossCurves(PlotsTest.history(), loss);
    Path confusion = dir.resolve("confusion.png");
    Plots.writeConfusionMatrix(evaluation.confusion(), Plots.defaultClassNames(5), confusion);
    Path html = dir.resolve("out/report.html");

    HtmlReport.write(
        html,
        "GoogLeNet <fold 1>",
        evaluation,
        PlotsTest.history(),
        MODEL_CARD,
        List.of(loss, confusion));

    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    // Title and model card are escaped, and the card is pretty-printed (one key per line).
    assertThat(page).contains("<h1>GoogLeNet &lt;fold 1&gt;</h1>");
    assertThat(page).contains("not for use when &lt;2 images per eye").doesNotContain("<2 images");
    assertThat(page).containsPattern("\\n\\s+&quot;classes&quot; : 5");
    // Accuracy: predictions [0,1,2,1,4,2] vs labels [0,1,2,3,4,1]: 4 of 6 right.
    assertThat(page).contains("<td>accuracy</td><td>0.667</td>");
    assertThat(page).contains(Evaluation.format(evaluation.intervals().accuracy()));
    assertThat(page).contains("95% CI");
    // Referable (>= 2): positives score 0.7, 0.3, 1.0; negatives 0.1, 0.3, 0.65 -> AUC (3 + 1.5 +
    // 3)/9.
    assertThat(page).contains("AUC " + Evaluation.format(7.5 / 9));
    // Confusion row of SEVERE (true 3): predicted MILD once -> 0, 1, 0, 0, 0, total 1.
    assertThat(page)
        .contains(
            "<tr><th>SEVERE</th><td>0</td><td>1</td><td>0</td><td"
                + " class=\"diagonal\">0</td><td>0</td><td>1</td>");
    // History: epoch 3 without validation shows n/a.
    assertThat(page).contains("<tr><td>3</td><td>0.500</td><td>0.700</td><td>n/a</td>");
    // Both PNGs are embedded byte for byte.
    Matcher images = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page);
    assertThat(images.find()).isTrue();
    assertThat(Base64.getDecoder().decode(images.group(1))).isEqualTo(Files.readAllBytes(loss));
    assertThat(images.find()).isTrue();
    assertThat(Base64.getDecoder().decode(images.group(1)))
        .isEqualTo(Files.readAllBytes(confusion));
    // Self-contained: nothing fetched from elsewhere.
    assertThat(page).doesNotContain("src=\"http").doesNotContain("href=");
  }

  @Test
  void minimalReportHasOnlyTheTitle() throws IOException {
    Path html = dir.resolve("report.html");
    HtmlReport.write(html, "empty & early", null, List.of(), null, List.of());
    String page = Files.readString(html);
    assertThat(page)
        .contains("<h1>empty &amp; early</h1>")
        .doesNotContain("<h2>")
        .doesNotContain("<table>");
  }

  @Test
  void escapeCoversTheFiveSpecialCharacters() {
    assertThat(HtmlReport.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
  }

  @Test
  void badInputIsRejected() throws IOException {
    Path html = dir.resolve("report.html");
    assertThatThrownBy(() -> HtmlReport.write(html, "t", null, List.of(), "{not json", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modelCardJson is not valid JSON");
    Path text = Files.writeString(dir.resolve("notes.png"), "hello");
    assertThatThrownBy(() -> HtmlReport.write(html, "t", null, List.of(), null, List.of(text)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a PNG file");
    assertThat(html).doesNotExist();
  }
}
