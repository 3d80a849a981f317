package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.drtune.experiments.Experiments;
import org.drtune.experiments.HeldOutResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossvalTablesTest {
  @Test
  void aComparisonRowGivesEachDifferenceWithItsInterval(@TempDir Path dir) throws Exception {
    HeldOutResults.writeGoodAndPoor(dir);
    Experiments.Comparison c = Experiments.compare(dir, "good", "poor", true);
    assertThat(CrossvalTables.comparisonRow(c))
        .startsWith("| good − poor (TTA) | 200 (100 patients) | +");
  }
}
