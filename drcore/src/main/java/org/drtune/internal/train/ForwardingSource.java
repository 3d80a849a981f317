package org.drtune.internal.train;

import org.drtune.ImageLoadException;
import org.drtune.internal.data.Jitter;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.data.RotationPolicy;

/**
 * An {@link ExampleSource} that forwards every call to another; subclasses override what they
 * change.
 */
abstract class ForwardingSource implements ExampleSource {
  protected final ExampleSource base;

  ForwardingSource(ExampleSource base) {
    this.base = base;
  }

  @Override
  public int size() {
    return base.size();
  }

  @Override
  public int label(int index) {
    return base.label(index);
  }

  @Override
  public String id(int index) {
    return base.id(index);
  }

  @Override
  public int imageSize() {
    return base.imageSize();
  }

  @Override
  public String feedNode() {
    return base.feedNode();
  }

  @Override
  public long[] exampleShape() {
    return base.exampleShape();
  }

  @Override
  public void write(int index, Rotation rotation, float[] dst, int offset)
      throws ImageLoadException {
    base.write(index, rotation, dst, offset);
  }

  @Override
  public void write(int index, Rotation rotation, Jitter jitter, float[] dst, int offset)
      throws ImageLoadException {
    base.write(index, rotation, jitter, dst, offset);
  }

  @Override
  public CloseableIterator<Feed> batches(
      int[] order, int batchSize, RotationPolicy rotations, int epoch) {
    return base.batches(order, batchSize, rotations, epoch);
  }
}
