package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.internal.data.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link DrClassifier} under load on the tiny 32×32 model: 16 threads × 2,000 classifications give
 * exactly the single-threaded answers and the resident memory stays bounded (the curve is printed);
 * closing while other threads classify makes them fail with {@link IllegalStateException} and
 * nothing worse.
 */
@Tag("slow") // about 25 s on 2 CPUs
class ClassifierLoadTest {
  static final int THREADS = 16;
  static final int CALLS_PER_THREAD = 2_000;

  @Test
  void sixteenThreadsGetTheSingleThreadedAnswersAndMemoryStaysBounded() throws Exception {
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      images.add(Fixtures.fundus(40 + i % 5, 36 + i % 3, i));
    }
    try (DrClassifier c = DrClassifier.load(TinyModels.model())) {
      List<DrResult> expected = new ArrayList<>();
      for (BufferedImage im : images) {
        expected.add(c.classify(im));
      }
      // Warm-up, single- and multi-threaded: the one-time costs (16 thread stacks, malloc arenas,
      // TensorFlow's
      // per-thread state, heap sizing) come before the baseline, so what is measured is growth
      // under steady load.
      for (int i = 0; i < 1_000; i++) {
        c.classify(images.get(i % images.size()));
      }
      // the pool that is measured warms up itself: fresh threads would bring fresh per-thread
      // native state (oneDNN scratchpads, malloc arenas) into the measurement
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> ws = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          ws.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 200; i++) {
                      c.classify(images.get(i % images.size()));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : ws) {
          f.get(10, TimeUnit.MINUTES);
        }
        System.gc();
        List<String> curve = new ArrayList<>();
        long before = rssKb();
        curve.add("after warm-up " + before / 1024 + " MB");
        AtomicInteger done = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                      int k = (thread * 7 + i) % images.size();
                      try {
                        if (!c.classify(images.get(k)).equals(expected.get(k))) {
                          mismatches.incrementAndGet();
                        }
                      } catch (Throwable e) {
                        errors.add(e);
                        return null;
                      }
                      int n = done.incrementAndGet();
                      if (n % 8_000 == 0) {
                        synchronized (curve) {
                          curve.add("after " + n + " calls " + rssKb() / 1024 + " MB");
                        }
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(10, TimeUnit.MINUTES); // a guard against a deadlock, not a timing
        }
        System.gc();
        long after = rssKb();
        curve.add("at the end " + after / 1024 + " MB");
        System.out.println(
            "[load] "
                + THREADS
                + " threads x "
                + CALLS_PER_THREAD
                + " classifications, VmRSS: "
                + String.join(", ", curve)
                + "; growth "
                + (after - before) / 1024
                + " MB");
        assertThat(errors).isEmpty();
        assertThat(done.get()).isEqualTo(THREADS * CALLS_PER_THREAD);
        assertThat(mismatches.get()).isZero();
        assertThat(after - before).as("RSS growth in kB").isLessThan(200 * 1024);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closingWhileOtherThreadsClassifyGivesThemIllegalStateExceptions() throws Exception {
    BufferedImage image = Fixtures.fundus(48, 40, 5);
    DrClassifier c = DrClassifier.load(TinyModels.model());
    DrResult expected = c.classify(image);
    int threads = 8;
    CountDownLatch running = new CountDownLatch(threads);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> endings = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; ; i++) {
                    try {
                      if (!c.classify(image).equals(expected)) {
                        wrong.incrementAndGet();
                      }
                      ok.incrementAndGet();
                    } catch (Throwable e) {
                      endings.add(e);
                      return;
                    }
                    if (i == 20) {
                      running.countDown();
                    }
                  }
                }));
      }
      assertThat(running.await(5, TimeUnit.MINUTES)).isTrue();
      c.close();
      assertThat(c.isClosed()).isTrue();
      c.close(); // idempotent
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println(
        "[close under load] "
            + ok.get()
            + " classifications before close, then "
            + endings.size()
            + " x "
            + endings.stream().map(e -> e.getClass().getSimpleName()).distinct().toList());
    assertThat(wrong.get()).isZero();
    assertThat(endings)
        .hasSize(threads)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed"));
  }

  /** Resident set size of this JVM in kB, from /proc/self/status. */
  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
