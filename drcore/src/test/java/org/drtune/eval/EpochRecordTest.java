package org.drtune.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochRecordTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void historyRoundTripsThroughJson() throws Exception {
    List<EpochRecord> history =
        List.of(
            new EpochRecord(1, 1.2, 0.41, 1.1, 0.45, 0.70, 0.30, 1e-3, 12.5),
            // No validation this epoch: NaN values.
            new EpochRecord(
                2, 0.9, 0.55, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 5e-4, 11.0));
    String json = JSON.writeValueAsString(history);
    assertThat(json).contains("\"trainLoss\":1.2").contains("\"valKappa\":0.3");
    assertThat(JSON.readValue(json, new TypeReference<List<EpochRecord>>() {})).isEqualTo(history);
  }

  @Test
  void rejectsNegativeEpochAndTime() {
    assertThatThrownBy(() -> new EpochRecord(-1, 0, 0, 0, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch must be >= 0, got -1");
    assertThatThrownBy(() -> new EpochRecord(0, 0, 0, 0, 0, 0, 0, 0, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seconds must be >= 0");
  }
}
