package org.drtune.examples.embed;

import java.nio.file.Path;
import org.drtune.training.FineTuneJob;
import org.drtune.training.FineTuneRequest;
import org.drtune.training.TrainingListener;

/** Fine-tunes with the recipe drtune picks for the data, exactly as {@code drtune train --data D --out R}. */
public final class TrainOne {
  public static void main(String[] args) throws Exception {
    FineTuneJob.Result r = FineTuneJob.run(FineTuneRequest.of(Path.of(args[0]), Path.of(args[1])),
        new TrainingListener() {
          @Override
          public void recipeChosen(org.drtune.training.Recipe recipe) {
            System.out.println("recipe: " + recipe.name() + " (" + recipe.reason() + ")");
          }
        });
    System.out.println("model: " + r.modelDir() + " validation AUC " + r.validation().meanAuc());
  }
}
