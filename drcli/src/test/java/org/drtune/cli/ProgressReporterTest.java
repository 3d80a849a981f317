package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress lines and bars on a fake clock. */
class ProgressReporterTest {
  private final AtomicLong now = new AtomicLong();
  private final StringWriter text = new StringWriter();

  private ProgressReporter reporter(ProgressReporter.Mode mode) {
    return new ProgressReporter(new PrintWriter(text, true), mode, now::get);
  }

  @Test
  void plainLinesComeAtASteadyPaceWithRatesTrueFromTheFirstLine() {
    ProgressReporter p = reporter(ProgressReporter.Mode.LINES);
    ProgressReporter.Task t = p.start("epoch 1/3", 100, "batches");
    for (int i = 1; i <= 100; i++) {
      now.addAndGet(500_000_000L); // 2 batches per second, 50 s in all
      t.update(i, "loss 0.5");
    }
    t.finish("loss 0.4");
    String[] lines = text.toString().split("\n");
    // the first after 2 s, then every 10 s (at 12, 22, 32, 42 s), then the end at 50 s
    assertThat(lines).hasSize(6);
    assertThat(lines[0]).isEqualTo("epoch 1/3 4/100 batches  2.0 batches/s  ETA 0:48  loss 0.5");
    assertThat(lines[1]).isEqualTo("epoch 1/3 24/100 batches  2.0 batches/s  ETA 0:38  loss 0.5");
    assertThat(lines[5])
        .isEqualTo("epoch 1/3 100/100 batches  2.0 batches/s  0:50 elapsed  loss 0.5");
  }

  @Test
  void aStepThatBeganBeforeItsFirstReportHasATrueRate() {
    ProgressReporter p = reporter(ProgressReporter.Mode.LINES);
    long began = p.now();
    now.addAndGet(16_000_000_000L); // the first batch took 16 s
    ProgressReporter.Task t = p.start("caching train", 24268, "images", began);
    t.update(32, null);
    assertThat(text.toString())
        .isEqualTo("caching train 32/24268 images  2.0 images/s  ETA 3:21:58\n");
  }

  @Test
  void aShortStepPrintsOnlyItsLastLine() {
    ProgressReporter p = reporter(ProgressReporter.Mode.LINES);
    ProgressReporter.Task t = p.start("grading", 3, "images");
    for (int i = 1; i <= 3; i++) {
      now.addAndGet(100_000_000L);
      t.update(i, null);
    }
    t.finish(null);
    assertThat(text.toString()).isEqualTo("grading 3/3 images  10.0 images/s  0:00 elapsed\n");
  }

  @Test
  void aBarIsRedrawnInPlaceAndEndsWithALine() {
    ProgressReporter p = reporter(ProgressReporter.Mode.BAR);
    ProgressReporter.Task t = p.start("eval", 4, "images");
    for (int i = 1; i <= 4; i++) {
      now.addAndGet(1_000_000_000L);
      t.update(i, null);
    }
    t.finish(null);
    assertThat(text.toString())
        .startsWith("\reval [######..................] 1/4 images  1.0 images/s  ETA 0:03")
        .endsWith("\reval [########################] 4/4 images  1.0 images/s  0:04 elapsed   \n");
  }

  @Test
  void quietPrintsNothing() {
    ProgressReporter p = reporter(ProgressReporter.Mode.NONE);
    ProgressReporter.Task t = p.start("x", 3, "images");
    t.update(1, null);
    t.finish(null);
    p.line("hello");
    assertThat(text.toString()).isEmpty();
  }

  @Test
  void durations() {
    assertThat(ProgressReporter.duration(5)).isEqualTo("0:05");
    assertThat(ProgressReporter.duration(3725)).isEqualTo("1:02:05");
    assertThat(ProgressReporter.duration(Double.NaN)).isEqualTo("--:--");
  }
}
