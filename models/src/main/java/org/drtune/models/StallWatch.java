package org.drtune.models;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Detects a stalled transfer: a watchdog thread closes the response body when no byte arrived for
 * the stall timeout, which makes the blocked read fail (an interrupt does not wake the JDK 17 HTTP
 * client's body stream). One watch serves one try; closing it stops the checks.
 */
final class StallWatch implements AutoCloseable {

  private final Duration timeout;
  private final long timeoutNanos;
  private final ScheduledFuture<?> check;
  private volatile long lastProgress = System.nanoTime();
  private volatile InputStream body;
  private volatile boolean stalled;

  /** Starts checking on {@code watchdog} four times per {@code timeout} (at most every 10 ms). */
  StallWatch(ScheduledExecutorService watchdog, Duration timeout) {
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    long period = Math.max(10, timeout.toMillis() / 4);
    this.check = watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** How long a transfer may go without a byte. */
  Duration timeout() {
    return timeout;
  }

  /** Watches {@code in}, the response body; the clock starts now. */
  void watch(InputStream in) {
    body = in;
    lastProgress = System.nanoTime();
  }

  /** Notes that bytes arrived. */
  void progress() {
    lastProgress = System.nanoTime();
  }

  /** Whether the watchdog closed the body for want of progress. */
  boolean stalled() {
    return stalled;
  }

  /** Stops the checks; {@link #stalled()} keeps its answer. */
  @Override
  public void close() {
    check.cancel(false);
  }

  private void check() {
    InputStream in = body;
    if (in != null && !stalled && System.nanoTime() - lastProgress > timeoutNanos) {
      stalled = true;
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        // the read fails either way once the stream is closed
      }
    }
  }
}
