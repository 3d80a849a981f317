package org.drtune.internal.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.slf4j.Logger;
import org.tensorflow.TensorFlow;

/**
 * The minimum severity of TensorFlow's native log messages, set from inside the JVM without an
 * environment variable and without JNI code of drtune's own.
 *
 * <p>TensorFlow 2.18 (TF Java 1.1.0) logs through two libraries. Lines in TensorFlow's dated format
 * ({@code 2026-12-07 18:17:29.674865: I tensorflow/...}) come from TSL logging, which reads {@code
 * TF_CPP_MIN_LOG_LEVEL} once, at its first message. Lines in Abseil's format ({@code I0000
 * 00:00:1733... 12345 file.cc:NN] ...}: Grappler's "Running auto_mixed_precision_onednn_bfloat16
 * graph optimizer" for every new callable, MLIR's "V1 optimization pass is not enabled") come from
 * a private copy of Abseil logging linked into {@code libtensorflow_cc.so.2}: it reads no
 * environment variable, nothing calls {@code absl::InitializeLog} or {@code SetMinLogLevel} on it
 * (its setters were not even linked), and before initialisation Abseil writes every message to
 * standard error. Its level is a file-local {@code int}, {@code absl::(anonymous)::min_log_level}.
 *
 * <p>This class finds those integers (and TSL's cached level, a function-local static with its
 * guard) in the ELF symbol table of each loaded {@code libtensorflow*.so*} ({@link
 * LoadedLibraries}), and stores the level there through JavaCPP, only where the address lies in a
 * writable mapping and holds a plausible level. Where any of that fails (another OS, a stripped
 * build, other symbol names) it changes nothing: the messages stay as they were.
 *
 * <p>Levels are TensorFlow's: 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL. Messages printed while the
 * native library loads (oneDNN's line) come before any Java code can act; only {@code
 * TF_CPP_MIN_LOG_LEVEL} in the environment of the process hides those.
 */
public final class NativeLogging {
  private static final Logger LOG = Logs.runtime();

  /** Abseil's file-local level: {@code _ZN4absl[NNlts_NNNNNNNN]12_GLOBAL__N_113min_log_levelE}. */
  private static final String ABSL_LEVEL = "_GLOBAL__N_113min_log_levelE";

  /** TSL's level, a static of {@code tsl::internal::LogMessage::~LogMessage()}, and its guard. */
  private static final String TSL_LEVEL = "_ZZN3tsl8internal10LogMessageD1EvE13min_log_level";

  private static final String TSL_GUARD = "_ZGVZN3tsl8internal10LogMessageD1EvE13min_log_level";

  private NativeLogging() {}

  /** One library's log-level integers, as addresses in this process (0 where absent). */
  private record Levels(Path file, long absl, long tsl, long tslGuard) {}

  private static List<Levels> found;
  private static Integer level;

  /**
   * Sets the default level unless a level was set already: {@code TF_CPP_MIN_LOG_LEVEL}'s when it
   * holds a number, else ERROR. drtune calls this before its first TensorFlow session.
   */
  public static synchronized void applyDefault() {
    if (level == null) {
      setDefault();
    }
  }

  /**
   * Sets {@code TF_CPP_MIN_LOG_LEVEL}'s level when it holds a number, else ERROR.
   *
   * @return whether it could be set
   */
  public static synchronized boolean setDefault() {
    return set(levelFromEnvironment(2));
  }

  /** The level set last, or empty when none was. */
  public static synchronized java.util.OptionalInt current() {
    return level == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(level);
  }

  /** {@code TF_CPP_MIN_LOG_LEVEL} when it holds a number (above 3 counts as 3), else {@code or}. */
  static int levelFromEnvironment(int or) {
    String v = System.getenv("TF_CPP_MIN_LOG_LEVEL");
    if (v != null && v.trim().matches("[0-9]{1,9}")) {
      return Math.min(3, Integer.parseInt(v.trim()));
    }
    return or;
  }

  /**
   * Sets the minimum severity (0 INFO … 3 FATAL) of both native loggers of every loaded TensorFlow
   * library (loading TensorFlow first). Never throws.
   *
   * @return whether it could be set (false: the messages stay as they were)
   */
  public static synchronized boolean set(int minLevel) {
    int l = Math.max(0, Math.min(3, minLevel));
    level = l;
    try {
      if (found == null) {
        TensorFlow.version(); // loads libtensorflow_framework.so.2 and libtensorflow_cc.so.2
        found = locate();
      }
      int done = 0;
      for (Levels lib : found) {
        done += setAbsl(lib, l) + setTsl(lib, l);
      }
      return done > 0;
    } catch (RuntimeException | LinkageError | IOException e) {
      LOG.debug("cannot set TensorFlow's native log level", e);
      return false;
    }
  }

  private static int setAbsl(Levels lib, int l) {
    if (lib.absl() == 0) {
      return 0;
    }
    IntPointer p = new IntPointer(LoadedLibraries.at(lib.absl()));
    int old = p.get();
    if ((old >= 0 && old <= 3) || old == 1000) { // a LogSeverityAtLeast, or kInfinity
      p.put(l);
      return 1;
    }
    return 0;
  }

  /**
   * TSL reads {@code TF_CPP_MIN_LOG_LEVEL} into its static at the first message; marking the
   * static's guard initialised makes the value set here stick when no message was logged yet.
   */
  private static int setTsl(Levels lib, int l) {
    if (lib.tsl() == 0 || lib.tslGuard() == 0) {
      return 0;
    }
    long guard = new LongPointer(LoadedLibraries.at(lib.tslGuard())).get();
    if (guard != 0 && guard != 1) {
      return 0;
    }
    new IntPointer(LoadedLibraries.at(lib.tsl())).put(l);
    if (guard == 0) {
      new BytePointer(LoadedLibraries.at(lib.tslGuard())).put((byte) 1);
    }
    return 1;
  }

  private static List<Levels> locate() throws IOException {
    List<LoadedLibraries.Mapping> maps = LoadedLibraries.mappings();
    List<Levels> libs = new ArrayList<>();
    for (Map.Entry<Path, Long> e : LoadedLibraries.loaded(maps, "libtensorflow").entrySet()) {
      long absl = 0;
      long tsl = 0;
      long guard = 0;
      for (LoadedLibraries.DataSymbol s :
          LoadedLibraries.dataSymbols(e.getKey(), e.getValue(), maps, NativeLogging::wanted)) {
        if (s.size() == 4 && isAbslLevel(s.name())) {
          absl = s.address();
        } else if (s.size() == 4 && s.name().equals(TSL_LEVEL)) {
          tsl = s.address();
        } else if (s.size() == 8 && s.name().equals(TSL_GUARD)) {
          guard = s.address();
        }
      }
      libs.add(new Levels(e.getKey(), absl, tsl, guard));
    }
    LOG.debug("TensorFlow's native log levels: {}", libs);
    return libs;
  }

  private static boolean wanted(String name) {
    return name.startsWith("_ZN4absl") || name.equals(TSL_LEVEL) || name.equals(TSL_GUARD);
  }

  /** {@code absl[::lts_NNN]::(anonymous)::min_log_level}, possibly with a {@code .N} suffix. */
  static boolean isAbslLevel(String s) {
    int i = s.indexOf(ABSL_LEVEL);
    if (i < 0) {
      return false;
    }
    String rest = s.substring(i + ABSL_LEVEL.length());
    String ns = s.substring("_ZN4absl".length(), i);
    return (rest.isEmpty() || rest.matches("\\.[0-9]+")) && ns.matches("([0-9]+lts_[0-9]+)?12");
  }
}
