package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.drtune.grading.DrClassifier;
import org.drtune.internal.model.AtomicFiles;
import org.drtune.model.ModelCard;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a folder (a checkpoint, an exported model) is all or nothing: a writer that fails
 * half-way leaves the old folder as it was, and so does a full disk (a 2 MB tmpfs, when this
 * process may mount one) during checkpoint writing and during export.
 */
class AtomicWriteTest {
  @TempDir Path tmp;

  @Test
  void aWriterFailingHalfWayLeavesTheOldFolderUntouched() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(target.resolve("a.txt"), "old a");
    Files.writeString(target.resolve("b.txt"), "old b");
    Map<String, String> before = snapshot(target);

    assertThatThrownBy(
            () ->
                AtomicFiles.replaceFolder(
                    target,
                    dir -> {
                      Files.createDirectories(dir);
                      Files.writeString(dir.resolve("a.txt"), "new a");
                      throw new IOException("disk full (simulated) after the first file");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("simulated");
    assertThat(snapshot(target)).isEqualTo(before);
    assertThat(hidden(tmp)).isEmpty();

    AtomicFiles.replaceFolder(
        target,
        dir -> {
          Files.createDirectories(dir);
          Files.writeString(dir.resolve("c.txt"), "new c");
        });
    assertThat(snapshot(target))
        .containsExactly(Map.entry("c.txt", "new c")); // the new content, not a mix
    assertThat(hidden(tmp)).isEmpty();
  }

  @Test
  void aFullDiskDuringCheckpointingOrExportLeavesThePreviousCheckpointsAndModelIntact()
      throws Exception {
    Path disk = Files.createDirectories(tmp.resolve("disk"));
    assumeThat(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()))
        .as("permission to mount a tmpfs")
        .isZero();
    try {
      Path npz = TinyModels.data(tmp.resolve("tiny.npz"));
      Path run = disk.resolve("run");
      FineTuneJob.run(TinyModels.request(npz, run, 2), TrainingListener.NONE);
      Map<String, String> model = snapshot(run.resolve("model"));
      Map<String, String> checkpoints = snapshot(run.resolve("checkpoints"));

      fill(disk.resolve("filler"), 8 * 1024);

      // a fresh run: its first checkpoint no longer fits
      Throwable checkpointFailure =
          catchAny(() -> FineTuneJob.run(TinyModels.request(npz, run, 2), TrainingListener.NONE));
      // resuming the finished run: only the export remains, and it does not fit
      Throwable exportFailure =
          catchAny(
              () ->
                  FineTuneJob.run(
                      TinyModels.request(npz, run, 2).withResume(true), TrainingListener.NONE));
      System.out.println(
          "[disk full] checkpoint: "
              + checkpointFailure
              + "\n[disk full] export: "
              + exportFailure);
      assertThat(checkpointFailure).hasMessageContaining("cannot write checkpoint");
      assertThat(exportFailure).hasMessageContaining("cannot export the SavedModel");
      for (Throwable t : new Throwable[] {checkpointFailure, exportFailure}) {
        assertThat(t)
            .isInstanceOf(IOException.class)
            .hasMessageContaining("No space left on device");
      }
      assertThat(snapshot(run.resolve("model"))).isEqualTo(model);
      assertThat(snapshot(run.resolve("checkpoints"))).isEqualTo(checkpoints);
      try (DrClassifier c = DrClassifier.load(run)) {
        assertThat(c.modelCard().trainableVariables())
            .isEqualTo(ModelCard.read(run.resolve("model-card.json")).trainableVariables());
      }

      // with space again, the resume completes
      Files.delete(disk.resolve("filler"));
      FineTuneJob.run(TinyModels.request(npz, run, 2).withResume(true), TrainingListener.NONE);
      assertThat(hidden(run)).isEmpty();
      assertThat(hidden(run.resolve("checkpoints"))).isEmpty();
    } finally {
      run("umount", disk.toString());
    }
  }

  interface Body {
    void run() throws Exception;
  }

  private static Throwable catchAny(Body b) {
    try {
      b.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** Fills the file system until fewer than {@code leave} bytes remain. */
  private static void fill(Path file, long leave) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (Files.getFileStore(file).getUsableSpace() > leave) {
        out.write(block);
      }
    } catch (IOException e) {
      // full
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(1, TimeUnit.MINUTES) ? p.exitValue() : -1;
  }

  /**
   * Relative path → content (hex of the first 64 bytes and the size) of every file under {@code
   * dir}.
   */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          byte[] b = Files.readAllBytes(p);
          m.put(
              dir.relativize(p).toString(),
              b.length < 64 && isText(b)
                  ? new String(b)
                  : b.length + " bytes, sha " + Integer.toHexString(java.util.Arrays.hashCode(b)));
        }
      }
    }
    return m;
  }

  private static boolean isText(byte[] b) {
    for (byte x : b) {
      if (x < 9) {
        return false;
      }
    }
    return true;
  }

  private static java.util.List<String> hidden(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }
}
