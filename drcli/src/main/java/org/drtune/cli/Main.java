package org.drtune.cli;

/** Entry point of the {@code drtune} command line. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  static int execute(String... args) {
    System.err.println("drtune: no commands yet");
    return 2;
  }
}
