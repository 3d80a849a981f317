package org.drtune.grading;

import java.util.List;
import java.util.Optional;

/**
 * A patient graded from the photographs of both eyes, as a screening programme decides: the grade
 * is the worse eye's, the referable probability the higher eye's, and the patient is referred when
 * that probability reaches the model's patient-level threshold (chosen on validation patients for
 * sensitivity 0.90) or when an eye could not be graded (the patient is sent back).
 *
 * @param patient the patient's id
 * @param eyes each eye with photographs, left before right
 * @param predictedClass the worse eye's predicted class (the higher), or -1 when no eye is gradable
 * @param probabilities the probabilities of the eye with the higher referable probability (empty
 *     when no eye is gradable)
 * @param referableProbability the higher of the gradable eyes' referable probabilities (NaN when
 *     none is gradable)
 * @param referable whether the gradable eyes call for a referral
 * @param ungradable which eye could not be graded and why, or null when every eye could
 */
public record PatientResult(
    String patient,
    List<EyeResult> eyes,
    int predictedClass,
    List<Double> probabilities,
    double referableProbability,
    boolean referable,
    String ungradable) {

  /** Copies the lists. */
  public PatientResult {
    eyes = List.copyOf(eyes);
    probabilities = List.copyOf(probabilities);
  }

  /** Whether every eye photographed could be graded. */
  public boolean gradable() {
    return ungradable == null;
  }

  /** The screening decision: refer when referable, or when an eye could not be graded. */
  public boolean refer() {
    return referable || !gradable();
  }

  /** The patient's DR grade (the worse eye's), for a model that grades 0–4; empty otherwise. */
  public Optional<Grade> grade(LabelScheme scheme) {
    return predictedClass < 0 || scheme != LabelScheme.GRADES
        ? Optional.empty()
        : Optional.of(Grade.of(predictedClass));
  }

  /** The number of photographs of the patient. */
  public int photographs() {
    return eyes.stream().mapToInt(e -> e.photographs().size()).sum();
  }

  /** The eye {@code eye}, when it was photographed. */
  public Optional<EyeResult> eye(Eye eye) {
    return eyes.stream().filter(e -> e.eye() == eye).findFirst();
  }
}
