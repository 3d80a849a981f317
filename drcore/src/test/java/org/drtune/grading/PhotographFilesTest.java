package org.drtune.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.drtune.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code drtune predict} and {@link PhotographFiles} find photographs among files and folders.
 */
class PhotographFilesTest {
  @TempDir Path dir;

  private Path file(String relative) throws IOException {
    Path f = dir.resolve(relative);
    Files.createDirectories(f.getParent());
    return Files.write(f, new byte[] {1});
  }

  @Test
  void aFolderIsSearchedWithItsSubfoldersForPhotographsInPathOrder() throws IOException {
    Path z = file("b/c/z.jpeg");
    Path a = file("a.PNG");
    Path y = file("b/y.JPG");
    file("b/notes.txt");
    file("b/.hidden.png");
    file(".cache/x.png");
    file("b/.thumbs/w.png");
    assertThat(PhotographFiles.find(List.of(dir))).containsExactly(a, z, y);
  }

  @Test
  void filesAreTakenAsGivenInOrderAndOnceEach() throws IOException {
    Path txt = file("scan.tiff");
    Path p = file("f/p.png");
    Path q = file("f/q.png");
    assertThat(PhotographFiles.find(List.of(q, txt, dir.resolve("f"), p)))
        .as("a named file whatever its name; a photograph reached twice is kept once")
        .containsExactly(q, txt, p);
  }

  @Test
  void aMissingInputAnEmptyFolderAndALinkLoopAreErrors() throws IOException {
    assertThatThrownBy(() -> PhotographFiles.find(List.of(dir.resolve("nope"))))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    file("empty/readme.txt");
    assertThatThrownBy(() -> PhotographFiles.find(List.of(empty)))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("no photograph under " + empty)
        .hasMessageContaining(".jpg, .jpeg, .png");
    Path photo = file("loop/a/p.png");
    Files.createSymbolicLink(dir.resolve("loop/a/up"), dir.resolve("loop"));
    assertThatThrownBy(() -> PhotographFiles.find(List.of(dir.resolve("loop"))))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("symbolic link loop")
        .hasMessageContaining("up");
    Files.delete(dir.resolve("loop/a/up"));
    assertThat(PhotographFiles.find(List.of(dir.resolve("loop")))).containsExactly(photo);
  }

  @Test
  void linksAreFollowedAndABrokenOneIsKeptForGradingToReport() throws IOException {
    Path real = file("elsewhere/r.png");
    Path folder = Files.createDirectories(dir.resolve("clinic"));
    Files.createSymbolicLink(folder.resolve("linked"), dir.resolve("elsewhere"));
    Path broken = Files.createSymbolicLink(folder.resolve("gone.png"), dir.resolve("missing.png"));
    assertThat(PhotographFiles.find(List.of(folder)))
        .containsExactly(broken, folder.resolve("linked/r.png"));
    assertThat(Files.readAllBytes(folder.resolve("linked/r.png")))
        .isEqualTo(Files.readAllBytes(real));
  }
}
