package org.drtune.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command takes: verbosity, the library's log level and how progress is shown. */
final class GlobalOptions {
  /** How progress is drawn. */
  enum ProgressStyle {
    /** A bar on a terminal, plain lines otherwise. */
    auto,
    /** Always a bar redrawn in place. */
    bar,
    /** Always plain lines. */
    lines
  }

  @Option(
      names = "--verbose",
      description = "Print the stack trace of an error, and TensorFlow's own INFO messages.")
  boolean verbose;

  @Mixin LogLevelOption logLevel = new LogLevelOption();

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress output (errors are still printed).")
  boolean quiet;

  @Option(
      names = "--progress",
      paramLabel = "STYLE",
      defaultValue = "auto",
      description =
          "Progress display: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; auto draws a bar"
              + " on a terminal and plain lines otherwise).")
  ProgressStyle progress = ProgressStyle.auto;

  ProgressReporter.Mode mode(boolean terminal) {
    if (quiet) {
      return ProgressReporter.Mode.NONE;
    }
    return switch (progress) {
      case bar -> ProgressReporter.Mode.BAR;
      case lines -> ProgressReporter.Mode.LINES;
      case auto -> terminal ? ProgressReporter.Mode.BAR : ProgressReporter.Mode.LINES;
    };
  }
}
