package org.drtune.internal.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.drtune.eval.EpochRecord;
import org.drtune.internal.model.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a training run and an evaluation, drawn with XChart. Works without a display: the
 * first use sets {@code java.awt.headless=true} unless the property was already set.
 *
 * <pre>{@code
 * Plots.writeLossCurves(history, runDir.resolve("loss.png"));
 * Plots.writeConfusionMatrix(evaluation.confusion(), Plots.defaultClassNames(5), runDir.resolve("confusion.png"));
 * }</pre>
 */
public final class Plots {

  /** Width of every plot in pixels. */
  public static final int WIDTH = 800;

  /** Height of every plot in pixels. */
  public static final int HEIGHT = 600;

  /** Names of the five DR grades, grade 0 first. */
  public static final List<String> DR_GRADE_NAMES =
      List.of("NO_DR", "MILD", "MODERATE", "SEVERE", "PROLIFERATIVE");

  private static final Color LOW = new Color(0xf7fbff);
  private static final Color HIGH = new Color(0x2171b5);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Plots() {}

  /**
   * Default class names for K classes: {@link #DR_GRADE_NAMES} for K = 5, else "grade 0" .. "grade
   * K-1".
   *
   * @param numClasses K, at least 1
   * @return K names
   */
  public static List<String> defaultClassNames(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    if (numClasses == DR_GRADE_NAMES.size()) {
      return DR_GRADE_NAMES;
    }
    return IntStream.range(0, numClasses).mapToObj(k -> "grade " + k).toList();
  }

  /**
   * Writes the training and validation loss per epoch. NaN values (an epoch without validation) are
   * left out.
   *
   * @param history one record per epoch, at least one
   * @param png file to write; its directory is created if needed
   * @throws IOException if the file cannot be written
   */
  public static void writeLossCurves(List<EpochRecord> history, Path png) throws IOException {
    checkHistory(history);
    XYChart chart = lineChart("Loss", "loss");
    addSeries(chart, "train loss", history, EpochRecord::trainLoss);
    addSeries(chart, "validation loss", history, EpochRecord::valLoss);
    checkHasSeries(chart);
    write(chart, png);
  }

  /**
   * Writes training and validation accuracy, validation AUC and validation kappa per epoch on one
   * axis. NaN values are left out.
   *
   * @param history one record per epoch, at least one
   * @param png file to write; its directory is created if needed
   * @throws IOException if the file cannot be written
   */
  public static void writeMetricCurves(List<EpochRecord> history, Path png) throws IOException {
    checkHistory(history);
    XYChart chart = lineChart("Metrics", "value");
    addSeries(chart, "train accuracy", history, EpochRecord::trainAccuracy);
    addSeries(chart, "validation accuracy", history, EpochRecord::valAccuracy);
    addSeries(chart, "validation AUC", history, EpochRecord::valAuc);
    addSeries(chart, "validation kappa", history, EpochRecord::valKappa);
    checkHasSeries(chart);
    double lowest =
        history.stream()
            .flatMapToDouble(
                r -> DoubleStream.of(r.trainAccuracy(), r.valAccuracy(), r.valAuc(), r.valKappa()))
            .filter(Double::isFinite)
            .min()
            .orElse(0);
    chart.getStyler().setYAxisMin(Math.min(0, Math.floor(lowest * 10) / 10));
    chart.getStyler().setYAxisMax(1.0);
    write(chart, png);
  }

  /**
   * Writes a confusion matrix as a heat map with the count in each cell: true grade on the vertical
   * axis (grade 0 at the top), predicted grade on the horizontal axis.
   *
   * @param confusion square {@code K x K} counts, rows = true grade, columns = predicted grade
   * @param classNames K class names, e.g. {@link #defaultClassNames(int)}
   * @param png file to write; its directory is created if needed
   * @throws IOException if the file cannot be written
   */
  public static void writeConfusionMatrix(int[][] confusion, List<String> classNames, Path png)
      throws IOException {
    Objects.requireNonNull(classNames, "classNames");
    int k = org.drtune.internal.eval.MetricArguments.checkConfusion(confusion);
    if (classNames.size() != k) {
      throw new IllegalArgumentException(
          "confusion has "
              + k
              + " rows but "
              + classNames.size()
              + " class names were given: pass one name per grade");
    }
    int max = 0;
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        max = Math.max(max, confusion[t][p]);
        // XChart puts y index 0 at the bottom; put true grade 0 at the top.
        cells.add(new Number[] {p, k - 1 - t, confusion[t][p]});
      }
    }
    List<String> reversed = new ArrayList<>(classNames);
    Collections.reverse(reversed);
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Confusion matrix")
            .xAxisTitle("predicted")
            .yAxisTitle("true")
            .build();
    chart
        .getStyler()
        .setShowValue(true)
        .setHeatMapValueDecimalPattern("0")
        .setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 14))
        .setValueFontColor(Color.BLACK)
        .setRangeColors(new Color[] {LOW, HIGH})
        .setMin(0)
        .setMax(Math.max(1, max));
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.addSeries("count", new ArrayList<>(classNames), reversed, cells);
    write(chart, png);
  }

  private static void checkHasSeries(XYChart chart) {
    if (chart.getSeriesMap().isEmpty()) {
      throw new IllegalArgumentException("nothing to plot: every value in the history is NaN");
    }
  }

  private static XYChart lineChart(String title, String yAxis) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setXAxisDecimalPattern("0");
    return chart;
  }

  private static void addSeries(
      XYChart chart, String name, List<EpochRecord> history, ToDoubleFunction<EpochRecord> value) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (EpochRecord record : history) {
      double y = value.applyAsDouble(record);
      if (Double.isFinite(y)) {
        xs.add((double) record.epoch());
        ys.add(y);
      }
    }
    if (!xs.isEmpty()) {
      XYSeries series = chart.addSeries(name, xs, ys);
      series.setMarker(SeriesMarkers.CIRCLE);
    }
  }

  private static void checkHistory(List<EpochRecord> history) {
    Objects.requireNonNull(history, "history");
    if (history.isEmpty()) {
      throw new IllegalArgumentException("history is empty: need at least one epoch to plot");
    }
  }

  private static void write(Chart<?, ?> chart, Path png) throws IOException {
    BufferedImage image = BitmapEncoder.getBufferedImage(chart);
    AtomicFiles.writeAtomically(
        png,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available in this JVM");
          }
        });
  }
}
