package org.drtune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A result file named on the command line: {@code -} is standard output; anything else is written
 * whole to a temporary file next to it and renamed over it, so that an existing file is only ever
 * replaced by a complete new one.
 */
final class OutputFile {
  /** The JSON every {@code --json FILE} is written with: indented, fields in declaration order. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private OutputFile() {}

  /** Whether {@code file} names standard output. */
  static boolean isStdout(Path file) {
    return file != null && file.toString().equals("-");
  }

  /** Writes {@code text} to {@code file}, or to {@code stdout} for {@code -}. */
  static void write(Path file, String text, PrintWriter stdout) throws IOException {
    if (isStdout(file)) {
      stdout.print(text);
      stdout.flush();
      return;
    }
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code value} as indented JSON (with a final line break) to {@code file} or stdout. */
  static void writeJson(Path file, Object value, PrintWriter stdout) throws IOException {
    write(file, JSON.writeValueAsString(value) + System.lineSeparator(), stdout);
  }
}
