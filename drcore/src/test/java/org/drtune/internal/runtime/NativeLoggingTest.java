package org.drtune.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow's native INFO lines in Abseil's format ({@code I0000 00:00:...}) ignore {@code
 * TF_CPP_MIN_LOG_LEVEL}: a JVM that runs sessions through drtune prints none of them by default,
 * and prints them again once {@code TensorFlowLog.set(INFO)} is called (what {@code --verbose} and
 * {@code --log-placement} do). Run in child JVMs whose environment has no TF_CPP_MIN_LOG_LEVEL,
 * because the lines go to the process's own standard error.
 */
class NativeLoggingTest {
  @Test
  void noNativeInfoLineByDefaultAndAllOfThemAfterSetInfo(@TempDir Path tmp) throws Exception {
    List<String> quiet = run(tmp.resolve("default.txt"), "default");
    assertThat(quiet).contains("level ERROR");
    assertThat(quiet).noneMatch(l -> l.matches("^[IW][0-9]{4} .*"));

    List<String> loud = run(tmp.resolve("info.txt"), "info");
    assertThat(loud).contains("level INFO");
    assertThat(loud).anyMatch(l -> l.matches("^I[0-9]{4} .*"));
  }

  @Test
  void theAbseilLevelSymbolIsRecognised() {
    assertThat(NativeLogging.isAbslLevel("_ZN4absl12lts_2023080212_GLOBAL__N_113min_log_levelE.0"))
        .isTrue();
    assertThat(NativeLogging.isAbslLevel("_ZN4absl12_GLOBAL__N_113min_log_levelE")).isTrue();
    assertThat(NativeLogging.isAbslLevel("_ZN4absl12lts_2023080212_GLOBAL__N_113min_log_levelEx"))
        .isFalse();
    assertThat(NativeLogging.isAbslLevel("_ZN4absl12lts_2023080213other_levelE")).isFalse();
  }

  private static List<String> run(Path out, String mode) throws Exception {
    String cp = System.getProperty("java.class.path");
    if (!cp.contains("test-classes")) {
      cp = System.getProperty("surefire.test.class.path", cp);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(NativeLogProbe.class.getName());
    cmd.add(mode);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the probe finished").isTrue();
    List<String> lines = Files.readAllLines(out);
    assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
    return lines;
  }
}
