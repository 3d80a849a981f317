package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.drtune.DatasetException;

/**
 * One split of a MedMNIST {@code .npz}: uint8 pixels held in memory, decoded to RGB on {@link
 * #load(int)}.
 */
final class NpzSplitDataset implements FundusDataset {

  private final String name;
  private final byte[] pixels;
  private final int height;
  private final int width;
  private final int channels;
  private final int[] labels;
  private final int numClasses;

  private NpzSplitDataset(
      String name,
      byte[] pixels,
      int height,
      int width,
      int channels,
      int[] labels,
      int numClasses) {
    this.name = name;
    this.pixels = pixels;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.labels = labels;
    this.numClasses = numClasses;
  }

  /**
   * Checks the arrays of one split and copies its labels.
   *
   * @param name the split's name, for messages
   * @param images uint8 images, (N,H,W,3) RGB or (N,H,W) or (N,H,W,1) grayscale
   * @param labels one grade per image, (N,1) or (N,)
   * @param numClasses the number of grades; labels must be {@code 0 .. numClasses-1}
   */
  static NpzSplitDataset of(String name, NpyArray images, NpyArray labels, int numClasses)
      throws DatasetException {
    long[] shape = images.shape();
    int channels = channels(images, shape);
    checkLabelShape(images, shape[0], labels);
    int[] values = labelValues(labels, Math.toIntExact(shape[0]), numClasses);
    return new NpzSplitDataset(
        name,
        images.bytes(),
        Math.toIntExact(shape[1]),
        Math.toIntExact(shape[2]),
        channels,
        values,
        numClasses);
  }

  /** The channels of uint8 images: 3 for (N,H,W,3), 1 for (N,H,W) or (N,H,W,1). */
  private static int channels(NpyArray images, long[] shape) throws DatasetException {
    boolean rgb = shape.length == 4 && shape[3] == 3;
    boolean gray = shape.length == 3 || (shape.length == 4 && shape[3] == 1);
    if (!rgb && !gray) {
      throw new DatasetException(
          images.name()
              + " has shape "
              + MedMnistNpz.shape(shape)
              + "; expected (N,H,W,3) RGB or (N,H,W) grayscale images");
    }
    if (images.itemSize() != 1) {
      throw new DatasetException(
          images.name()
              + " has dtype '"
              + images.descr()
              + "'; expected uint8 "
              + "images ('|u1'): convert them with images.astype(numpy.uint8)");
    }
    return rgb ? 3 : 1;
  }

  /** Checks the labels are one per image: shape (N,1) or (N,) with the images' N. */
  private static void checkLabelShape(NpyArray images, long count, NpyArray labels)
      throws DatasetException {
    long[] labelShape = labels.shape();
    boolean labelShapeOk = labelShape.length == 1 || (labelShape.length == 2 && labelShape[1] == 1);
    if (!labelShapeOk) {
      throw new DatasetException(
          labels.name()
              + " has shape "
              + MedMnistNpz.shape(labelShape)
              + "; expected (N,1) or (N,) single-label grades");
    }
    if (labelShape[0] != count) {
      throw new DatasetException(
          images.name()
              + " holds "
              + count
              + " images but "
              + labels.name()
              + " holds "
              + labelShape[0]
              + " labels: the arrays must have the same length N");
    }
  }

  /** The first {@code count} labels, each checked to be a grade {@code 0 .. numClasses-1}. */
  private static int[] labelValues(NpyArray labels, int count, int numClasses)
      throws DatasetException {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      long value = labels.getLong(i);
      if (value < 0 || value >= numClasses) {
        throw new DatasetException(
            labels.name()
                + " has label "
                + value
                + " at index "
                + i
                + "; expected 0.."
                + (numClasses - 1)
                + " ("
                + numClasses
                + " classes)");
      }
      values[i] = (int) value;
    }
    return values;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public String id(int index) {
    checkIndex(index);
    return Integer.toString(index);
  }

  @Override
  public int label(int index) {
    checkIndex(index);
    return labels[index];
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public BufferedImage load(int index) {
    checkIndex(index);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    int base = index * height * width * channels;
    for (int p = 0; p < out.length; p++) {
      int at = base + p * channels;
      int r = pixels[at] & 0xff;
      if (channels == 3) {
        out[p] = r << 16 | (pixels[at + 1] & 0xff) << 8 | (pixels[at + 2] & 0xff);
      } else {
        out[p] = r << 16 | r << 8 | r;
      }
    }
    return image;
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= labels.length) {
      throw new IndexOutOfBoundsException(
          "index " + index + " is out of range for " + name + " with " + labels.length + " images");
    }
  }

  @Override
  public String toString() {
    return name + " (" + labels.length + " images " + width + "x" + height + "x" + channels + ")";
  }
}
