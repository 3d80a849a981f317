package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;

/**
 * Writes what a trained model's quality check decides on every photograph of the given sets (and on
 * the degraded and generated pictures), with its field of view and feature distance, as CSV, to
 * measure the check with the model's feature reference (docs/RESULTS.md): {@code java ...
 * ModelQualityMeasurements MODEL OUT.csv [SET=FOLDER ...] [--npz SET=FILE] [--degrade N] [--limit
 * N]}.
 */
public final class ModelQualityMeasurements {
  private ModelQualityMeasurements() {}

  public static void main(String[] args) throws IOException {
    // the quality decision does not depend on the rotations: one pass per picture
    try (DrClassifier c =
            DrClassifier.load(
                Path.of(args[0]), DrClassifier.Options.defaults().withTestTimeAugmentation(false));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
      out.println("set,id,reason,fov,featureDistance");
      int degrade = 0;
      int limit = Integer.MAX_VALUE;
      for (int a = 2; a < args.length; a++) {
        Map<String, BufferedImage> pictures = new LinkedHashMap<>();
        String set;
        if (args[a].equals("--degrade")) {
          degrade = Integer.parseInt(args[++a]);
          continue;
        } else if (args[a].equals("--limit")) {
          limit = Integer.parseInt(args[++a]);
          continue;
        } else if (args[a].equals("--npz")) {
          String[] kv = args[++a].split("=", 2);
          set = kv[0];
          MedMnistNpz npz = MedMnistNpz.read(Path.of(kv[1]), 5);
          for (String split : npz.splitNames()) {
            FundusDataset d = npz.split(split);
            for (int i = 0; i < Math.min(limit, d.size()); i++) {
              pictures.put(split + "/" + i, d.load(i));
            }
          }
        } else {
          String[] kv = args[a].split("=", 2);
          set = kv[0];
          for (Path f : QualityMeasurements.photographs(Path.of(kv[1]), limit)) {
            pictures.put(f.getFileName().toString(), ImageDecoder.defaults().decode(f));
          }
        }
        write(out, c, set, pictures);
        if (degrade > 0) {
          Map<String, Map<String, BufferedImage>> degraded = new LinkedHashMap<>();
          int done = 0;
          for (Map.Entry<String, BufferedImage> e : pictures.entrySet()) {
            if (done++ >= degrade) {
              break;
            }
            BufferedImage im = e.getValue();
            degraded
                .computeIfAbsent(":dark", k -> new LinkedHashMap<>())
                .put(e.getKey(), DegradedImages.darkened(im, 0.1));
            degraded
                .computeIfAbsent(":blur", k -> new LinkedHashMap<>())
                .put(e.getKey(), DegradedImages.blurred(im, 0.02));
            degraded
                .computeIfAbsent(":quarter", k -> new LinkedHashMap<>())
                .put(e.getKey(), DegradedImages.quarter(im));
            degraded
                .computeIfAbsent(":bright", k -> new LinkedHashMap<>())
                .put(e.getKey(), DegradedImages.darkened(im, 3));
          }
          for (Map.Entry<String, Map<String, BufferedImage>> e : degraded.entrySet()) {
            write(out, c, set + e.getKey(), e.getValue());
          }
        }
        System.err.println(set + ": " + pictures.size());
      }
      for (long seed : new long[] {1, 3, 5}) {
        for (int size : new int[] {256, 900}) {
          write(out, c, "generated-" + size, DegradedImages.nonFundus(size, seed));
        }
      }
    }
  }

  private static void write(
      PrintWriter out, DrClassifier c, String set, Map<String, BufferedImage> pictures) {
    List<String> ids = new ArrayList<>(pictures.keySet());
    List<BufferedImage> images = new ArrayList<>(pictures.values());
    List<DrResult> results = c.classifyAll(images);
    for (int i = 0; i < results.size(); i++) {
      DrResult r = results.get(i);
      out.println(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%.4f,%.4f",
              set,
              ids.get(i),
              r.gradable() ? "" : r.ungradable().id(),
              r.quality().fieldOfView(),
              r.quality().featureDistance()));
    }
  }
}
