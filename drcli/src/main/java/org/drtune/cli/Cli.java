package org.drtune.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.drtune.DatasetException;
import org.drtune.DeviceUnavailableException;
import org.drtune.ImageLoadException;
import org.drtune.grading.ModelLoadException;
import org.drtune.models.AssetException;
import org.drtune.training.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Wires the {@code drtune} command line: the root command, its subcommands, the writers and the
 * handlers that turn errors into one line and an {@link ExitCode}. Production ({@link Main}) and
 * tests build it here.
 */
final class Cli {
  private Cli() {}

  /** The root command: shows the usage when no subcommand is given. */
  @Command(
      name = "drtune",
      mixinStandardHelpOptions = true,
      subcommands = CommandLine.HelpCommand.class,
      versionProvider = Cli.Version.class,
      description =
          "Fine-tunes an ImageNet GoogLeNet to grade diabetic retinopathy (grades 0-4) from fundus"
              + " photographs, evaluates the model and grades new images.",
      footer = {
        "",
        "Start with 'drtune demo': it fine-tunes on RetinaMNIST with defaults that work out of the"
            + " box."
      })
  static final class Root implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin LogLevelOption logLevel = new LogLevelOption();

    @Override
    public Integer call() {
      spec.commandLine().getErr().println("drtune: a command is required");
      spec.commandLine().usage(spec.commandLine().getErr());
      return ExitCode.USAGE.code();
    }
  }

  /**
   * {@code --version}: drtune's, TensorFlow's (Java and native, and which native build) and Java's
   * versions, and whether the CPU has bfloat16.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return org.drtune.BuildInfo.current().lines();
    }
  }

  /** The command line with every subcommand, writing to the context's writers. */
  static CommandLine create(CliContext ctx) {
    CommandLine cl = new CommandLine(new Root());
    cl.addSubcommand(new ImageNetCommand(ctx));
    cl.addSubcommand(new TrainCommand(ctx));
    cl.addSubcommand(new EvaluateCommand(ctx));
    cl.addSubcommand(new PredictCommand(ctx));
    cl.addSubcommand(new CalibrateCommand(ctx));
    cl.addSubcommand(new DemoCommand(ctx));
    cl.addSubcommand(new CrossvalCommand(ctx));
    cl.addSubcommand(new FetchAssetsCommand(ctx));
    cl.addSubcommand(new CompletionCommand(ctx));
    // drspark's job; its help works without Spark, running it needs Spark's jars (bin/drtune adds
    // $SPARK_HOME/jars or the build's drspark/target/spark-lib)
    cl.addSubcommand(new org.drtune.spark.SparkGradeJob());
    cl.getSubcommands()
        .get("spark-grade")
        .getCommandSpec()
        .addMixin("logLevel", CommandSpec.forAnnotatedObject(new LogLevelOption()));
    cl.getSubcommands()
        .values()
        .forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
    SettingOptions.addTo(cl.getSubcommands().get("train"));
    SettingOptions.addTo(cl.getSubcommands().get("demo"));
    CommandLine crossval = cl.getSubcommands().get("crossval");
    java.util.List<String> crossvalHelp =
        new java.util.ArrayList<>(
            java.util.List.of(crossval.getCommandSpec().usageMessage().description()));
    crossvalHelp.add(CrossvalCommand.settingKeysHelp());
    crossval.getCommandSpec().usageMessage().description(crossvalHelp.toArray(String[]::new));
    java.util.Map<String, org.drtune.training.Recipe> trainRecipes =
        new java.util.LinkedHashMap<>();
    trainRecipes.put("thumbnails", org.drtune.training.Recipes.thumbnails());
    trainRecipes.put("photographs", org.drtune.training.Recipes.photographs());
    RecipeHelp.show(cl.getSubcommands().get("train"), trainRecipes);
    RecipeHelp.show(
        cl.getSubcommands().get("demo"),
        java.util.Map.of("demo", org.drtune.training.Recipes.demo()));
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Cli::usageError);
    cl.setExecutionExceptionHandler(Cli::executionError);
    addExitCodes(cl);
    return cl;
  }

  private static void addExitCodes(CommandLine cl) {
    cl.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.helpList());
    cl.getSubcommands().values().forEach(Cli::addExitCodes);
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return ExitCode.USAGE.code();
  }

  private static int executionError(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    ExitCode code = exitCode(e);
    String message =
        e.getMessage() == null || e.getMessage().isBlank()
            ? e.getClass().getSimpleName()
            : e.getMessage();
    if (code == ExitCode.FAILURE
        && !(e instanceof CliException)
        && !(e instanceof org.drtune.spark.SparkUnavailableException)) {
      message = e.getClass().getSimpleName() + ": " + message;
    }
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
    if (verbose(parsed)) {
      e.printStackTrace(err);
    } else if (code == ExitCode.FAILURE) {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return code.code();
  }

  /** The exit code of an exception: the first cause of a known kind decides. */
  static ExitCode exitCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CliException c) {
        return c.exitCode();
      }
      if (t instanceof CommandLine.ParameterException) {
        return ExitCode.USAGE;
      }
      if (t instanceof TrainingDivergedException) {
        return ExitCode.DIVERGED;
      }
      if (t instanceof ModelLoadException
          || t instanceof AssetException
          || t instanceof DeviceUnavailableException) {
        return ExitCode.MODEL;
      }
      if (t instanceof DatasetException
          || t instanceof ImageLoadException
          || t instanceof NoSuchFileException
          || t instanceof AccessDeniedException) {
        return ExitCode.DATA;
      }
    }
    return ExitCode.FAILURE;
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
