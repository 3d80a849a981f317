package org.drtune.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code drtune completion}: prints the bash (and zsh) completion script picocli generates from the
 * command line itself, so that it always knows every command and option. The distribution carries
 * the same script, written at build time by {@link #main}.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the bash/zsh completion script of drtune: run 'source <(drtune completion)', or put"
          + " its output in /etc/bash_completion.d/drtune (the distribution has it in"
          + " completion/drtune)."
    })
final class CompletionCommand extends BaseCommand {
  CompletionCommand(CliContext ctx) {
    super(ctx);
  }

  /** The completion script of the whole command line. */
  static String script() {
    CliContext quiet =
        CliContext.of(
            new java.io.PrintWriter(java.io.Writer.nullWriter()),
            new java.io.PrintWriter(java.io.Writer.nullWriter()));
    CommandLine cl = Cli.create(quiet);
    return AutoComplete.bash("drtune", cl);
  }

  @Override
  ExitCode run() {
    out().print(script());
    out().flush();
    return ExitCode.OK;
  }

  /**
   * Writes the completion script to the file named by the first argument (the build runs this for
   * the distribution).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CompletionCommand OUTPUT_FILE");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, script(), StandardCharsets.UTF_8);
  }
}
