package org.drtune.models;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@code <name>.part} file a download writes next to its target: kept after a broken try so the
 * next one resumes it, deleted when it holds a wrong file, and atomically renamed to the target
 * once verified.
 */
final class PartialFile {

  private final Path target;
  private final Path path;

  /** The partial file of {@code target}. */
  PartialFile(Path target) {
    this.target = target;
    this.path = target.resolveSibling(target.getFileName() + ".part");
  }

  /** Where the partial file is. */
  Path path() {
    return path;
  }

  /** Whether a partial file is there. */
  boolean exists() {
    return Files.exists(path);
  }

  /**
   * How many bytes the partial file holds to resume from: 0 when there is none, and when it is
   * longer than {@code expectedBytes} (it is deleted then).
   */
  long resumableBytes(long expectedBytes) throws IOException {
    long have = exists() ? Files.size(path) : 0;
    if (have > expectedBytes) {
      Files.delete(path);
      have = 0;
    }
    return have;
  }

  /** Opens the partial file for writing, after its bytes when {@code append}, else from empty. */
  OutputStream open(boolean append) throws IOException {
    return append
        ? Files.newOutputStream(path, StandardOpenOption.APPEND)
        : Files.newOutputStream(path);
  }

  /** Deletes the partial file if there is one. */
  void delete() throws IOException {
    Files.deleteIfExists(path);
  }

  /** Renames the partial file to the target, atomically. */
  void moveToTarget() throws IOException {
    Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
