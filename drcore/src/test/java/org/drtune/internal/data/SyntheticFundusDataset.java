package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import org.drtune.ImageLoadException;

/**
 * A dataset of any size whose images are generated on demand: a fundus-like disc drawn for the
 * index, encoded as JPEG in memory and decoded again, so the cost matches reading a file without
 * touching the disk.
 */
final class SyntheticFundusDataset implements FundusDataset {

  private final int size;
  private final int side;
  private final ImageDecoder decoder = ImageDecoder.defaults();

  SyntheticFundusDataset(int size, int side) {
    this.size = size;
    this.side = side;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String id(int index) {
    return "synthetic" + index;
  }

  @Override
  public int label(int index) {
    return index % 5;
  }

  @Override
  public int numClasses() {
    return 5;
  }

  @Override
  public BufferedImage load(int index) throws ImageLoadException {
    int shift = side / 16;
    BufferedImage image =
        Fixtures.fundus(
            side, side, side / 2 + index % shift, side / 2 - index % shift, side * 2 / 5, index);
    return decoder.decode(Fixtures.encode(image, "jpg"), id(index));
  }
}
