package org.drtune.internal.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * File operations that never leave a half-written result where a reader would take it as valid:
 * files and folders are written under a temporary name in the same folder and renamed into place.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code content} to {@code target} through a temporary file and an atomic rename. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.write(tmp, content);
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** What writes a file's content to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    /** Writes the content. */
    void write(java.io.OutputStream out) throws IOException;
  }

  /**
   * Writes what {@code writer} produces to {@code target} through a temporary file and an atomic
   * rename.
   */
  public static void writeAtomically(Path target, StreamWriter writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (java.io.OutputStream out =
          Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
        writer.write(out);
      }
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes UTF-8 text atomically. */
  public static void writeAtomically(Path target, String content) throws IOException {
    writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A body that fills a fresh folder. */
  @FunctionalInterface
  public interface FolderWriter {
    /** Writes the folder's content into {@code dir}. */
    void write(Path dir) throws IOException;
  }

  /**
   * Fills a temporary sibling folder with {@code writer}, then puts it at {@code target}: an
   * existing folder there is first renamed aside and deleted only after the new one is in place, so
   * {@code target} holds the old content or the new, never a mix. If {@code writer} fails, {@code
   * target} is untouched.
   */
  public static void replaceFolder(Path target, FolderWriter writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String base = "." + target.getFileName() + "." + UUID.randomUUID();
    Path tmp = dir.resolve(base + ".tmp");
    Path old = dir.resolve(base + ".old");
    recoverFolder(target);
    try {
      writer.write(tmp);
      testPause();
      if (Files.exists(target)) {
        move(target, old);
      }
      move(tmp, target);
    } finally {
      deleteRecursively(tmp);
      deleteRecursively(old);
    }
  }

  /**
   * Test hook: the crash tests set the system property {@value #TEST_PAUSE_PROPERTY} to a number of
   * milliseconds so that a child JVM can be killed reliably while a written folder is complete but
   * not yet renamed into place. Unset (always, outside those tests) it does nothing.
   */
  static final String TEST_PAUSE_PROPERTY = "drtune.test.replaceFolderPauseMillis";

  private static void testPause() {
    long millis = Long.getLong(TEST_PAUSE_PROPERTY, 0L);
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Copies the folder tree {@code from} to {@code to} (which must not exist yet). */
  public static void copyTree(Path from, Path to) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** Deletes a file or folder tree if it exists. */
  public static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    Files.walkFileTree(
        p,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Undoes the one unsafe window of {@link #replaceFolder}: a process killed after the old folder
   * was renamed aside ({@code .NAME.*.old}) but before the new one was renamed into place leaves no
   * {@code target}; the old folder is put back. Does nothing when {@code target} exists.
   */
  public static void recoverFolder(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (Files.exists(target) || !Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(dir, "." + target.getFileName() + ".*.old")) {
      for (Path old : s) {
        move(old, target);
        return;
      }
    }
  }

  /**
   * Deletes the leftovers of interrupted writes ({@code .*.tmp} and {@code .*.old}) in {@code dir}.
   */
  public static void cleanLeftovers(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.{tmp,old}")) {
      for (Path p : s) {
        deleteRecursively(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean temporary files in " + dir, e);
    }
  }
}
