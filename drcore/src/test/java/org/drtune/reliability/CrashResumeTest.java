package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.drtune.eval.EpochRecord;
import org.drtune.grading.DrClassifier;
import org.drtune.model.ModelCard;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes lose nothing: a child JVM running the tiny deterministic fine-tune ({@link
 * CrashTrainingMain}) is killed with SIGKILL ({@link Process#destroyForcibly()}) at several points
 * — mid-epoch, as soon as a checkpoint folder is being written, when a checkpoint folder is written
 * but not yet renamed, while the model is being exported, and at a seeded random time. After each
 * kill the run folder is inspected: every checkpoint named by {@code latest}/{@code best} is
 * complete and any {@code model/} loads (its variables match its card), whatever half-written
 * temporary folders lie next to them. Then a fresh child resumes, and its exported variables, best
 * epoch and per-epoch losses equal those of an uninterrupted run.
 */
@Tag("slow") // about a dozen child JVMs
class CrashResumeTest {
  static final int EPOCHS = 3;
  static final long PAUSE_MILLIS = 800;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** When to kill: a condition over the child's elapsed time, its output and its run folder. */
  interface When {
    boolean now(long elapsedMillis, String stdout, Path run) throws IOException;
  }

  record KillPoint(String name, boolean pauseBeforeRename, When when) {}

  @Test
  void killedRunsResumeToTheUninterruptedResultAndNeverReadHalfWrittenFiles() throws Exception {
    Path npz = TinyModels.data(tmp.resolve("tiny.npz"));
    long t0 = System.nanoTime();
    Path refRun = tmp.resolve("reference");
    Child ref = Child.start(npz, refRun, false, false, tmp.resolve("reference.out"));
    assertThat(ref.finish()).as(ref.output()).isZero();
    long refMillis = (System.nanoTime() - t0) / 1_000_000;
    ModelCard expected = ModelCard.read(refRun.resolve("model").resolve(ModelCard.FILE_NAME));

    Random rnd = new Random(11);
    List<KillPoint> points =
        List.of(
            new KillPoint(
                "mid-epoch (after step 1 of epoch 1)",
                false,
                (ms, out, run) -> out.contains("STEP 1 1")),
            new KillPoint(
                "as soon as checkpoint epoch-0000 is being written",
                false,
                (ms, out, run) -> hasTemp(run.resolve("checkpoints"), ".epoch-0000.")),
            new KillPoint(
                "checkpoint epoch-0001 written, before its rename",
                true,
                (ms, out, run) -> hasTemp(run.resolve("checkpoints"), ".epoch-0001.")),
            new KillPoint(
                "model being exported, before its rename",
                true,
                (ms, out, run) -> hasTemp(run, ".model.")),
            new KillPoint(
                "random time within the reference run's duration",
                false,
                at(rnd.nextInt((int) refMillis))));

    List<String> report = new ArrayList<>();
    int matched = 0;
    for (int i = 0; i < points.size(); i++) {
      KillPoint p = points.get(i);
      Path run = tmp.resolve("run" + i);
      Child child =
          Child.start(npz, run, false, p.pauseBeforeRename(), tmp.resolve("kill" + i + ".out"));
      boolean killed = child.killWhen(p.when(), run);
      String state = inspect(run);
      Child resume = Child.start(npz, run, true, false, tmp.resolve("resume" + i + ".out"));
      assertThat(resume.finish()).as(p.name() + ": " + resume.output()).isZero();
      assertThat(resume.output()).contains("DONE");
      ModelCard card = ModelCard.read(run.resolve("model").resolve(ModelCard.FILE_NAME));
      assertThat(card.trainableVariables()).as(p.name()).isEqualTo(expected.trainableVariables());
      assertThat(card.frozenVariables()).as(p.name()).isEqualTo(expected.frozenVariables());
      assertThat(card.bestEpoch()).as(p.name()).isEqualTo(expected.bestEpoch());
      assertThat(losses(card)).as(p.name()).isEqualTo(losses(expected));
      assertThat(card.validation().confusion()).isEqualTo(expected.validation().confusion());
      assertThat(temps(run.resolve("checkpoints")))
          .as(p.name() + ": leftovers in checkpoints/")
          .isEmpty();
      assertThat(temps(run)).as(p.name() + ": leftovers in the run folder").isEmpty();
      try (DrClassifier c = DrClassifier.load(run)) {
        assertThat(c.modelCard().trainableVariables()).isEqualTo(expected.trainableVariables());
      }
      matched++;
      report.add(
          p.name()
              + ": "
              + (killed ? "killed" : "finished before the kill")
              + "; found "
              + state
              + (resume.output().contains("RESUMED")
                  ? "; resumed from the checkpoint"
                  : "; started over")
              + "; variables match");
    }
    System.out.println(
        "[crash] reference run "
            + refMillis
            + " ms; "
            + points.size()
            + " kill points, "
            + matched
            + " resumes matched the uninterrupted run:");
    report.forEach(r -> System.out.println("[crash]   " + r));
  }

  private static When at(long millis) {
    return (ms, out, run) -> ms >= millis;
  }

  private static List<String> losses(ModelCard card) {
    return card.history().stream()
        .map((EpochRecord r) -> r.epoch() + ":" + r.trainLoss() + "/" + r.valLoss())
        .toList();
  }

  private static boolean hasTemp(Path dir, String prefix) throws IOException {
    return temps(dir).stream().anyMatch(n -> n.startsWith(prefix));
  }

  /** Names of temporary ({@code .*.tmp} / {@code .*.old}) entries in {@code dir}. */
  private static List<String> temps(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".") && (n.endsWith(".tmp") || n.endsWith(".old")))
          .toList();
    }
  }

  /**
   * Checks what a reader of a killed run would use: the checkpoints named by {@code latest} and
   * {@code best} are complete and {@code model/}, if present, loads with variables matching its
   * card. Returns a description.
   */
  private static String inspect(Path run) throws IOException {
    Path ck = run.resolve("checkpoints");
    List<String> found = new ArrayList<>();
    for (String pointer : List.of("latest", "best")) {
      Path p = ck.resolve(pointer);
      if (!Files.exists(p)) {
        continue;
      }
      String name = Files.readString(p).trim();
      assertThat(name).matches("epoch-\\d{4}");
      Path folder = ck.resolve(name);
      assertThat(folder.resolve("ckpt.index")).as(pointer + " -> " + name).isRegularFile();
      try (Stream<Path> s = Files.list(folder)) {
        assertThat(
                s.map(x -> x.getFileName().toString())
                    .filter(x -> x.startsWith("ckpt.data-"))
                    .toList())
            .as(pointer + " -> " + name)
            .isNotEmpty();
      }
      JsonNode state = JSON.readTree(folder.resolve("state.json").toFile());
      assertThat(state.get("epochsDone").asInt())
          .isEqualTo(Integer.parseInt(name.substring(6)) + 1);
      found.add(pointer + "=" + name);
    }
    if (Files.exists(run.resolve("model"))) {
      try (DrClassifier c = DrClassifier.load(run.resolve("model"))) {
        found.add("a loadable model/");
      }
    }
    List<String> temps = new ArrayList<>(temps(ck));
    temps.addAll(temps(run));
    if (!temps.isEmpty()) {
      found.add(
          temps.size()
              + " unfinished temporary folder(s) "
              + temps.stream()
                  .map(
                      n ->
                          n.substring(0, n.indexOf('.', 1)) + "…" + n.substring(n.lastIndexOf('.')))
                  .toList());
    }
    return found.isEmpty() ? "nothing written yet" : String.join(", ", found);
  }

  /** A child JVM running {@link CrashTrainingMain}, its output going to a file. */
  record Child(Process process, Path out, long startNanos) {
    static Child start(Path npz, Path run, boolean resume, boolean pause, Path out)
        throws IOException {
      String cp = System.getProperty("java.class.path");
      if (!cp.contains("test-classes")) {
        cp = System.getProperty("surefire.test.class.path", cp);
      }
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-cp",
                  cp));
      if (pause) {
        cmd.add("-Ddrtune.test.replaceFolderPauseMillis=" + PAUSE_MILLIS);
      }
      cmd.addAll(
          List.of(
              CrashTrainingMain.class.getName(),
              npz.toString(),
              run.toString(),
              String.valueOf(EPOCHS),
              resume ? "resume" : "fresh"));
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
      return new Child(pb.start(), out, System.nanoTime());
    }

    String output() throws IOException {
      return Files.exists(out) ? Files.readString(out) : "";
    }

    int finish() throws Exception {
      if (!process.waitFor(5, TimeUnit.MINUTES)) { // a guard against a hung child, not a timing
        process.destroyForcibly().waitFor();
        throw new AssertionError("child did not finish: " + output());
      }
      return process.exitValue();
    }

    /** Polls until {@code when} holds, then SIGKILLs; false when the child ended first. */
    boolean killWhen(When when, Path run) throws Exception {
      while (process.isAlive()) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        if (when.now(ms, output(), run)) {
          process.destroyForcibly();
          process.waitFor();
          return true;
        }
        Thread.sleep(2);
        if (ms > TimeUnit.MINUTES.toMillis(5)) {
          throw new AssertionError("kill condition never met: " + output());
        }
      }
      return false;
    }
  }
}
