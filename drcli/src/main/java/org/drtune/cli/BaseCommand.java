package org.drtune.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.drtune.TensorFlowLog;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the context, the global options and the picocli writers. */
abstract class BaseCommand implements Callable<Integer> {
  final CliContext ctx;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions globals = new GlobalOptions();

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

  /** The context's asset lookup, showing its downloads as progress. */
  org.drtune.models.AssetResolver assets() {
    return ctx.assets().withListener(new DownloadProgress(progress()));
  }

  /**
   * Prints one warning line per skipped image, and a count, on {@code err} (also with {@code
   * --quiet}).
   */
  static void reportSkipped(
      PrintWriter err, java.util.List<org.drtune.grading.SkippedImage> skipped) {
    if (!skipped.isEmpty()) {
      err.println("skipped " + skipped.size() + " unreadable image(s):");
      skipped.forEach(s -> err.println("  " + s.reason()));
    }
  }

  /** Progress of grading many images on a bar or in lines, finished when the last image is done. */
  org.drtune.grading.ImageProgress imageProgress(String label) {
    ProgressReporter.Task[] task = {null};
    ProgressReporter progress = progress();
    return (done, total, skipped) -> {
      if (task[0] == null) {
        task[0] = progress.start(label, total, "images");
      }
      String suffix = skipped == 0 ? null : skipped + " skipped";
      task[0].update(done, suffix);
      if (done >= total) {
        task[0].finish(suffix);
      }
    };
  }

  /** A usage error naming the option. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  @Override
  public final Integer call() throws Exception {
    if (!globals.verbose) {
      return run().code();
    }
    // TensorFlow's own INFO lines too, for this command (the level is the process's)
    TensorFlowLog.Level before = TensorFlowLog.current();
    TensorFlowLog.set(TensorFlowLog.Level.INFO);
    try {
      return run().code();
    } finally {
      if (before != null) {
        TensorFlowLog.set(before);
      } else {
        TensorFlowLog.setDefault();
      }
    }
  }

  /** Runs the command; exceptions are mapped to exit codes by {@link Cli}. */
  abstract ExitCode run() throws Exception;
}
