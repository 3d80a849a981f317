package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.drtune.ImageLoadException;
import org.drtune.model.ChannelOrder;
import org.drtune.model.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchLoaderTest {

  /**
   * Image i is a solid colour: red encodes its label, green and blue its index. Some indices are
   * corrupt.
   */
  static final class ColourCodedDataset implements FundusDataset {
    private final int size;
    private final Set<Integer> corrupt;

    ColourCodedDataset(int size, Set<Integer> corrupt) {
      this.size = size;
      this.corrupt = corrupt;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public String id(int index) {
      return "img" + index;
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
      // Uneven work so workers finish out of order.
      LockSupport.parkNanos((index * 7919L % 5) * 200_000L);
      if (corrupt.contains(index)) {
        throw new ImageLoadException(id(index) + ".jpeg", "the image data is truncated or corrupt");
      }
      return Fixtures.solid(6, 5, (label(index) * 50 + 2) << 16 | (index % 256) << 8 | index / 256);
    }
  }

  private static final Preprocessing RAW =
      new Preprocessing(
          4, false, 15, false, false, 0.1, ChannelOrder.RGB, List.of(0.0, 0.0, 0.0), false);

  @ParameterizedTest(name = "batch {0}, workers {1}, prefetch {2}")
  @CsvSource({"7, 2, 2", "1, 3, 1", "16, 1, 4", "64, 4, 8"})
  void keepsLabelsAndIdsWithTheirImagesThroughShufflePrefetchAndSkips(
      int batchSize, int workers, int prefetch) {
    Set<Integer> corrupt = Set.of(3, 50, 51, 52, 199);
    FundusDataset dataset = new ColourCodedDataset(300, corrupt);
    int[] order = Sampling.shuffledOrder(300, 17, 2);
    List<Integer> seen = new ArrayList<>();
    int batches = 0;
    try (BatchLoader loader =
        BatchLoader.open(
            dataset,
            order,
            RAW,
            LoaderOptions.defaults()
                .withBatchSize(batchSize)
                .withWorkers(workers, prefetch)
                .withRotation(RotationPolicy.random(5), 1))) {
      while (loader.hasNext()) {
        Batch batch = loader.next();
        batches++;
        assertThat(batch.count()).isBetween(1, batchSize);
        for (int j = 0; j < batch.count(); j++) {
          int at = j * batch.valuesPerImage();
          int index = Math.round(batch.pixels()[at + 1]) + 256 * Math.round(batch.pixels()[at + 2]);
          assertThat(batch.indices()[j]).isEqualTo(index);
          assertThat(batch.ids()[j]).isEqualTo("img" + index);
          assertThat(batch.labels()[j]).isEqualTo(index % 5);
          assertThat(Math.round(batch.pixels()[at])).isEqualTo(batch.labels()[j] * 50 + 2);
          seen.add(index);
        }
      }
      assertThat(loader.skipReport().skipped())
          .extracting(SkipReport.Skipped::id)
          .containsExactlyElementsOf(
              Arrays.stream(order).filter(corrupt::contains).mapToObj(i -> "img" + i).toList());
      assertThat(loader.skipReport().skipped().get(0).reason())
          .contains(".jpeg")
          .contains("truncated");
      assertThatThrownBy(loader::next).isInstanceOf(NoSuchElementException.class);
    }
    assertThat(seen)
        .containsExactlyElementsOf(
            Arrays.stream(order).filter(i -> !corrupt.contains(i)).boxed().toList());
    assertThat(batches).isLessThanOrEqualTo((300 + batchSize - 1) / batchSize);
  }

  @Test
  void strictModeFailsOnTheFirstUnreadableImage() {
    FundusDataset dataset = new ColourCodedDataset(40, Set.of(22));
    try (BatchLoader loader =
        BatchLoader.open(
            dataset,
            Sampling.shuffledOrder(40, 1, 0).clone(),
            RAW,
            LoaderOptions.defaults().withBatchSize(8).withWorkers(2, 2).withStrict(true))) {
      assertThatThrownBy(
              () -> {
                while (loader.hasNext()) {
                  loader.next();
                }
              })
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(ImageLoadException.class)
          .hasMessageContaining("img22.jpeg")
          .hasMessageContaining("strict mode");
    }
  }

  @Test
  void appliesTheRotationPolicyAndFailsAfterClose() throws ImageLoadException {
    BufferedImage image = Fixtures.fundus(60, 40, 20, 25, 15, 4);
    FundusDataset one = new DrawnDataset(java.util.List.of("only"), i -> 2, i -> image);
    Preprocessing prep = Preprocessing.defaults().withInputSize(16);
    float[] expected = new float[prep.valuesPerImage()];
    Preprocessor.write(prep, image, Rotation.R270, expected, 0);
    float[] upright = new float[prep.valuesPerImage()];
    Preprocessor.write(prep, image, Rotation.R0, upright, 0);
    assertThat(expected).isNotEqualTo(upright);
    BatchLoader loader =
        BatchLoader.open(
            one,
            new int[] {0},
            prep,
            LoaderOptions.defaults().withRotation(RotationPolicy.fixed(Rotation.R270), 0));
    Batch batch = loader.next();
    assertThat(Arrays.copyOf(batch.pixels(), prep.valuesPerImage())).containsExactly(expected);
    loader.close();
    loader.close();
    assertThatThrownBy(loader::hasNext)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> BatchLoader.open(one, new int[] {1}, prep, LoaderOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order[0] = 1 is out of range");
  }

  @Test
  void aJitteringPolicyJittersThePreparedImageBeforeItsRotation() throws ImageLoadException {
    BufferedImage image = Fixtures.fundus(60, 40, 20, 25, 15, 4);
    FundusDataset one = new DrawnDataset(java.util.List.of("only"), i -> 2, i -> image);
    Preprocessing prep = Preprocessing.defaults().withInputSize(16);
    RotationPolicy policy = RotationPolicy.random(9, true, 20, 0.2);
    Jitter jitter = policy.jitterFor(3, 0);
    assertThat(jitter.isNone()).isFalse();
    float[] expected = new float[prep.valuesPerImage()];
    Preprocessor.write(prep, image, jitter, policy.rotationFor(3, 0), expected, 0);
    float[] unjittered = new float[prep.valuesPerImage()];
    Preprocessor.write(prep, image, policy.rotationFor(3, 0), unjittered, 0);
    assertThat(expected).isNotEqualTo(unjittered);
    try (BatchLoader loader =
        BatchLoader.open(
            one, new int[] {0}, prep, LoaderOptions.defaults().withRotation(policy, 3))) {
      Batch batch = loader.next();
      assertThat(Arrays.copyOf(batch.pixels(), prep.valuesPerImage())).containsExactly(expected);
    }
  }
}
