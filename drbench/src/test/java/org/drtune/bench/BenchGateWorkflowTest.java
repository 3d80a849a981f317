package org.drtune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtune.models.AssetResolver;
import org.junit.jupiter.api.Test;

/**
 * The CI templates in docs/ci parse as YAML and do what docs/ci/README.md says: set up Java 17,
 * cache Maven's repository and drtune's asset cache, run the gate on the user's baseline, and keep
 * latest.json even when the gate fails.
 */
class BenchGateWorkflowTest {
  private static final Path CI = Path.of("..", "docs", "ci");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void theGitHubActionsTemplateRunsTheGateCachesAndUploadsLatestJsonAlways() throws IOException {
    JsonNode wf = YAML.readTree(CI.resolve("github-actions.yml").toFile());
    assertThat(wf.path("on").has("pull_request")).as("runs on pull requests").isTrue();
    JsonNode job = wf.path("jobs").path("bench-gate");
    List<JsonNode> steps = list(job.path("steps"));

    JsonNode java = step(steps, "actions/setup-java@");
    assertThat(java.at("/with/java-version").asText()).isEqualTo("17");
    JsonNode cache = step(steps, "actions/cache@");
    assertThat(cache.at("/with/path").asText().lines())
        .contains("~/.m2/repository", "~/" + AssetResolver.DEFAULT_HOME_FOLDER);
    JsonNode drtune = step(steps, "actions/checkout@", "with");
    assertThat(drtune.at("/with/path").asText()).isEqualTo(".drtune-src");

    JsonNode gate = run(steps, ".ci/bench");
    assertThat(gate.path("run").asText())
        .startsWith(".drtune-src/.ci/bench ")
        .contains("--baseline \"$BASELINE\"", "--out bench-gate", "--model \"$MODEL\"");
    assertThat(wf.at("/env/BASELINE").asText()).endsWith(".tsv");
    assertThat(steps.indexOf(gate)).isGreaterThan(steps.indexOf(cache));

    JsonNode summary = run(steps, "GITHUB_STEP_SUMMARY");
    assertThat(summary.path("if").asText()).isEqualTo("always()");
    assertThat(summary.path("run").asText()).contains("cat bench-gate/latest.md >>");
    JsonNode upload = step(steps, "actions/upload-artifact@");
    assertThat(upload.path("if").asText()).isEqualTo("always()");
    assertThat(upload.at("/with/path").asText().lines()).contains("bench-gate/latest.json");
  }

  @Test
  void theGitLabTemplateRunsTheGateCachesAndKeepsLatestJsonAlways() throws IOException {
    JsonNode ci = YAML.readTree(CI.resolve("gitlab-ci.yml").toFile());
    JsonNode job = ci.path("drtune-bench-gate");
    assertThat(job.path("image").asText()).contains("17");
    List<String> script = list(job.path("script")).stream().map(JsonNode::asText).toList();
    assertThat(script)
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith(".drtune-src/.ci/bench ")
                    .contains("--baseline \"$BASELINE\"", "--out bench-gate"));

    // GitLab caches only inside the project: Maven and drtune are pointed there
    List<String> cached = list(job.at("/cache/paths")).stream().map(JsonNode::asText).toList();
    assertThat(cached).contains(".m2/repository", ".drtune");
    assertThat(ci.at("/variables/MAVEN_OPTS").asText())
        .isEqualTo("-Dmaven.repo.local=$CI_PROJECT_DIR/.m2/repository");
    assertThat(ci.at("/variables/" + AssetResolver.HOME_ENV).asText())
        .isEqualTo("$CI_PROJECT_DIR/.drtune");

    assertThat(job.at("/artifacts/when").asText()).isEqualTo("always");
    assertThat(list(job.at("/artifacts/paths")).stream().map(JsonNode::asText))
        .contains("bench-gate/latest.json");
  }

  @Test
  void theScriptBothTemplatesCallIsExecutable() {
    Path bench = Path.of("..", ".ci", "bench");
    assertThat(bench).isRegularFile();
    assertThat(Files.isExecutable(bench)).isTrue();
  }

  private static List<JsonNode> list(JsonNode array) {
    assertThat(array.isArray()).as("a YAML list").isTrue();
    List<JsonNode> l = new ArrayList<>();
    array.forEach(l::add);
    return l;
  }

  /** The one step using {@code action} (and having {@code field}, when given). */
  private static JsonNode step(List<JsonNode> steps, String action, String... field) {
    List<JsonNode> found =
        steps.stream()
            .filter(s -> s.path("uses").asText().startsWith(action))
            .filter(s -> field.length == 0 || s.has(field[0]))
            .toList();
    assertThat(found).as("steps using " + action).isNotEmpty();
    return found.get(found.size() - 1);
  }

  /** The step whose shell command mentions {@code text}. */
  private static JsonNode run(List<JsonNode> steps, String text) {
    return steps.stream()
        .filter(s -> s.path("run").asText().contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step runs " + text));
  }
}
