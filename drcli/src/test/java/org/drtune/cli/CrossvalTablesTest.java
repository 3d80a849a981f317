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

  @Test
  void patientRowsFillEveryColumnOfTheirHeader(@TempDir Path dir) throws Exception {
    HeldOutResults.writeGoodAndPoor(dir);
    var s =
        org.drtune.experiments.PatientSummary.of(
                dir, "good", true, org.drtune.grading.PatientNaming.EYEPACS)
            .orElseThrow();
    String[] rows = CrossvalTables.patientRows(s).split("\n");
    int columns = CrossvalTables.PATIENT_HEADER.split("\n")[0].split("\\|", -1).length;
    assertThat(rows).hasSize(4);
    assertThat(rows).allSatisfy(r -> assertThat(r.split("\\|", -1)).hasSize(columns));
    assertThat(rows[1]).contains("other eye at w = ");
    assertThat(CrossvalTables.patientGainRows(s).split("\n"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r).startsWith("| good "));
  }
}
