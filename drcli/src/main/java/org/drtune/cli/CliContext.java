package org.drtune.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.drtune.models.AssetResolver;

/**
 * What the commands need from outside: the writers, whether the error stream is a terminal, a clock
 * and the asset resolver (where weights and data are looked for).
 *
 * @param out standard output
 * @param err standard error (progress, warnings, errors)
 * @param terminal whether progress may be drawn as a bar in place
 * @param clock nanosecond clock for rates and ETAs
 * @param assets where weights and data are looked for
 * @param in standard input (a list of photographs for {@code predict -})
 */
record CliContext(
    PrintWriter out,
    PrintWriter err,
    boolean terminal,
    LongSupplier clock,
    AssetResolver assets,
    InputStream in) {

  CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(assets, "assets");
    Objects.requireNonNull(in, "in");
  }

  /**
   * The real process: System.out/err, a terminal when there is a console, the default asset lookup.
   */
  static CliContext production() {
    return new CliContext(
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true),
        stderrIsTerminal(),
        System::nanoTime,
        AssetResolver.defaults(),
        System.in);
  }

  /**
   * Writers that are not a terminal (plain progress lines), the default asset lookup, no overrides.
   */
  static CliContext of(PrintWriter out, PrintWriter err) {
    return new CliContext(
        out, err, false, System::nanoTime, AssetResolver.defaults(), InputStream.nullInputStream());
  }

  private static boolean stderrIsTerminal() {
    String said = System.getProperty("drtune.stderr.terminal");
    return said != null ? Boolean.parseBoolean(said) : System.console() != null;
  }

  CliContext withAssets(AssetResolver a) {
    return new CliContext(out, err, terminal, clock, a, in);
  }

  CliContext withIn(InputStream newIn) {
    return new CliContext(out, err, terminal, clock, assets, newIn);
  }
}
