package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code bin/drtune ...} example in the README's "Command line" section parses, so the
 * examples cannot drift.
 */
class ReadmeCommandsTest {
  @Test
  void theReadmeExamplesParse() throws IOException {
    Path readme = Path.of(System.getProperty("drtune.repo.root", "..")).resolve("README.md");
    String text = Files.readString(readme);
    int start = text.indexOf("## Command line");
    assertThat(start).as("README has a 'Command line' section").isNotNegative();
    int end = text.indexOf("\n## ", start + 1);
    List<String> examples =
        text.substring(start, end < 0 ? text.length() : end)
            .lines()
            .filter(l -> l.startsWith("    bin/drtune "))
            .map(l -> l.substring("    bin/drtune ".length()))
            .map(l -> l.replaceAll("\\[[^]]*]", "").trim())
            .toList();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(6);
    for (String example : examples) {
      CommandLine cl =
          Cli.create(
              CliContext.of(
                  new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
      String[] args = Arrays.stream(example.split("\\s+")).toArray(String[]::new);
      CommandLine.ParseResult parsed = cl.parseArgs(args);
      assertThat(parsed.hasSubcommand()).as(example).isTrue();
    }
  }
}
