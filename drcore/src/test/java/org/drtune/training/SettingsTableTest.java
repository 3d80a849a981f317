package org.drtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/TRAINING.md's table of training settings lists every {@link TrainingSetting} once, with
 * where it applies and its older crossval spelling, as the table in the code says.
 */
class SettingsTableTest {
  @Test
  void theDocumentedTableIsTheCodesTable() throws IOException {
    Path root = Path.of(System.getProperty("drtune.repo.root", ".."));
    Map<String, String[]> rows = new HashMap<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(root.resolve("docs/TRAINING.md"))) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## The training settings");
      } else if (inSection && line.startsWith("| `")) {
        String[] cells = line.substring(1).split("(?<!\\\\)\\|");
        rows.put(cells[0].trim().replace("`", ""), cells);
      }
    }
    assertThat(rows.keySet())
        .containsExactlyInAnyOrder(
            java.util.Arrays.stream(TrainingSetting.values())
                .map(TrainingSetting::key)
                .toArray(String[]::new));
    for (TrainingSetting s : TrainingSetting.values()) {
      String[] row = rows.get(s.key());
      assertThat(row[2].trim()).as(s.key() + " on train").isEqualTo(s.forTraining() ? "yes" : "no");
      assertThat(row[3].trim())
          .as(s.key() + " in crossval")
          .isEqualTo(s.forCrossValidation() ? "yes" : "no");
      String alias = row[5].trim().replace("`", "");
      assertThat(alias.isEmpty() ? java.util.List.of() : java.util.List.of(alias.split(",\\s*")))
          .as(s.key() + "'s older spellings")
          .isEqualTo(s.aliases());
      if (s.isNegatable()) {
        assertThat(row[1]).as(s.key()).contains("--no-" + s.key());
      }
    }
  }
}
