package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code drtune imagenet} on the real BVLC GoogLeNet, found through the normal lookup (the shared
 * mirror).
 */
@Tag("slow")
class ImageNetCommandTest {
  @Test
  void theEagleIsABaldEagle() throws Exception {
    Path eagle = CliRun.sharedEagle();
    CliRun r = CliRun.of("imagenet", "--image", eagle.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).isEqualTo(eagle.toString());
    assertThat(lines[1]).startsWith("  1. ").contains("bald eagle", "(n01614925)");
    assertThat(lines).hasSize(6);

    CliRun json = CliRun.of("imagenet", "--image", eagle.toString(), "--top", "2", "--json");
    assertThat(json.code()).isZero();
    JsonNode labels = new ObjectMapper().readTree(json.out()).get(0).get("labels");
    assertThat(labels).hasSize(2);
    assertThat(labels.get(0).get("name").asText()).startsWith("bald eagle");
    assertThat(labels.get(0).get("probability").asDouble()).isGreaterThan(0.5);
  }
}
