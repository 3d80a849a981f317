package org.drtune.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void aModelMovedAsideByAKilledReplaceIsPutBack(@TempDir Path tmp) throws IOException {
    // the state a kill leaves between replaceFolder's two renames: no model/, the old one as
    // .model.X.old
    Path aside = Files.createDirectories(tmp.resolve(".model.1234.old"));
    Files.writeString(aside.resolve("saved_model.pb"), "old model");
    Files.createDirectories(tmp.resolve(".model.1234.tmp"));
    AtomicFiles.recoverFolder(tmp.resolve("model"));
    assertThat(Files.readString(tmp.resolve("model/saved_model.pb"))).isEqualTo("old model");
    AtomicFiles.cleanLeftovers(tmp);
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("model");
    }
    // nothing to do when the folder exists
    AtomicFiles.recoverFolder(tmp.resolve("model"));
    assertThat(Files.readString(tmp.resolve("model/saved_model.pb"))).isEqualTo("old model");
  }
}
