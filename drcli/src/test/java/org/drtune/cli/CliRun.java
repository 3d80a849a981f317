package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * One run of the command line through {@link Main#execute(CliContext, String...)} with captured
 * output.
 *
 * @param code the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
record CliRun(int code, String out, String err) {

  /** The BVLC reference photograph of a bald eagle in the shared folder next to the repository. */
  static Path sharedEagle() {
    Path eagle =
        Path.of(System.getProperty("drtune.repo.root", ".."))
            .toAbsolutePath()
            .resolveSibling("shared")
            .resolve("models/bvlc_googlenet/reference/eagle.jpg");
    assertThat(eagle).as("the shared reference photo").matches(Files::isRegularFile);
    return eagle;
  }

  static CliRun of(String... args) {
    return with(UnaryOperator.identity(), args);
  }

  static CliRun with(UnaryOperator<CliContext> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        setup.apply(CliContext.of(new PrintWriter(out, true), new PrintWriter(err, true)));
    int code = Main.execute(ctx, args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
