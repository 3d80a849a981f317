package org.drtune.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.drtune.grading.DrClassifier;

/**
 * One {@link DrClassifier} per model and options in each executor JVM: created by the first task
 * that needs it, shared by every later task of that executor (the classifier is thread-safe), and
 * closed when the JVM shuts down.
 */
final class ExecutorClassifiers {
  private static final Map<String, DrClassifier> LOADED = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> LOADED.values().forEach(DrClassifier::close), "drtune-classifiers-close"));
  }

  private ExecutorClassifiers() {}

  /** The classifier of the model folder {@code local} with {@code options}, loaded once. */
  static DrClassifier get(Path local, GradeOptions options) {
    String key = local.toAbsolutePath().normalize() + "|" + options;
    return LOADED.computeIfAbsent(
        key,
        k -> {
          try {
            int n = LOADS.incrementAndGet();
            DrSpark.LOG.log(
                System.Logger.Level.DEBUG,
                () -> "executor loads the model " + local + " (load " + n + " in this JVM)");
            return DrClassifier.load(local, options.classifierOptions());
          } catch (IOException e) {
            throw new UncheckedIOException(
                "executor could not load the model " + local + ": " + e.getMessage(), e);
          }
        });
  }

  private static final Map<String, Path> UNPACKED = new ConcurrentHashMap<>();

  /**
   * The local folder holding {@code model}'s files in this JVM: unpacked from its broadcast zip by
   * the first task that needs it (into a temporary folder deleted at shutdown), then reused.
   */
  static Path unpacked(ShippedModel model) {
    return UNPACKED.computeIfAbsent(
        model.name(),
        name -> {
          try {
            Path dir = Files.createTempDirectory(name + "-");
            unzip(model.zip().value(), dir);
            DrSpark.LOG.log(
                System.Logger.Level.DEBUG, () -> "executor unpacked " + name + " into " + dir);
            Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> deleteTree(dir), "drtune-model-delete"));
            return dir;
          } catch (IOException e) {
            throw new UncheckedIOException(
                "executor could not unpack the model " + name + ": " + e.getMessage(), e);
          }
        });
  }

  private static void unzip(byte[] zip, Path dir) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("zip entry " + e.getName() + " leaves the model folder");
        }
        if (!e.isDirectory()) {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the JVM is going away; a temporary folder left behind is harmless
    }
  }

  /** How many classifiers this JVM has loaded (each model and options once). */
  static int loads() {
    return LOADS.get();
  }
}
