package org.drtune.internal.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {
  @Test
  void aModelMovedAsideByAKilledReplaceIsPutBack(@TempDir Path tmp) throws IOException {
    // the state a kill leaves between replaceFolder's two renames: no model/, the old one as .model.X.old
    Path aside = Files.createDirectories(tmp.resolve(".model.1234.old"));
    Files.writeString(aside.resolve("saved_model.pb"), "old model");
    Files.createDirectories(tmp.resolve(".model.1234.tmp"));
    RunFiles.recoverFolder(tmp.resolve("model"));
    assertThat(Files.readString(tmp.resolve("model/saved_model.pb"))).isEqualTo("old model");
    RunFiles.cleanLeftovers(tmp);
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("model");
    }
    // nothing to do when the folder exists
    RunFiles.recoverFolder(tmp.resolve("model"));
    assertThat(Files.readString(tmp.resolve("model/saved_model.pb"))).isEqualTo("old model");
  }
}
