package org.drtune.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the context, the global options and the picocli writers. */
abstract class BaseCommand implements Callable<Integer> {
  final CliContext ctx;

  @Spec
  CommandSpec spec;

  @Mixin
  GlobalOptions globals = new GlobalOptions();

  BaseCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  ProgressReporter progress() {
    return new ProgressReporter(err(), globals.mode(ctx.terminal()), ctx.clock());
  }

  /** A usage error naming the option. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  @Override
  public final Integer call() throws Exception {
    return run().code();
  }

  /** Runs the command; exceptions are mapped to exit codes by {@link Cli}. */
  abstract ExitCode run() throws Exception;
}
