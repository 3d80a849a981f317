package org.drtune.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.drtune.TinyBackbone;
import org.drtune.TinyNpz;
import org.drtune.internal.data.FundusDataset;
import org.drtune.internal.data.MedMnistNpz;
import org.drtune.training.FineTuneJob;
import org.drtune.training.TrainingListener;

/** A small exported model and a folder of its test thumbnails as PNGs, with one corrupt JPEG. */
final class SparkFixtures {
  final Path model;
  final Path photos;
  final List<Path> good = new ArrayList<>();

  SparkFixtures(Path tmp) throws IOException {
    Path npz = TinyNpz.write(tmp.resolve("tiny.npz"), 24, 9, 8, 3, 5);
    FineTuneJob.Result r =
        FineTuneJob.run(TinyBackbone.request(npz, tmp.resolve("run")), TrainingListener.NONE);
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

  /** Copies the model and the photographs to {@code dir}/model and {@code dir}/photos. */
  void copyTo(Path dir) throws IOException {
    for (Path from : List.of(model, photos)) {
      Path to = dir.resolve(from == model ? "model" : "photos");
      if (Files.exists(to)) {
        try (var old = Files.walk(to)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      try (var files = Files.walk(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path t = to.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(t);
          } else {
            Files.copy(f, t);
          }
        }
      }
    }
  }

  /** Spark's binaryFile paths are URIs (file:/...); the local path of one. */
  static String pathOf(String s) {
    return s.startsWith("file:") ? Path.of(java.net.URI.create(s)).toString() : s;
  }
}
