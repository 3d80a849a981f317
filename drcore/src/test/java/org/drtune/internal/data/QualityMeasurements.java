package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.drtune.grading.QualityMeasures;

/**
 * Writes the quality measures of every photograph of the given folders (and of the degraded and
 * generated pictures) as CSV, to choose and document the quality thresholds (docs/RESULTS.md):
 * {@code java ... QualityMeasurements OUT.csv SET=FOLDER ... [--degrade N] [--npz SET=FILE]}.
 */
public final class QualityMeasurements {
  private QualityMeasurements() {}

  public static void main(String[] args) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
      out.println(
          "set,id,width,height,fov,circleFit,radius,circleInside,fill,surround,brightness,contrast,"
              + "saturated,redness,sharpness,cornerContact");
      int degrade = 0;
      int limit = Integer.MAX_VALUE;
      for (int a = 1; a < args.length; a++) {
        if (args[a].equals("--degrade")) {
          degrade = Integer.parseInt(args[++a]);
          continue;
        }
        if (args[a].equals("--limit")) {
          limit = Integer.parseInt(args[++a]);
          continue;
        }
        if (args[a].equals("--npz")) {
          String[] kv = args[++a].split("=", 2);
          MedMnistNpz npz = MedMnistNpz.read(Path.of(kv[1]), 5);
          for (String split : npz.splitNames()) {
            FundusDataset d = npz.split(split);
            for (int i = 0; i < Math.min(limit, d.size()); i++) {
              row(out, kv[0], split + "/" + i, d.load(i));
            }
          }
          continue;
        }
        String[] kv = args[a].split("=", 2);
        List<Path> files = photographs(Path.of(kv[1]), limit);
        int done = 0;
        for (Path f : files) {
          BufferedImage im = ImageDecoder.defaults().decode(f);
          String id = f.getFileName().toString();
          row(out, kv[0], id, im);
          if (degrade > 0 && done < degrade) {
            row(out, kv[0] + ":dark", id, DegradedImages.darkened(im, 0.1));
            row(out, kv[0] + ":blur", id, DegradedImages.blurred(im, 0.02));
            row(out, kv[0] + ":quarter", id, DegradedImages.quarter(im));
            row(out, kv[0] + ":bright", id, DegradedImages.darkened(im, 3));
          }
          done++;
        }
        System.err.println(kv[0] + ": " + files.size());
      }
      for (Map.Entry<String, BufferedImage> e : DegradedImages.nonFundus(256, 1).entrySet()) {
        row(out, "generated", e.getKey(), e.getValue());
      }
    }
  }

  /** The JPEG and PNG files directly in {@code folder}, sorted, at most {@code limit}. */
  static List<Path> photographs(Path folder, int limit) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(p -> folder.equals(p.getParent()))
          .filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$"))
          .sorted()
          .limit(limit)
          .toList();
    }
  }

  private static void row(PrintWriter out, String set, String id, BufferedImage im) {
    QualityMeasures m = FundusQuality.measure(im);
    out.println(
        String.format(
            Locale.ROOT,
            "%s,%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%.4f,%.4f,%.4f,%.5f,%.4f",
            set,
            id,
            m.width(),
            m.height(),
            m.fieldOfView(),
            m.circleFit(),
            m.radius(),
            m.circleInside(),
            m.fill(),
            m.surround(),
            m.brightness(),
            m.contrast(),
            m.saturated(),
            m.redness(),
            m.sharpness(),
            m.cornerContact()));
  }
}
