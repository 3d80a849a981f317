package org.drtune.internal.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import org.drtune.features.FeatureExtractor;
import org.drtune.features.FeatureJob;
import org.drtune.features.FeatureProvider;
import org.drtune.internal.model.CardJson;

/**
 * Builds a {@link FeatureCache} folder from features computed by a {@link FeatureProvider} instead
 * of this JVM ({@link FeatureCache.External}): describes the split as a {@link FeatureJob}, checks
 * and stores each (image, rotation) record the provider gives, in any order and from any thread,
 * and fails when one is missing. The folder has the same key and layout as one computed here.
 */
final class ExternalFeatures {
  private ExternalFeatures() {}

  /**
   * Writes the cache of {@code source} (the {@code name} split) into the folder {@code tmp}.
   *
   * @throws IllegalArgumentException when {@code external} names another number of files than the
   *     source has images, or the provider gives a record that does not fit the split
   * @throws IOException when the provider fails or leaves a record out (nothing is kept)
   */
  static void build(
      FineTuner tuner,
      ExampleSource source,
      Path tmp,
      String name,
      FeatureCache.Layout layout,
      int batchSize,
      FeatureCache.Progress progress,
      FeatureCache.External external)
      throws IOException {
    int n = source.size();
    if (external.files().size() != n) {
      throw new IllegalArgumentException(
          external.files().size() + " files for a split of " + n + " images");
    }
    FeatureJob job =
        new FeatureJob(
            name,
            FeatureCache.idsOf(source),
            external.files(),
            layout.rotations(),
            layout.exampleShape(),
            extractorSpec(tuner, layout, batchSize, external));
    Files.createDirectories(tmp);
    long total = (long) n * layout.rotations();
    BitSet written = new BitSet(Math.toIntExact(total));
    try (FileChannel ch =
        FileChannel.open(
            layout.data(tmp),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ)) {
      external.provider().compute(job, new RecordSink(ch, layout, n, written, progress));
      checkAllWritten(written, total, name, source, layout.rotations());
      ch.force(true);
    }
    layout.writeMeta(tmp, source);
  }

  /** What a {@link FeatureExtractor} on another JVM needs to compute the features of this cache. */
  private static FeatureExtractor.Spec extractorSpec(
      FineTuner tuner, FeatureCache.Layout layout, int batchSize, FeatureCache.External external)
      throws IOException {
    return new FeatureExtractor.Spec(
        external.backboneProfile(),
        external.backboneFiles(),
        external.backboneFolder(),
        external.frozenGraph(),
        CardJson.MAPPER.writeValueAsString(tuner.config()),
        external.preprocessingJson(),
        external.maxImagePixels(),
        layout.node(),
        Arrays.stream(layout.exampleShape()).boxed().toList(),
        layout.dtype(),
        tuner.variableChecksums(tuner.spec().frozenVariables()),
        batchSize);
  }

  private static void checkAllWritten(
      BitSet written, long total, String name, ExampleSource source, int rotations)
      throws IOException {
    int missing = written.nextClearBit(0);
    if (missing < total) {
      throw new IOException(
          "the feature provider gave "
              + written.cardinality()
              + " of "
              + total
              + " (image, rotation) records for the "
              + name
              + " split; the first missing one is image "
              + source.id(missing / rotations)
              + " at rotation "
              + missing % rotations
              + " (nothing was written: run again)");
    }
  }

  /**
   * Checks each record the provider gives and writes it at its place in the features file; marks it
   * in {@code written} and reports progress. Thread-safe.
   */
  private record RecordSink(
      FileChannel ch,
      FeatureCache.Layout layout,
      int examples,
      BitSet written,
      FeatureCache.Progress progress)
      implements FeatureJob.Sink {

    @Override
    public void accept(int index, int rotation, float[] values) throws IOException {
      int rotations = layout.rotations();
      long per = layout.valuesPerExample();
      if (index < 0 || index >= examples || rotation < 0 || rotation >= rotations) {
        throw new IllegalArgumentException(
            "features of image "
                + index
                + " at rotation "
                + rotation
                + " do not fit a"
                + " split of "
                + examples
                + " images and "
                + rotations
                + " rotations");
      }
      if (values.length != per) {
        throw new IllegalArgumentException(
            "features of image "
                + index
                + " have "
                + values.length
                + " values, expected "
                + per
                + " (the provider computed another node or input size)");
      }
      ByteBuffer buf = ByteBuffer.wrap(FeatureCodec.encode(values, layout.dtype()));
      synchronized (written) {
        layout.write(ch, buf, index, rotation);
        written.set(index * rotations + rotation);
        progress.update(written.cardinality(), (long) examples * rotations);
      }
    }
  }
}
