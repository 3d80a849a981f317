package org.drtune.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of {@code drtune}, listed in every command's {@code --help}. */
public enum ExitCode {
  /** The command finished. */
  OK(0, "success"),
  /** An unexpected failure (a bug, or an I/O problem outside the inputs). */
  FAILURE(1, "unexpected failure"),
  /** The command line was wrong: an unknown option, a missing or invalid value. */
  USAGE(2, "invalid command line (unknown option, missing or invalid value)"),
  /** The input data or an image could not be read. */
  DATA(3, "input data error (dataset or image cannot be read)"),
  /** The model folder or the pretrained weights are missing or damaged. */
  MODEL(4, "model or weights error (missing, damaged or not verified)"),
  /** Training stopped because the loss became NaN or infinite. */
  DIVERGED(5, "training diverged (loss NaN or infinite)");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** One line saying what the code means. */
  public String description() {
    return description;
  }

  /** The table shown under "Exit codes:" in {@code --help}. */
  static Map<String, String> helpList() {
    Map<String, String> m = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      m.put(String.format("%3d", c.code), c.description);
    }
    return m;
  }
}
