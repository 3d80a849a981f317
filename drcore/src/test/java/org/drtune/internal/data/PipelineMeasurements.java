package org.drtune.internal.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drtune.model.Preprocessing;

/**
 * Reports throughput and memory of the data pipeline (measurements, not assertions). Run from
 * {@code drcore} with the test classpath, for example {@code java -Xmx512m -cp
 * target/classes:target/test-classes:<deps> org.drtune.internal.data.PipelineMeasurements [images
 * [stream-only]]}.
 */
final class PipelineMeasurements {

  private PipelineMeasurements() {}

  public static void main(String[] args) throws Exception {
    int workers = Runtime.getRuntime().availableProcessors();
    Preprocessing prep = Preprocessing.defaults();
    boolean streamOnly = args.length > 1 && args[1].equals("stream-only");
    if (!streamOnly) {
      fullSizeJpegs(prep);
      retinaMnist(prep, workers);
    }
    streaming(prep, workers, args.length > 0 ? Integer.parseInt(args[0]) : 20_000);
  }

  private static void fullSizeJpegs(Preprocessing prep) throws IOException {
    Path dir = Files.createTempDirectory("drtune-measure");
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        files.add(Fixtures.write(Fixtures.fundus(3000, 2000, i), "jpg", dir.resolve(i + ".jpeg")));
      }
      long bytes = 0;
      for (Path file : files) {
        bytes += Files.size(file);
      }
      ImageDecoder decoder = ImageDecoder.defaults();
      float[] dst = new float[prep.valuesPerImage()];
      for (int round = 0; round < 2; round++) {
        long start = System.nanoTime();
        for (Path file : files) {
          Preprocessor.write(prep, decoder.decode(file), Rotation.R0, dst, 0);
        }
        report(
            "3000x2000 JPEG -> 224, 1 thread" + (round == 0 ? " (warm-up)" : ""),
            files.size(),
            start);
      }
      ImageDecoder full = decoder.withMinDecodedSide(0);
      long start = System.nanoTime();
      for (Path file : files) {
        Preprocessor.write(prep, full.decode(file), Rotation.R0, dst, 0);
      }
      report("3000x2000 JPEG -> 224 without subsampling, 1 thread", files.size(), start);
      System.out.printf("  (20 files, %.1f MB on disk)%n", bytes / 1e6);
    } finally {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void retinaMnist(Preprocessing prep, int workers) throws IOException {
    Optional<Path> shared = Fixtures.sharedFolder();
    Path file =
        shared.map(s -> s.resolve("data/retinamnist/retinamnist_trainval.npz")).orElse(null);
    if (file == null || !Files.isRegularFile(file)) {
      System.out.println("RetinaMNIST not found: skipped");
      return;
    }
    FundusDataset train = MedMnistNpz.read(file, 5).split("train");
    float[] dst = new float[prep.valuesPerImage()];
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < train.size(); i++) {
        Preprocessor.write(prep, train.load(i), Rotation.R0, dst, 0);
      }
      report(
          "RetinaMNIST 28 -> 224, 1 thread" + (round == 0 ? " (warm-up)" : ""),
          train.size(),
          start);
    }
    long start = System.nanoTime();
    int count = 0;
    try (BatchLoader loader =
        BatchLoader.open(
            train,
            Sampling.shuffledOrder(train.size(), 1, 0),
            prep,
            LoaderOptions.defaults()
                .withWorkers(workers, 4)
                .withRotation(RotationPolicy.random(1), 0))) {
      while (loader.hasNext()) {
        count += loader.next().count();
      }
    }
    report(
        "RetinaMNIST 28 -> 224 through BatchLoader, " + workers + " workers, batch 32",
        count,
        start);
  }

  private static void streaming(Preprocessing prep, int workers, int images) throws IOException {
    FundusDataset synthetic = new SyntheticFundusDataset(images, 256);
    System.out.printf("VmHWM before streaming: %s%n", peakRss());
    long start = System.nanoTime();
    int count = 0;
    int batches = 0;
    try (BatchLoader loader =
        BatchLoader.open(
            synthetic,
            Sampling.shuffledOrder(images, 2, 0),
            prep,
            LoaderOptions.defaults()
                .withWorkers(workers, 4)
                .withRotation(RotationPolicy.random(2), 0))) {
      while (loader.hasNext()) {
        Batch batch = loader.next();
        count += batch.count();
        if (++batches % 125 == 0) {
          System.out.printf("  %d images, VmHWM %s%n", count, peakRss());
        }
      }
    }
    report(
        "synthetic 256x256 JPEG (generated, encoded, decoded) -> 224 through BatchLoader, "
            + workers
            + " workers",
        count,
        start);
    System.out.printf(
        "VmHWM after streaming %d images: %s (heap max %d MB)%n",
        count, peakRss(), Runtime.getRuntime().maxMemory() >> 20);
  }

  private static void report(String what, int images, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        "%-90s %6d images %7.2f s %8.1f images/s%n", what, images, seconds, images / seconds);
  }

  private static String peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).strip();
      }
    }
    return "unknown";
  }
}
