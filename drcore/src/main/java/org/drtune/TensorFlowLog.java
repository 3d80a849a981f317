package org.drtune;

import org.drtune.internal.runtime.NativeLogging;

/**
 * How much of TensorFlow's own native logging reaches standard error. TensorFlow 2.18 prints INFO
 * lines for every graph it optimises ({@code I0000 ... auto_mixed_precision.cc ... Running
 * auto_mixed_precision_onednn_bfloat16 graph optimizer}) and ignores {@code TF_CPP_MIN_LOG_LEVEL}
 * for them. Before its first TensorFlow session drtune sets the level of both of TensorFlow's
 * native loggers to {@code TF_CPP_MIN_LOG_LEVEL}'s when that is set, else to {@link Level#ERROR}:
 * an embedding application and the command line see TensorFlow's errors only. {@link #set(Level)}
 * changes it at any time (the command line's {@code --verbose} and {@code --log-placement} set
 * {@link Level#INFO}).
 *
 * <p>It works on the Linux builds of TensorFlow Java (it writes the level into the native
 * libraries' own log settings, found by their symbol table); elsewhere {@link #set} returns false
 * and TensorFlow logs as it would without drtune. The one line TensorFlow prints while its library
 * loads (oneDNN's) comes before any Java code can act: only {@code TF_CPP_MIN_LOG_LEVEL=1} or more
 * in the process's environment hides it.
 *
 * <pre>{@code
 * TensorFlowLog.set(TensorFlowLog.Level.INFO); // see what TensorFlow does
 * }</pre>
 */
public final class TensorFlowLog {
  private TensorFlowLog() {}

  /** TensorFlow's severities, least severe first. */
  public enum Level {
    /** Everything, optimiser passes included. */
    INFO,
    /** Warnings and worse. */
    WARNING,
    /** Errors and worse (drtune's default). */
    ERROR,
    /** Only what ends the process. */
    FATAL
  }

  /**
   * Sets the least severe level TensorFlow's native loggers print, now and for the rest of the
   * process (loading TensorFlow if it is not loaded yet).
   *
   * @return whether it could be set (false on builds where drtune cannot reach the settings)
   */
  public static boolean set(Level level) {
    return NativeLogging.set(level.ordinal());
  }

  /**
   * Sets the level drtune uses by default: {@code TF_CPP_MIN_LOG_LEVEL}'s when that is set, else
   * {@link Level#ERROR}. For code that runs TensorFlow sessions of its own before any of drtune's
   * (drtune's own sessions set it first).
   *
   * @return whether it could be set
   */
  public static boolean setDefault() {
    return NativeLogging.setDefault();
  }

  /** The level set last (by drtune's default or by {@link #set}), or null before either. */
  public static Level current() {
    java.util.OptionalInt l = NativeLogging.current();
    return l.isPresent() ? Level.values()[l.getAsInt()] : null;
  }
}
