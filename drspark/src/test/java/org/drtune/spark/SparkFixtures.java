package org.drtune.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.drtune.FineTuneJob;
import org.drtune.FineTuneJobTest;
import org.drtune.TinyNpz;
import org.drtune.TrainingListener;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;

/** A small exported model and a folder of its test thumbnails as PNGs, with one corrupt JPEG. */
final class SparkFixtures {
  final Path model;
  final Path photos;
  final List<Path> good = new ArrayList<>();

  SparkFixtures(Path tmp) throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 8, 3, 5);
    FineTuneJob.Result r =
        FineTuneJob.run(FineTuneJobTest.request(npz, tmp.resolve("run")), TrainingListener.NONE);
    model = r.modelDir();
    FundusDataset test = MedMnistNpz.read(npz, 3).split("test");
    photos = tmp.resolve("photos");
    for (int i = 0; i < test.size(); i++) {
      Path f = photos.resolve((i % 2 == 0 ? "a/" : "b/c/") + "p" + i + (i == 3 ? ".PNG" : ".png"));
      Files.createDirectories(f.getParent());
      ImageIO.write(test.load(i), "png", f.toFile());
      good.add(f);
    }
    Files.write(photos.resolve("a/corrupt.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    Files.writeString(photos.resolve("a/notes.txt"), "not a photograph");
  }

  /** Spark's binaryFile paths are URIs (file:/...); the local path of one. */
  static String pathOf(String s) {
    return s.startsWith("file:") ? Path.of(java.net.URI.create(s)).toString() : s;
  }
}
