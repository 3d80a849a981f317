package org.drtune.internal.data;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * A test dataset of five grades whose ids are given and whose labels and pictures are functions of
 * the index: the one place tests spell out {@link FundusDataset}'s methods for a few fixed
 * pictures.
 *
 * @param ids the ids, one per example
 * @param grades the grade of each index
 * @param pictures the picture of each index; null when the test never loads one
 */
public record DrawnDataset(
    List<String> ids, IntUnaryOperator grades, IntFunction<BufferedImage> pictures)
    implements FundusDataset {

  /** Copies the ids. */
  public DrawnDataset {
    ids = List.copyOf(ids);
  }

  /** {@code n} grade-0 pictures with ids p0, p1, …, drawn by {@code pictures}. */
  public static DrawnDataset gradeZero(int n, IntFunction<BufferedImage> pictures) {
    return new DrawnDataset(
        IntStream.range(0, n).mapToObj(i -> "p" + i).toList(), i -> 0, pictures);
  }

  /** Grade-0 examples with these ids and no pictures (for code that reads only the ids). */
  public static DrawnDataset ids(String... ids) {
    return new DrawnDataset(List.of(ids), i -> 0, null);
  }

  @Override
  public int size() {
    return ids.size();
  }

  @Override
  public String id(int index) {
    return ids.get(index);
  }

  @Override
  public int label(int index) {
    return grades.applyAsInt(index);
  }

  @Override
  public int numClasses() {
    return 5;
  }

  @Override
  public BufferedImage load(int index) {
    if (pictures == null) {
      throw new UnsupportedOperationException("this test dataset has ids only, no pictures");
    }
    return pictures.apply(index);
  }
}
