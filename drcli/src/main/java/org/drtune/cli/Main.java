package org.drtune.cli;

/**
 * Entry point of the {@code drtune} command line ({@code bin/drtune}). Run {@code drtune --help}
 * for the commands and {@code drtune COMMAND --help} for their options and the exit codes.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the command line arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line on the real process streams and returns its exit code. */
  static int execute(String... args) {
    // before anything creates a logger of the library (slf4j-simple fixes a logger's level then)
    LogLevelOption.applyEarly(java.util.List.of(args));
    CliContext ctx;
    try {
      ctx = CliContext.production();
    } catch (IllegalArgumentException e) {
      // a bad environment setting, such as a DRTUNE_DOWNLOAD_MIRROR that is not a URL
      System.err.println("drtune: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    return execute(ctx, args);
  }

  /**
   * Runs the command line in a given context (tests capture the writers here) and returns its exit
   * code.
   */
  static int execute(CliContext ctx, String... args) {
    int code = Cli.create(ctx).execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }
}
