package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code drtune} command in the README's and the docs' code blocks is a valid command line,
 * so the examples cannot drift: bash expands it (the variables the block assigns, quotes, line
 * continuations; nothing is run), picocli parses it, {@code train} and {@code demo} apply their
 * settings, and {@code crossval} checks its arguments and parses every {@code --setting}.
 */
class DocsCommandsTest {
  private static final Path ROOT = Path.of(System.getProperty("drtune.repo.root", ".."));

  @Test
  void everyDocumentedCommandIsValid() throws Exception {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    int checked = 0;
    for (Path page : pages) {
      for (List<String> block : codeBlocks(Files.readString(page))) {
        for (List<String> command : expand(block)) {
          check(page.getFileName() + ": drtune " + String.join(" ", command), command);
          checked++;
        }
      }
    }
    assertThat(checked).as("documented drtune commands").isGreaterThanOrEqualTo(40);
  }

  private static void check(String where, List<String> args) {
    CommandLine cl =
        Cli.create(
            CliContext.of(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    CommandLine.ParseResult parsed;
    try {
      parsed = cl.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
    if (!parsed.hasSubcommand()) {
      assertThat(args.get(0)).as(where).startsWith("-");
      return;
    }
    Object command = parsed.subcommand().commandSpec().userObject();
    try {
      if (command instanceof TrainCommand t) {
        t.plan();
      } else if (command instanceof DemoCommand d) {
        SettingOptions.plan(d.spec, org.drtune.training.Recipes.demo(), d.backbone.ref());
      } else if (command instanceof CrossvalCommand c) {
        c.checkArguments();
      }
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
  }

  /** The code blocks of a Markdown page: fenced, or indented by four spaces. */
  static List<List<String>> codeBlocks(String markdown) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        if (fenced) {
          blocks.add(current);
          current = null;
        } else {
          current = new ArrayList<>();
        }
        fenced = !fenced;
      } else if (fenced) {
        current.add(line);
      } else if (line.startsWith("    ")) {
        if (current == null) {
          current = new ArrayList<>();
          blocks.add(current);
        }
        current.add(line.substring(4));
      } else if (!line.isBlank()) {
        current = null;
      }
    }
    return blocks;
  }

  /**
   * The drtune commands of a block with their arguments as the shell gives them: bash reads the
   * block's variable assignments and each command's words ({@code [optional parts]} removed), with
   * globbing off and nothing executed.
   */
  private static List<List<String>> expand(List<String> block)
      throws IOException, InterruptedException {
    List<String> joined = joinContinuations(block);
    StringBuilder script =
        new StringBuilder("set -f\nargs() { printf '%s\\0' \"$@\"; printf '\\1'; }\n");
    int commands = 0;
    for (String line : joined) {
      String l = line.strip();
      // a variable assignment alone (not one that prefixes a command: VAR=x cmd ...)
      if (l.matches("[A-Z][A-Z0-9_]*=(\"[^\"]*\"|'[^']*'|[^\\s\"']*)(\\s+#.*)?")) {
        script.append(l).append('\n');
        continue;
      }
      int pipe = l.lastIndexOf("| ");
      String c = pipe >= 0 ? l.substring(pipe + 2).strip() : l;
      if (!(c.startsWith("bin/drtune ") || c.startsWith("drtune ")) || c.contains("$(")) {
        continue;
      }
      String words = c.substring(c.indexOf("drtune ") + "drtune ".length());
      words = words.replaceAll("\\s\\[[^]'\"]*]", " ");
      script.append("args ").append(words).append('\n');
      commands++;
    }
    if (commands == 0) {
      return List.of();
    }
    Process p =
        new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("bash on\n" + script + "\n" + err).isZero();
    List<List<String>> result = new ArrayList<>();
    for (String command : new String(out, StandardCharsets.UTF_8).split("\u0001")) {
      if (!command.isEmpty()) {
        result.add(Arrays.stream(command.split("\u0000")).toList());
      }
    }
    assertThat(result).hasSize(commands);
    return result;
  }

  private static List<String> joinContinuations(List<String> block) {
    List<String> joined = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String l : block) {
      if (l.endsWith("\\")) {
        line.append(l, 0, l.length() - 1).append(' ');
      } else {
        joined.add(line.append(l).toString());
        line.setLength(0);
      }
    }
    if (!line.isEmpty()) {
      joined.add(line.toString());
    }
    return joined;
  }
}
