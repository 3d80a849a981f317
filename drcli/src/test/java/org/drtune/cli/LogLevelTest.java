package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-level}: the library's DEBUG lines of each area with {@code debug}, not one line on
 * standard error by default, and a usage error for a level that does not exist. The runs that look
 * at the log are child JVMs running {@link Main} as {@code bin/drtune} does, because slf4j-simple
 * fixes a logger's level once per process.
 */
class LogLevelTest {
  @TempDir Path tmp;

  @Test
  void debugShowsWhatWasLoadedAndTheDefaultNothing() throws Exception {
    Path eagle = CliRun.sharedEagle();
    Run debug = run("imagenet", "--image", eagle.toString(), "--top", "1", "--log-level=debug");
    assertThat(debug.out()).as(debug.toString()).contains("bald eagle");
    // org.drtune.assets (the models module, through System.Logger), org.drtune.classify and
    // org.drtune.runtime (drcore, through SLF4J): one level for all
    assertThat(debug.err())
        .as(debug.toString())
        .contains("DEBUG resolving bvlc_googlenet: cache " + tmp.resolve("home"))
        .contains("DEBUG bvlc_googlenet (118 files) from mirror: ")
        .contains("DEBUG ImageNet classifier: bvlc_googlenet from ")
        .contains("DEBUG TensorFlow's native log levels: ");

    Run quiet = run("imagenet", "--image", eagle.toString(), "--top", "1");
    assertThat(quiet.out()).as(quiet.toString()).isEqualTo(debug.out());
    // nothing at all on standard error: no DEBUG line, and no TensorFlow I0000 line either
    assertThat(quiet.err()).as(quiet.toString()).isEmpty();
  }

  @Test
  void anUnknownLevelIsAUsageErrorNamingTheLevels() {
    CliRun r = CliRun.of("imagenet", "--image", "eagle.jpg", "--log-level", "loud");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("--log-level", "loud", "warn, info, debug");
    CliRun root = CliRun.of("--log-level=verbose", "demo");
    assertThat(root.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(root.err()).contains("warn, info, debug");
  }

  @Test
  void everyCommandTakesIt() {
    for (String command : Cli.create(CliContext.production()).getSubcommands().keySet()) {
      if (command.equals("help")) {
        continue;
      }
      CliRun r = CliRun.of(command, "--help");
      assertThat(r.out()).as(command).contains("--log-level=LEVEL");
    }
    assertThat(CliRun.of("--help").out()).contains("--log-level=LEVEL");
  }

  @Test
  void theLastLevelBeforeDoubleDashIsApplied() {
    String simple = System.getProperty(LogLevelOption.SIMPLE_LOGGER_PROPERTY);
    String log4j = System.getProperty(LogLevelOption.LOG4J_PROPERTY);
    try {
      assertThat(LogLevelOption.applyEarly(List.of("train", "--log-level", "INFO"))).isNotNull();
      assertThat(System.getProperty(LogLevelOption.SIMPLE_LOGGER_PROPERTY)).isEqualTo("info");
      assertThat(System.getProperty(LogLevelOption.LOG4J_PROPERTY)).isEqualTo("info");
      assertThat(LogLevelOption.applyEarly(List.of("--log-level=info", "x", "--log-level=debug")))
          .isEqualTo(LogLevelOption.Level.debug);
      assertThat(LogLevelOption.applyEarly(List.of("x", "--", "--log-level=debug"))).isNull();
      assertThat(LogLevelOption.applyEarly(List.of("--log-level", "loud"))).isNull();
      assertThat(LogLevelOption.applyEarly(List.of("--log-level"))).isNull();
    } finally {
      restore(LogLevelOption.SIMPLE_LOGGER_PROPERTY, simple);
      restore(LogLevelOption.LOG4J_PROPERTY, log4j);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  /** One run of the command line in a child JVM. */
  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  /** {@link Main} in a child JVM with an empty cache, TensorFlow's start-up lines hidden. */
  private Run run(String... args) throws Exception {
    String cp = System.getProperty("java.class.path");
    if (!cp.contains("test-classes")) {
      cp = System.getProperty("surefire.test.class.path", cp);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path out = tmp.resolve("out-" + System.nanoTime() + ".txt");
    Path err = tmp.resolve("err-" + System.nanoTime() + ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2"); // as bin/drtune
    pb.environment().put("DRTUNE_HOME", tmp.resolve("home").toString());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("drtune finished").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
