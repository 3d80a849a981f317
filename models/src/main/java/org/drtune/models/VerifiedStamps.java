package org.drtune.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache's record of files already verified, so a complete cache is not re-hashed on every
 * start.
 *
 * <p>One tab-separated line per file in {@value #FILE_NAME} of the bundle's cache folder: relative
 * path, size, modification time in milliseconds and the recipe checksums it was verified against. A
 * file whose size, time or expected checksums differ from its line is hashed again. The stamp only
 * ever speeds things up: when it cannot be read or written every file is simply hashed.
 */
final class VerifiedStamps {

  /** Name of the stamp file in a bundle's cache folder. */
  static final String FILE_NAME = ".drtune-verified";

  private final Path folder;
  private final Map<String, String> lines = new TreeMap<>();
  private boolean dirty;

  private VerifiedStamps(Path folder) {
    this.folder = folder;
  }

  /**
   * Reads the stamps of a cache folder; an absent or unreadable stamp file means nothing is
   * stamped.
   */
  static VerifiedStamps read(Path folder) {
    VerifiedStamps stamps = new VerifiedStamps(folder);
    try {
      for (String line : Files.readAllLines(folder.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          stamps.lines.put(line.substring(0, tab), line);
        }
      }
    } catch (NoSuchFileException e) {
      // nothing verified yet
    } catch (IOException | RuntimeException e) {
      stamps.lines.clear(); // a damaged stamp only costs a re-hash
    }
    return stamps;
  }

  /** Whether {@code file} was verified against {@code spec} and has not changed since. */
  boolean isVerified(Path file, AssetFile spec) {
    String line = lines.get(spec.path());
    try {
      return line != null && line.equals(line(file, spec));
    } catch (IOException e) {
      return false;
    }
  }

  /** Records that {@code file} now matches {@code spec}. */
  void markVerified(Path file, AssetFile spec) throws IOException {
    String line = line(file, spec);
    if (!line.equals(lines.put(spec.path(), line))) {
      dirty = true;
    }
  }

  /**
   * Writes the stamps if they changed, via a temporary file and a rename; a failure is ignored (see
   * class doc).
   */
  void save() {
    if (!dirty) {
      return;
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(folder, FILE_NAME + ".", ".part");
      List<String> out = new ArrayList<>(lines.values());
      Files.write(tmp, out, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, folder.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
      }
      dirty = false;
    } catch (IOException e) {
      // a read-only cache: files are re-hashed next time, which is slower but still correct
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  private static String line(Path file, AssetFile spec) throws IOException {
    return spec.path()
        + '\t'
        + Files.size(file)
        + '\t'
        + Files.getLastModifiedTime(file).toMillis()
        + '\t'
        + spec.checksums();
  }
}
