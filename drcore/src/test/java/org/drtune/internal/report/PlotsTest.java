package org.drtune.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.drtune.eval.EpochRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  @TempDir Path dir;

  /** A plausible five-epoch run; epoch 3 has no validation. */
  static List<EpochRecord> history() {
    return IntStream.rangeClosed(1, 5)
        .mapToObj(
            e ->
                new EpochRecord(
                    e,
                    1.5 / e,
                    0.4 + 0.1 * e,
                    e == 3 ? Double.NaN : 1.6 / e + 0.1,
                    e == 3 ? Double.NaN : 0.35 + 0.1 * e,
                    e == 3 ? Double.NaN : 0.6 + 0.06 * e,
                    e == 3 ? Double.NaN : -0.1 + 0.15 * e,
                    1e-3 / e,
                    30.0))
        .toList();
  }

  @Test
  void lossCurvesArePngOfTheDocumentedSize() throws IOException {
    Path png = dir.resolve("plots/loss.png");
    Plots.writeLossCurves(history(), png);
    assertPlot(png);
    // Only the PNG is left in the directory: the temporary file was renamed.
    try (Stream<Path> files = Files.list(png.getParent())) {
      assertThat(files).containsExactly(png);
    }
    // Readable by others, not left with the temporary file's private permissions.
    if (Files.getFileStore(png).supportsFileAttributeView(PosixFileAttributeView.class)) {
      assertThat(Files.getPosixFilePermissions(png)).contains(PosixFilePermission.OTHERS_READ);
    }
  }

  @Test
  void metricCurvesArePng() throws IOException {
    Path png = dir.resolve("metrics.png");
    Plots.writeMetricCurves(history(), png);
    assertPlot(png);
  }

  @Test
  void singleEpochCanBePlottedAndFilesAreReplaced() throws IOException {
    Path png = dir.resolve("loss.png");
    Files.writeString(png, "old content");
    Plots.writeLossCurves(List.of(new EpochRecord(0, 0.7, 0.5, 0.8, 0.45, 0.6, 0.2, 1e-3, 3)), png);
    assertPlot(png);
  }

  @Test
  void confusionMatrixIsAHeatMapWithBothEndsOfTheScale() throws IOException {
    Path png = dir.resolve("confusion.png");
    int[][] confusion = {
      {50, 3, 1, 0, 0},
      {6, 20, 4, 0, 0},
      {2, 5, 30, 3, 1},
      {0, 0, 4, 9, 2},
      {0, 0, 1, 3, 11},
    };
    Plots.writeConfusionMatrix(confusion, Plots.defaultClassNames(5), png);
    BufferedImage image = assertPlot(png);
    // The largest count (50) is painted in the top colour of the scale, an empty cell in the bottom
    // colour.
    assertThat(containsColour(image, 0x2171b5)).isTrue();
    assertThat(containsColour(image, 0xf7fbff)).isTrue();
  }

  @Test
  void defaultClassNamesAreTheDrGradesForFiveClasses() {
    assertThat(Plots.defaultClassNames(5))
        .containsExactly("NO_DR", "MILD", "MODERATE", "SEVERE", "PROLIFERATIVE");
    assertThat(Plots.defaultClassNames(2)).containsExactly("grade 0", "grade 1");
  }

  @Test
  void badInputIsRejected() {
    Path png = dir.resolve("x.png");
    assertThatThrownBy(() -> Plots.writeLossCurves(List.of(), png))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history is empty");
    assertThatThrownBy(
            () ->
                Plots.writeConfusionMatrix(
                    new int[][] {{1, 0}, {0, 1}}, List.of("a", "b", "c"), png))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confusion has 2 rows but 3 class names");
    assertThatThrownBy(
            () -> Plots.writeConfusionMatrix(new int[][] {{1, 0}, {0}}, List.of("a", "b"), png))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("square");
    EpochRecord empty =
        new EpochRecord(
            1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    assertThatThrownBy(() -> Plots.writeLossCurves(List.of(empty), png))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to plot");
    assertThat(png).doesNotExist();
  }

  /** Decodes the PNG, checks its size and that it is not a blank canvas. */
  static BufferedImage assertPlot(Path png) throws IOException {
    assertThat(png).isRegularFile();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("decodable PNG").isNotNull();
    assertThat(image.getWidth()).isEqualTo(Plots.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Plots.HEIGHT);
    assertThat(lumaVariance(image)).as("pixel variance").isGreaterThan(100.0);
    return image;
  }

  private static double lumaVariance(BufferedImage image) {
    double sum = 0;
    double sumSquares = 0;
    long n = (long) image.getWidth() * image.getHeight();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        double luma =
            0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
        sum += luma;
        sumSquares += luma * luma;
      }
    }
    double mean = sum / n;
    return sumSquares / n - mean * mean;
  }

  private static boolean containsColour(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}
