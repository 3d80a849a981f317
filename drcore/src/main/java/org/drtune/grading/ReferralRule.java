package org.drtune.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The referral rule of a classifier: which outputs count as referable DR, the referable probability
 * of a photograph (their sum), and whether it is referred: at or above the referral threshold when
 * there is one (the options', else the one chosen on validation data and recorded in the model),
 * else when the predicted grade is referable.
 */
final class ReferralRule {
  private final LabelScheme scheme;
  private final int from;
  private final OptionalDouble threshold;

  /**
   * @param referableGrade the lowest referable grade of a 5-grade model (a referable model's
   *     outputs say it themselves)
   */
  ReferralRule(LabelScheme scheme, int referableGrade, OptionalDouble threshold) {
    this.scheme = scheme;
    this.from = scheme == LabelScheme.REFERABLE ? scheme.referableMinClass() : referableGrade;
    this.threshold = threshold;
  }

  /**
   * The result of a photograph with these probabilities; {@code quality} (null without the quality
   * check) decides whether it is gradable under {@code limits}.
   */
  DrResult result(float[] p, QualityMeasures quality, QualityThresholds limits) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    List<Double> probs = new ArrayList<>(p.length);
    for (float f : p) {
      probs.add((double) f);
    }
    double referableP = 0;
    for (int c = from; c < p.length; c++) {
      referableP += p[c];
    }
    UngradableReason reason = quality == null ? null : limits.check(quality).orElse(null);
    return new DrResult(best, probs, referableP, refers(referableP, best), quality, reason);
  }

  /**
   * The threshold decides for a referable model, and for a 5-grade model whose referable grades are
   * the ones it was chosen for; otherwise the predicted grade does.
   */
  private boolean refers(double referableP, int best) {
    boolean thresholdApplies =
        threshold.isPresent()
            && (scheme == LabelScheme.REFERABLE || from == LabelScheme.REFERABLE_MIN_GRADE);
    return thresholdApplies ? referableP >= threshold.getAsDouble() : best >= from;
  }
}
