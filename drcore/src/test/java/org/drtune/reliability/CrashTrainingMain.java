package org.drtune.reliability;

import java.nio.file.Path;
import org.drtune.eval.EpochRecord;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;

/**
 * Child-JVM entry point of {@link CrashResumeTest}: the tiny deterministic fine-tune of {@link
 * TinyModels} from {@code args[0]} (.npz) into {@code args[1]} (run folder) with {@code args[2]}
 * epochs, resuming when {@code args[3]} is {@code resume}. Prints progress markers ({@code STEP e
 * b}, {@code EPOCH e}, {@code DONE}) so the parent can time its kills.
 */
public final class CrashTrainingMain {
  private CrashTrainingMain() {}

  /** Runs the fine-tune; exits 0 when the model is exported. */
  public static void main(String[] args) throws Exception {
    Path npz = Path.of(args[0]);
    Path run = Path.of(args[1]);
    int epochs = Integer.parseInt(args[2]);
    boolean resume = args.length > 3 && args[3].equals("resume");
    TrainingListener markers =
        new TrainingListener() {
          @Override
          public void stepDone(int epoch, int batch, int batches, double loss) {
            System.out.println("STEP " + epoch + " " + batch);
          }

          @Override
          public void epochDone(EpochRecord record, boolean improved) {
            System.out.println("EPOCH " + record.epoch());
          }

          @Override
          public void resumed(int epochsDone, long globalStep) {
            System.out.println("RESUMED " + epochsDone + " " + globalStep);
          }
        };
    FineTuneJob.run(TinyModels.request(npz, run, epochs).withResume(resume), markers);
    System.out.println("DONE");
    System.out.flush();
  }
}
