package org.drtune.grading;

import java.util.List;

/**
 * One eye of a patient: its photographs, and the mean of the gradable ones' probabilities.
 *
 * @param eye which eye; null when the photographs' names do not say
 * @param photographs the ids of its photographs, gradable or not
 * @param probabilities the mean probabilities of its gradable photographs (empty when none is)
 * @param predictedClass the class with the highest mean probability, or -1 when not gradable
 * @param referableProbability the mean probability of the referable classes (NaN when not gradable)
 * @param refusals why each photograph that could not be graded was refused (empty when all were
 *     graded)
 */
public record EyeResult(
    Eye eye,
    List<String> photographs,
    List<Double> probabilities,
    int predictedClass,
    double referableProbability,
    List<String> refusals) {

  /** Copies the lists. */
  public EyeResult {
    photographs = List.copyOf(photographs);
    probabilities = List.copyOf(probabilities);
    refusals = List.copyOf(refusals);
  }

  /** Whether at least one of its photographs could be graded. */
  public boolean gradable() {
    return !probabilities.isEmpty();
  }

  /** {@code left}, {@code right} or {@code eye} when unknown. */
  public String name() {
    return eye == null ? "eye" : eye.id() + " eye";
  }
}
