package org.drtune.internal.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.drtune.eval.Evaluation;
import org.drtune.eval.EvaluationOptions;
import org.drtune.grading.Eye;
import org.drtune.grading.PatientNaming;

/**
 * Both eyes of a patient in each eye's grade: a photograph's probabilities become {@code (1 - w)}
 * times its own plus {@code w} times the mean of the other eye's photographs' (the two eyes of a
 * person are strongly correlated, so the other eye is evidence about this one). A photograph whose
 * other eye was not photographed, or that names no patient and eye, keeps its own. The weight is
 * chosen on validation photographs ({@link #choose}).
 */
public final class EyeFusion {
  private EyeFusion() {}

  /** The weights {@link #choose} tries: 0, 0.05, ..., 0.5. */
  static final double[] GRID = {0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5};

  /**
   * The fused probabilities of every photograph, in the order given.
   *
   * @param probabilities each photograph's probabilities (null rows: not gradable, left as they are
   *     and not used as the other eye)
   */
  public static float[][] fuse(
      List<String> ids,
      float[][] probabilities,
      Function<String, Optional<PatientNaming.Photo>> who,
      double weight) {
    if (weight == 0) {
      return probabilities.clone();
    }
    Map<String, Map<Eye, double[]>> sums = new HashMap<>();
    Map<String, Map<Eye, Integer>> counts = new HashMap<>();
    List<PatientNaming.Photo> photos = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      PatientNaming.Photo p = who.apply(ids.get(i)).filter(x -> x.eye() != null).orElse(null);
      photos.add(p);
      if (p == null || probabilities[i] == null) {
        continue;
      }
      double[] sum =
          sums.computeIfAbsent(p.patient(), k -> new HashMap<>())
              .computeIfAbsent(p.eye(), k -> new double[probabilities[0].length]);
      for (int c = 0; c < sum.length; c++) {
        sum[c] += probabilities[i][c];
      }
      counts.computeIfAbsent(p.patient(), k -> new HashMap<>()).merge(p.eye(), 1, Integer::sum);
    }
    float[][] out = new float[ids.size()][];
    for (int i = 0; i < ids.size(); i++) {
      PatientNaming.Photo p = photos.get(i);
      Eye other = p == null ? null : p.eye() == Eye.LEFT ? Eye.RIGHT : Eye.LEFT;
      double[] sum = other == null ? null : sums.getOrDefault(p.patient(), Map.of()).get(other);
      if (sum == null || probabilities[i] == null) {
        out[i] = probabilities[i];
        continue;
      }
      int n = counts.get(p.patient()).get(other);
      out[i] = new float[sum.length];
      for (int c = 0; c < sum.length; c++) {
        out[i][c] = (float) ((1 - weight) * probabilities[i][c] + weight * sum[c] / n);
      }
    }
    return out;
  }

  /**
   * The weight of the other eye that gives the highest referable AUC on these (validation)
   * photographs, the smaller one on a tie; 0 when no photograph has its other eye.
   */
  public static Choice choose(
      List<String> ids,
      int[] labels,
      float[][] probabilities,
      Function<String, Optional<PatientNaming.Photo>> who,
      EvaluationOptions options) {
    EvaluationOptions eo = options.withBootstrapResamples(0);
    double alone = Evaluation.of(labels, probabilities, eo).referable().auc();
    double best = 0;
    double bestAuc = alone;
    for (double w : GRID) {
      if (w == 0) {
        continue;
      }
      double auc = Evaluation.of(labels, fuse(ids, probabilities, who, w), eo).referable().auc();
      if (auc > bestAuc + 1e-12) {
        best = w;
        bestAuc = auc;
      }
    }
    return new Choice(best, alone, bestAuc);
  }

  /**
   * A chosen weight and the referable AUC of the photographs alone and fused with it.
   *
   * @param weight the other eye's weight
   */
  public record Choice(double weight, double aucAlone, double aucFused) {}
}
