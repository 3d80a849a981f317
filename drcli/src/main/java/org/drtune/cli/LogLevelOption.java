package org.drtune.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --log-level warn|info|debug}: how much of the library's own log (the {@code org.drtune.*}
 * loggers, docs/API.md "Logging") goes to standard error. The command line logs through
 * slf4j-simple, which fixes a logger's level when the logger is created, so {@link Main} applies
 * the option from the raw arguments ({@link #applyEarly}) before any class of the library is
 * loaded; picocli parses it again (on the root command, every subcommand and {@code spark-grade})
 * to check it and show it in the help.
 */
final class LogLevelOption {
  /** The option's name. */
  static final String NAME = "--log-level";

  /** slf4j-simple's level of the {@code org.drtune} loggers and their children. */
  static final String SIMPLE_LOGGER_PROPERTY = "org.slf4j.simpleLogger.log.org.drtune";

  /**
   * The same level for {@code spark-grade}'s log4j2 configuration ({@code
   * log4j2-spark-grade.properties} reads it), where Spark's jars replace slf4j-simple.
   */
  static final String LOG4J_PROPERTY = "drtune.log.level";

  /** The levels, quietest first. */
  enum Level {
    /** Warnings and errors only: the default. */
    warn,
    /** Also informational messages. */
    info,
    /** Also what was loaded, chosen and reused: models, weights, devices, caches. */
    debug
  }

  @Option(
      names = NAME,
      paramLabel = "LEVEL",
      description =
          "Level of drtune's own log messages on standard error: ${COMPLETION-CANDIDATES}"
              + " (default: warn; debug says which model, weights, device, precision and caches"
              + " were used).")
  Level level;

  /**
   * Sets the level that the last {@code --log-level} of {@code args} names (before a {@code --}),
   * for the loggers created from now on; does nothing without one or with a value that is not a
   * level (picocli then reports the usage error).
   *
   * @return the level set, or null
   */
  static Level applyEarly(List<String> args) {
    Level found = null;
    for (int i = 0; i < args.size() && !args.get(i).equals("--"); i++) {
      String a = args.get(i);
      String value = null;
      if (a.startsWith(NAME + "=")) {
        value = a.substring(NAME.length() + 1);
      } else if (a.equals(NAME) && i + 1 < args.size()) {
        value = args.get(++i);
      }
      Level l = value == null ? null : parse(value);
      found = l != null ? l : found;
    }
    if (found != null) {
      System.setProperty(SIMPLE_LOGGER_PROPERTY, found.name());
      System.setProperty(LOG4J_PROPERTY, found.name());
    }
    return found;
  }

  private static Level parse(String value) {
    for (Level l : Level.values()) {
      if (l.name().equalsIgnoreCase(value)) {
        return l;
      }
    }
    return null;
  }
}
