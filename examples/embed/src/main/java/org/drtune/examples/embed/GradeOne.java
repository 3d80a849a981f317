package org.drtune.examples.embed;

import java.nio.file.Path;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;

public final class GradeOne {
  public static void main(String[] args) throws Exception {
    try (DrClassifier classifier = DrClassifier.load(Path.of(args[0]))) {
      DrResult r = classifier.classify(Path.of(args[1]));
      System.out.println(r.grade().map(Enum::name).orElse("class " + r.predictedClass())
          + " referable=" + r.referable() + " p=" + r.probabilities());
    }
  }
}
