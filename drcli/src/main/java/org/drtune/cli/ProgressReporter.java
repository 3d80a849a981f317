package org.drtune.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long steps (epochs, evaluation) on the error stream, with rate and ETA. Three modes:
 * a bar redrawn in place on a terminal, plain lines at a steady pace (one every {@value
 * #LINE_SECONDS} s, the first after {@value #FIRST_LINE_SECONDS} s so that its rate is real, and
 * one at the end) when the error stream is a file or a pipe, and nothing at all with {@code
 * --quiet}. Rates are measured from the step's start. Not thread-safe: one command reports from one
 * thread.
 */
final class ProgressReporter {

  /** How progress is shown. */
  enum Mode {
    /** A bar redrawn in place with carriage returns. */
    BAR,
    /** Plain lines at a steady pace, and one at the end. */
    LINES,
    /** Nothing. */
    NONE
  }

  private static final long REDRAW_NANOS = 100_000_000L;

  /** Seconds between plain progress lines. */
  static final int LINE_SECONDS = 10;

  /** Seconds before the first plain progress line. */
  static final int FIRST_LINE_SECONDS = 2;

  private static final int BAR_WIDTH = 24;

  private final PrintWriter err;
  private final Mode mode;
  private final LongSupplier clock;
  private Task open;

  ProgressReporter(PrintWriter err, Mode mode, LongSupplier nanoClock) {
    this.err = err;
    this.mode = mode;
    this.clock = nanoClock;
  }

  Mode mode() {
    return mode;
  }

  /** Prints a status line (not in {@link Mode#NONE}), ending a bar that is being drawn. */
  void line(String text) {
    if (mode == Mode.NONE) {
      return;
    }
    if (open != null && open.drawn && mode == Mode.BAR) {
      err.println();
      open.drawn = false;
    }
    err.println(text);
    err.flush();
  }

  /** Starts a step of {@code total} units (batches, images) now. */
  Task start(String label, long total, String unit) {
    return start(label, total, unit, clock.getAsLong());
  }

  /**
   * Starts a step of {@code total} units that began at {@code startedNanos} (of {@link #now()}).
   */
  Task start(String label, long total, String unit, long startedNanos) {
    Task t = new Task(label, Math.max(0, total), unit, startedNanos, 1);
    open = t;
    return t;
  }

  /**
   * Starts a step counted in small units (bytes) shown in large ones ({@code unit} = {@code
   * perUnit} small units, e.g. MB = 1e6 bytes), with one decimal.
   */
  Task startScaled(String label, long total, String unit, double perUnit) {
    Task t = new Task(label, Math.max(0, total), unit, clock.getAsLong(), perUnit);
    open = t;
    return t;
  }

  /** The reporter's clock, in nanoseconds. */
  long now() {
    return clock.getAsLong();
  }

  /** Formats seconds as {@code m:ss} or {@code h:mm:ss}. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "--:--";
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** One step in progress. */
  final class Task {
    private final String label;
    private final long total;
    private final String unit;
    private final long started;
    private final double perUnit;
    private long lastDraw = Long.MIN_VALUE;
    private long lastLine = Long.MIN_VALUE;
    private boolean lastWasFinal;
    private boolean drawn;
    private boolean finished;

    private Task(String label, long total, String unit, long started, double perUnit) {
      this.label = label;
      this.total = total;
      this.unit = unit;
      this.started = started;
      this.perUnit = perUnit;
    }

    private String amount(double v) {
      return perUnit == 1
          ? Long.toString((long) v)
          : String.format(Locale.ROOT, "%.1f", v / perUnit);
    }

    /** Reports {@code done} units finished, with an optional detail such as the running loss. */
    void update(long done, String detail) {
      if (mode == Mode.NONE || finished) {
        return;
      }
      long now = clock.getAsLong();
      if (mode == Mode.BAR) {
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS || done >= total) {
          lastDraw = now;
          err.print("\r" + render(done, now, detail) + "   ");
          err.flush();
          drawn = true;
        }
      } else if (done > 0) {
        boolean due =
            lastLine == Long.MIN_VALUE
                ? now - started >= FIRST_LINE_SECONDS * 1_000_000_000L
                : now - lastLine >= LINE_SECONDS * 1_000_000_000L;
        if (due || done >= total) {
          lastLine = now;
          lastWasFinal = done >= total;
          err.println(render(done, now, detail));
          err.flush();
        }
      }
    }

    /** Ends the step: completes the bar (or prints the last line if it was not printed yet). */
    void finish(String detail) {
      if (mode == Mode.NONE || finished) {
        finished = true;
        return;
      }
      long now = clock.getAsLong();
      if (mode == Mode.BAR) {
        err.println("\r" + render(total, now, detail) + "   ");
      } else if (!lastWasFinal) {
        err.println(render(total, now, detail));
      }
      err.flush();
      finished = true;
      drawn = false;
      if (open == this) {
        open = null;
      }
    }

    String render(long done, long now, String detail) {
      double seconds = (now - started) / 1e9;
      double rate = seconds > 0 ? done / seconds : Double.NaN;
      double eta = done >= total ? 0 : (rate > 0 ? (total - done) / rate : Double.NaN);
      StringBuilder sb = new StringBuilder(label).append(' ');
      if (mode == Mode.BAR) {
        int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * Math.min(done, total) / total);
        sb.append('[')
            .append("#".repeat(filled))
            .append(".".repeat(BAR_WIDTH - filled))
            .append("] ");
      }
      sb.append(amount(done)).append('/').append(amount(total)).append(' ').append(unit);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %s %s/s",
              Double.isFinite(rate) ? String.format(Locale.ROOT, "%.1f", rate / perUnit) : "-",
              unit));
      sb.append(done >= total ? "  " + duration(seconds) + " elapsed" : "  ETA " + duration(eta));
      if (detail != null && !detail.isEmpty()) {
        sb.append("  ").append(detail);
      }
      return sb.toString();
    }
  }
}
