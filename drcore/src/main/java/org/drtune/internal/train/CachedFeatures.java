package org.drtune.internal.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.drtune.features.CacheDtype;
import org.drtune.internal.data.Rotation;

/**
 * The examples of a complete {@link FeatureCache} folder: reads the cached features of each (image,
 * rotation) record through memory-mapped segments of at most 1 GiB (whole records each) and feeds
 * them to the cache node.
 */
final class CachedFeatures implements ExampleSource {
  private static final long SEGMENT = 1L << 30;

  private final FeatureCache.Meta meta;
  private final long per;
  private final int imageSize;
  private final List<MappedByteBuffer> segments = new ArrayList<>();
  private final long recordBytes;
  private final long recordsPerSegment;

  /** Maps {@code data}, the features file of the cache described by {@code meta}. */
  CachedFeatures(FeatureCache.Meta meta, Path data, int imageSize) throws IOException {
    this.meta = meta;
    this.per = Arrays.stream(meta.exampleShape()).reduce(1, (a, b) -> a * b);
    this.imageSize = imageSize;
    this.recordBytes = per * meta.dtype().bytes();
    this.recordsPerSegment = Math.max(1, SEGMENT / recordBytes);
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
      long size = ch.size();
      for (long off = 0; off < size; off += recordsPerSegment * recordBytes) {
        long len = Math.min(recordsPerSegment * recordBytes, size - off);
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, off, len);
        m.order(ByteOrder.LITTLE_ENDIAN);
        segments.add(m);
      }
    }
  }

  @Override
  public int size() {
    return meta.examples();
  }

  @Override
  public int label(int index) {
    return meta.labels()[index];
  }

  @Override
  public String id(int index) {
    return meta.ids().get(index);
  }

  @Override
  public int imageSize() {
    return imageSize;
  }

  @Override
  public String feedNode() {
    return meta.node();
  }

  @Override
  public long[] exampleShape() {
    return meta.exampleShape().clone();
  }

  /** Copies the cached values of (index, rotation): {@code product(exampleShape())} floats. */
  @Override
  public void write(int index, Rotation rotation, float[] dst, int offset) {
    int r = meta.rotations() == 1 ? 0 : rotation.ordinal();
    if (meta.rotations() == 1 && rotation != Rotation.R0) {
      throw new IllegalStateException(
          "this feature cache holds unrotated images only; rebuild it with 4"
              + " rotations for augmentation or TTA");
    }
    if (r >= meta.rotations()) {
      throw new IllegalStateException(
          "this feature cache holds "
              + meta.rotations()
              + " views per image, not the mirrored view "
              + rotation
              + "; rebuild it with 8 views for training with mirrors");
    }
    long record = (long) index * meta.rotations() + r;
    ByteBuffer seg =
        segments.get((int) (record / recordsPerSegment)).duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int pos = (int) ((record % recordsPerSegment) * recordBytes);
    if (meta.dtype() == CacheDtype.FLOAT32) {
      seg.position(pos);
      seg.asFloatBuffer().get(dst, offset, (int) per);
    } else {
      for (int i = 0; i < per; i++) {
        dst[offset + i] = FeatureCodec.fromHalf(seg.getShort(pos + 2 * i));
      }
    }
  }
}
