package org.drtune.internal.train;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.drtune.ImageLoadException;
import org.drtune.internal.data.BatchLoader;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.Jitter;
import org.drtune.internal.data.LoaderOptions;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.data.RotationPolicy;
import org.drtune.internal.data.SkipReport;
import org.drtune.model.Preprocessing;

/**
 * Labelled examples as the training loop consumes them: preprocessed, square, HWC float inputs
 * written into a batch buffer, rotated as asked (or, for a feature cache, values fed at a cut
 * node). Adapters exist for a {@link FundusDataset} with its {@link Preprocessing} (synchronous or
 * on a prefetching worker pool) and for inputs already in memory.
 */
public interface ExampleSource {
  /** Number of examples. */
  int size();

  /** Class label of an example. */
  int label(int index);

  /** Identifier of an example (file path or index within a split). */
  String id(int index);

  /** Side of the square input images. */
  int imageSize();

  /**
   * Writes the input of {@code index}, rotated by {@code rotation}, into {@code dst} at {@code
   * offset} ({@code product(exampleShape())} floats).
   *
   * @throws ImageLoadException when the example's image cannot be read
   */
  void write(int index, Rotation rotation, float[] dst, int offset) throws ImageLoadException;

  /**
   * As {@link #write(int, Rotation, float[], int)}, the example jittered before its rotation.
   * Sources of photographs and of preprocessed images can; the default refuses any jitter but
   * {@link Jitter#NONE} (a feature cache holds fixed views only).
   *
   * @throws ImageLoadException when the example's image cannot be read
   * @throws IllegalStateException for a jitter this source cannot apply
   */
  default void write(int index, Rotation rotation, Jitter jitter, float[] dst, int offset)
      throws ImageLoadException {
    if (!jitter.isNone()) {
      throw new IllegalStateException(
          "a feature cache holds fixed views of each photograph, not a new jitter every epoch:"
              + " train with cache-features=false (--no-cache-features) to use jitter-degrees or"
              + " jitter-scale");
    }
    write(index, rotation, dst, offset);
  }

  /** The graph node batches are fed to: null for the model's image input (the default). */
  default String feedNode() {
    return null;
  }

  /** Shape of one example as fed: {@code [S, S, 3]} for images (the default). */
  default long[] exampleShape() {
    return new long[] {imageSize(), imageSize(), 3};
  }

  /** All labels. */
  default int[] labels() {
    int[] l = new int[size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = label(i);
    }
    return l;
  }

  /**
   * Batches of the examples in {@code order}, rotated as {@code rotations} says for {@code epoch}.
   * The default calls {@link #write} on the calling thread; file-backed sources override it with a
   * prefetching worker pool.
   */
  default CloseableIterator<Feed> batches(
      int[] order, int batchSize, RotationPolicy rotations, int epoch) {
    ExampleSource self = this;
    long per = java.util.Arrays.stream(exampleShape()).reduce(1, (a, b) -> a * b);
    return new CloseableIterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public Feed next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int count = Math.min(batchSize, order.length - next);
        float[] values = new float[(int) (count * per)];
        int[] labels = new int[count];
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
          int idx = order[next + i];
          try {
            self.write(
                idx,
                rotations.rotationFor(epoch, idx),
                rotations.jitterFor(epoch, idx),
                values,
                (int) (i * per));
          } catch (ImageLoadException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
          labels[i] = self.label(idx);
          ids[i] = self.id(idx);
        }
        next += count;
        return new Feed(self.feedNode(), values, self.exampleShape(), labels, ids, count);
      }

      @Override
      public void close() {}
    };
  }

  /** An iterator that holds resources (threads, files) until closed. */
  interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
  }

  /** A view of the examples at {@code indices} (in that order) of this source. */
  default ExampleSource subset(int[] indices) {
    int[] idx = indices.clone();
    for (int i : idx) {
      if (i < 0 || i >= size()) {
        throw new IllegalArgumentException("index " + i + " outside 0.." + (size() - 1));
      }
    }
    return new ForwardingSource(this) {
      @Override
      public int size() {
        return idx.length;
      }

      @Override
      public int label(int index) {
        return base.label(idx[index]);
      }

      @Override
      public String id(int index) {
        return base.id(idx[index]);
      }

      @Override
      public void write(int index, Rotation rotation, float[] dst, int offset)
          throws ImageLoadException {
        base.write(idx[index], rotation, dst, offset);
      }

      @Override
      public void write(int index, Rotation rotation, Jitter jitter, float[] dst, int offset)
          throws ImageLoadException {
        base.write(idx[index], rotation, jitter, dst, offset);
      }

      @Override
      public CloseableIterator<Feed> batches(
          int[] order, int batchSize, RotationPolicy rotations, int epoch) {
        int[] mapped = new int[order.length];
        for (int i = 0; i < order.length; i++) {
          mapped[i] = idx[order[i]];
        }
        // a random rotation is drawn per (epoch, index in the base source): deterministic in either
        // view
        return base.batches(mapped, batchSize, rotations, epoch);
      }
    };
  }

  /**
   * This source with every label mapped through {@code mapping} (e.g. DR grade to referable / not
   * referable).
   */
  default ExampleSource mapLabels(IntUnaryOperator mapping) {
    return new ForwardingSource(this) {
      @Override
      public int label(int index) {
        return mapping.applyAsInt(base.label(index));
      }

      @Override
      public CloseableIterator<Feed> batches(
          int[] order, int batchSize, RotationPolicy rotations, int epoch) {
        CloseableIterator<Feed> it = base.batches(order, batchSize, rotations, epoch);
        return new CloseableIterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Feed next() {
            Feed b = it.next();
            int[] mapped = b.labels().clone();
            for (int i = 0; i < b.count(); i++) {
              mapped[i] = mapping.applyAsInt(mapped[i]);
            }
            return new Feed(b.node(), b.values(), b.exampleShape(), mapped, b.ids(), b.count());
          }

          @Override
          public void close() {
            it.close();
          }
        };
      }
    };
  }

  /**
   * A source reading and preprocessing the images of {@code dataset} on a prefetching worker pool
   * ({@link BatchLoader}). Unreadable images are skipped and passed to {@code onSkip}, unless
   * {@code options.strict()}, in which case the first one fails the run.
   */
  static ExampleSource of(
      FundusDataset dataset,
      Preprocessing preprocessing,
      LoaderOptions options,
      Consumer<SkipReport.Skipped> onSkip) {
    return new ForwardingSource(of(dataset, preprocessing)) {
      @Override
      public CloseableIterator<Feed> batches(
          int[] order, int batchSize, RotationPolicy rotations, int epoch) {
        BatchLoader loader =
            BatchLoader.open(
                dataset,
                order,
                preprocessing,
                options.withBatchSize(batchSize).withRotation(rotations, epoch));
        return new CloseableIterator<>() {
          private int reported;

          @Override
          public boolean hasNext() {
            boolean more = loader.hasNext();
            if (!more) {
              report();
            }
            return more;
          }

          @Override
          public Feed next() {
            return Feed.of(loader.next());
          }

          private void report() {
            List<SkipReport.Skipped> s = loader.skipReport().skipped();
            for (; reported < s.size(); reported++) {
              onSkip.accept(s.get(reported));
            }
          }

          @Override
          public void close() {
            report();
            loader.close();
          }
        };
      }
    };
  }

  /**
   * A source reading and preprocessing the images of {@code dataset} synchronously, on the calling
   * thread.
   */
  static ExampleSource of(FundusDataset dataset, Preprocessing preprocessing) {
    return new ExampleSource() {
      @Override
      public int size() {
        return dataset.size();
      }

      @Override
      public int label(int index) {
        return dataset.label(index);
      }

      @Override
      public String id(int index) {
        return dataset.id(index);
      }

      @Override
      public int imageSize() {
        return preprocessing.inputSize();
      }

      @Override
      public void write(int index, Rotation rotation, float[] dst, int offset)
          throws ImageLoadException {
        Preprocessor.write(preprocessing, dataset.load(index), rotation, dst, offset);
      }

      @Override
      public void write(int index, Rotation rotation, Jitter jitter, float[] dst, int offset)
          throws ImageLoadException {
        Preprocessor.write(preprocessing, dataset.load(index), jitter, rotation, dst, offset);
      }
    };
  }

  /**
   * A source over inputs already preprocessed: {@code inputs[i]} is one HWC image of {@code size² ×
   * 3} floats.
   */
  static ExampleSource inMemory(float[][] inputs, int[] labels, int size) {
    if (inputs.length != labels.length) {
      throw new IllegalArgumentException(
          inputs.length + " inputs but " + labels.length + " labels");
    }
    for (float[] in : inputs) {
      if (in.length != size * size * 3) {
        throw new IllegalArgumentException(
            "each input needs " + size * size * 3 + " floats, got " + in.length);
      }
    }
    return new ExampleSource() {
      @Override
      public int size() {
        return inputs.length;
      }

      @Override
      public int label(int index) {
        return labels[index];
      }

      @Override
      public String id(int index) {
        return Integer.toString(index);
      }

      @Override
      public int imageSize() {
        return size;
      }

      @Override
      public void write(int index, Rotation rotation, float[] dst, int offset) {
        System.arraycopy(rotation.apply(inputs[index], size, 3), 0, dst, offset, size * size * 3);
      }

      @Override
      public void write(int index, Rotation rotation, Jitter jitter, float[] dst, int offset) {
        float[] view = rotation.apply(jitter.apply(inputs[index], size, 3), size, 3);
        System.arraycopy(view, 0, dst, offset, size * size * 3);
      }
    };
  }
}
