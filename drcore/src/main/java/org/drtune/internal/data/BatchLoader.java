package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.drtune.ImageLoadException;
import org.drtune.model.Preprocessing;

/**
 * Streams a dataset in batches: worker threads decode and preprocess the images of upcoming batches
 * while the consumer trains on the current one, and batches come out in the order given, each image
 * with its own label and id.
 *
 * <p>Memory stays flat however large the dataset: at most {@link LoaderOptions#prefetchBatches()}
 * batches are being prepared or waiting, plus the one handed out. An unreadable image is skipped
 * and recorded in the {@link #skipReport()} (the batch is then shorter: see {@link Batch#count()});
 * in strict mode it makes {@link #next()} throw an {@link UncheckedIOException} wrapping the {@link
 * ImageLoadException}. A batch whose images were all skipped is not returned.
 *
 * <p>Not thread-safe: one consumer iterates. Close it to stop the workers; {@code close()} is
 * idempotent.
 *
 * <pre>{@code
 * int[] order = Sampling.shuffledOrder(train.size(), seed, epoch);
 * try (BatchLoader loader = BatchLoader.open(train, order, Preprocessing.defaults(),
 *         LoaderOptions.defaults().withRotation(RotationPolicy.random(seed), epoch))) {
 *     while (loader.hasNext()) {
 *         Batch batch = loader.next();
 *         // feed batch.pixels(), batch.labels(), batch.count()
 *     }
 * }
 * }</pre>
 */
public final class BatchLoader implements AutoCloseable, Iterator<Batch> {

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private record Result(Batch batch, List<SkipReport.Skipped> skipped) {}

  private final FundusDataset dataset;
  private final int[] order;
  private final Preprocessing preprocessing;
  private final LoaderOptions options;
  private final ExecutorService pool;
  private final ArrayDeque<Future<Result>> inFlight = new ArrayDeque<>();
  private final List<SkipReport.Skipped> skipped = new ArrayList<>();
  private final int batchCount;
  private int nextToSubmit;
  private Batch ready;
  private boolean closed;

  private BatchLoader(
      FundusDataset dataset, int[] order, Preprocessing preprocessing, LoaderOptions options) {
    this.dataset = dataset;
    this.order = order;
    this.preprocessing = preprocessing;
    this.options = options;
    this.batchCount = (order.length + options.batchSize() - 1) / options.batchSize();
    int poolNumber = POOL_NUMBER.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread =
              new Thread(
                  task, "drtune-batch-loader-" + poolNumber + "-" + threadNumber.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.pool = Executors.newFixedThreadPool(options.workers(), threads);
    refill();
  }

  /**
   * Starts loading batches.
   *
   * @param dataset the images
   * @param order the dataset indices in the order to load them (for example {@link
   *     Sampling#shuffledOrder}); an index may repeat (balanced sampling)
   * @param preprocessing the preprocessing of each image
   * @param options batch size, threads, prefetch, strictness and rotation
   * @return a loader, already prefetching
   * @throws IllegalArgumentException if an index is out of range
   */
  public static BatchLoader open(
      FundusDataset dataset, int[] order, Preprocessing preprocessing, LoaderOptions options) {
    for (int i = 0; i < order.length; i++) {
      if (order[i] < 0 || order[i] >= dataset.size()) {
        throw new IllegalArgumentException(
            "order["
                + i
                + "] = "
                + order[i]
                + " is out of range: the "
                + "dataset has "
                + dataset.size()
                + " images");
      }
    }
    return new BatchLoader(dataset, order.clone(), preprocessing, options);
  }

  /**
   * Returns the number of batches the order makes, before skipping.
   *
   * @return {@code ceil(order.length / batchSize)}
   */
  public int batchCount() {
    return batchCount;
  }

  @Override
  public boolean hasNext() {
    checkOpen();
    while (ready == null && !inFlight.isEmpty()) {
      Result result = await(inFlight.removeFirst());
      refill();
      skipped.addAll(result.skipped());
      if (result.batch().count() > 0) {
        ready = result.batch();
      }
    }
    return ready != null;
  }

  /**
   * Returns the next batch, waiting for the workers if needed.
   *
   * @return the next batch
   * @throws NoSuchElementException if there is none
   * @throws UncheckedIOException in strict mode, wrapping the {@link ImageLoadException} of an
   *     unreadable image
   * @throws IllegalStateException if the loader is closed
   */
  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "no more batches: all " + batchCount + " have been returned");
    }
    Batch batch = ready;
    ready = null;
    return batch;
  }

  /**
   * Returns the images skipped so far, in order; complete once iteration has finished.
   *
   * @return the skip report
   */
  public SkipReport skipReport() {
    return new SkipReport(skipped);
  }

  /** Stops the workers and drops prefetched batches. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    inFlight.forEach(future -> future.cancel(true));
    inFlight.clear();
    ready = null;
    pool.shutdownNow();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the BatchLoader is closed: open a new one for another pass");
    }
  }

  private void refill() {
    while (inFlight.size() < options.prefetchBatches() && nextToSubmit < batchCount) {
      int batchNumber = nextToSubmit++;
      inFlight.addLast(pool.submit(() -> load(batchNumber)));
    }
  }

  private Result await(Future<Result> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ImageLoadException load) {
        throw new UncheckedIOException(
            load.getMessage()
                + " (strict mode: fix or remove the image, or "
                + "turn strict mode off to skip it)",
            load);
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("loading a batch failed: " + cause, cause);
    }
  }

  private Result load(int batchNumber) throws ImageLoadException {
    int from = batchNumber * options.batchSize();
    int to = Math.min(order.length, from + options.batchSize());
    int batchSize = options.batchSize();
    int values = preprocessing.valuesPerImage();
    float[] pixels = new float[batchSize * values];
    int[] labels = new int[batchSize];
    String[] ids = new String[batchSize];
    int[] indices = new int[batchSize];
    List<SkipReport.Skipped> skips = new ArrayList<>();
    int count = 0;
    for (int position = from; position < to; position++) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      int index = order[position];
      try {
        BufferedImage image = dataset.load(index);
        Preprocessor.write(
            preprocessing,
            image,
            options.rotation().jitterFor(options.epoch(), index),
            options.rotation().rotationFor(options.epoch(), index),
            pixels,
            count * values);
      } catch (ImageLoadException e) {
        if (options.strict()) {
          throw e;
        }
        skips.add(new SkipReport.Skipped(index, dataset.id(index), e.getMessage()));
        continue;
      }
      labels[count] = dataset.label(index);
      ids[count] = dataset.id(index);
      indices[count] = index;
      count++;
    }
    return new Result(
        new Batch(pixels, labels, ids, indices, count, preprocessing.inputSize()), skips);
  }
}
