package org.drtune.grading;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtune.DatasetException;

/**
 * The photographs to grade among files and folders, as {@code drtune predict} finds them: a file is
 * taken as given (whatever its name), a folder is searched recursively for {@code .jpg}, {@code
 * .jpeg} and {@code .png} files (any case; hidden files and folders, whose names start with a dot,
 * are left out), following symbolic links but refusing a link that leads back into a folder being
 * searched (a link whose target is missing is kept, and grading reports it as unreadable). A
 * folder's photographs come sorted by path; a photograph named twice is graded once.
 *
 * <pre>{@code
 * List<Path> photos = PhotographFiles.find(List.of(Path.of("clinic/2026-11")));
 * Grading g = classifier.classifyFiles(photos, false, ImageProgress.NONE);
 * }</pre>
 */
public final class PhotographFiles {
  /** The file name endings a folder search takes as photographs (compared in lower case). */
  public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

  private PhotographFiles() {}

  /**
   * Whether a folder search takes a file of this name as a photograph: not hidden, ending in one of
   * {@link #EXTENSIONS}.
   */
  public static boolean isPhotographName(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
  }

  /**
   * The photographs of {@code inputs}, files and folders mixed, in the order given (each folder's
   * photographs sorted by path).
   *
   * @throws NoSuchFileException for an input that does not exist
   * @throws DatasetException for a folder without a photograph, or a symbolic link loop
   * @throws IOException if a folder cannot be read
   */
  public static List<Path> find(List<Path> inputs) throws IOException {
    Map<Path, Path> found = new LinkedHashMap<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        List<Path> inFolder = search(input);
        if (inFolder.isEmpty()) {
          throw new DatasetException(
              "no photograph under "
                  + input
                  + ": a folder is searched (with its subfolders) for "
                  + String.join(", ", EXTENSIONS)
                  + " files; name other files one by one");
        }
        inFolder.forEach(p -> found.putIfAbsent(key(p), p));
      } else if (Files.exists(input)) {
        found.putIfAbsent(key(input), input);
      } else {
        throw new NoSuchFileException(input.toString(), null, "no such photograph or folder");
      }
    }
    return List.copyOf(found.values());
  }

  private static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }

  private static List<Path> search(Path root) throws IOException {
    List<Path> photos = new ArrayList<>();
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean hidden =
                !dir.equals(root)
                    && dir.getFileName() != null
                    && dir.getFileName().toString().startsWith(".");
            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // a link whose target is gone is kept, so that grading reports it as unreadable
            if ((attrs.isRegularFile() || attrs.isSymbolicLink())
                && isPhotographName(file.getFileName().toString())) {
              photos.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) {
              throw new DatasetException(
                  "symbolic link loop under "
                      + root
                      + ": "
                      + file
                      + " leads back to a folder above it; remove the link or name the folders"
                      + " to grade one by one");
            }
            throw e;
          }
        });
    photos.sort(null);
    return photos;
  }
}
