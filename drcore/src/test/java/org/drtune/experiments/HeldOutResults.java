package org.drtune.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Cross-validation result files written without training: what {@code Experiments.compare} and
 * {@code summarize} read, and what the command line's tables show.
 */
public final class HeldOutResults {
  private HeldOutResults() {}

  /** What {@link #writeGoodAndPoor} wrote. */
  public record Written(
      int[] held, int[] labels, float[][] good, float[][] poor, List<String> ids) {}

  /**
   * Writes {@code good} and {@code poor}: 200 images of 100 EyePACS patients held out in fold 0,
   * grades 0 and 2, the referable probability near the truth with little ({@code good}) or much
   * ({@code poor}) noise; {@code poor} ran one more fold whose one image {@code good} never held
   * out.
   */
  public static Written writeGoodAndPoor(Path dir) throws IOException {
    Random r = new Random(4);
    int n = 200;
    int[] held = IntStream.range(0, n).toArray();
    int[] labels = new int[n];
    float[][] good = new float[n][];
    float[][] poor = new float[n][];
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(10) < 7 ? 0 : 2;
      ids.add((i / 2) + (i % 2 == 0 ? "_left" : "_right"));
      float s = labels[i] == 2 ? 0.7f : 0.3f;
      float g = Math.min(0.95f, Math.max(0.05f, s + (float) r.nextGaussian() * 0.15f));
      float q = Math.min(0.95f, Math.max(0.05f, s + (float) r.nextGaussian() * 0.6f));
      good[i] = new float[] {1 - g, 0, g, 0, 0};
      poor[i] = new float[] {1 - q, 0, q, 0, 0};
    }
    write(
        dir,
        "good",
        List.of(new CrossValidation.FoldPredictions(0, held, labels, good, good, ids)));
    write(
        dir,
        "poor",
        List.of(
            new CrossValidation.FoldPredictions(0, held, labels, poor, poor, ids),
            new CrossValidation.FoldPredictions(
                1,
                new int[] {n},
                new int[] {4},
                new float[][] {{0, 0, 0, 0, 1}},
                new float[][] {{0, 0, 0, 0, 1}},
                List.of("999_left"))));
    return new Written(held, labels, good, poor, ids);
  }

  /** Writes {@code dir/NAME.json} holding {@code folds}' held-out predictions. */
  public static void write(Path dir, String name, List<CrossValidation.FoldPredictions> folds)
      throws IOException {
    List<Object> fs = new ArrayList<>();
    for (CrossValidation.FoldPredictions f : folds) {
      fs.add(Map.of("fold", f.fold(), "predictions", f, "history", List.of()));
    }
    new ObjectMapper()
        .writeValue(dir.resolve(name + ".json").toFile(), Map.of("result", Map.of("folds", fs)));
  }
}
