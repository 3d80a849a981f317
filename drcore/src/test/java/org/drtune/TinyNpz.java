package org.drtune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.drtune.internal.data.MedMnistNpzTest;

/**
 * Writes a small MedMNIST-style .npz of fundus-like thumbnails (a reddish disc on black, so that
 * they pass the quality check) whose classes differ by colour and by a bright bar's position.
 */
public final class TinyNpz {
  private TinyNpz() {}

  /** {@code nTrain} + {@code nVal} (+ {@code nTest}) 28×28 RGB images with labels 0..classes-1. */
  public static Path write(Path file, int nTrain, int nVal, int nTest, int classes, long seed)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    split(arrays, "train", nTrain, classes, rnd);
    split(arrays, "val", nVal, classes, rnd);
    if (nTest > 0) {
      split(arrays, "test", nTest, classes, rnd);
    }
    return MedMnistNpzTest.npz(file, arrays, false);
  }

  private static void split(
      Map<String, byte[]> arrays, String name, int n, int classes, SplittableRandom rnd) {
    byte[] pixels = new byte[n * 28 * 28 * 3];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      labels[i] = (byte) c;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          boolean bar = y >= c * 6 + 2 && y < c * 6 + 7;
          boolean disc = (x - 13.5) * (x - 13.5) + (y - 13.5) * (y - 13.5) <= 13 * 13;
          for (int ch = 0; ch < 3; ch++) {
            int base =
                disc
                    ? (ch == 0 ? 150 : ch == 1 ? 70 : 35)
                        + (int) (35 * Math.cos(c * 1.9 + ch))
                        + (bar ? 60 : 0)
                        + rnd.nextInt(30)
                    : rnd.nextInt(4);
            pixels[((i * 28 + y) * 28 + x) * 3 + ch] = (byte) Math.max(0, Math.min(255, base));
          }
        }
      }
    }
    arrays.put(
        name + "_images.npy", MedMnistNpzTest.npy(1, "|u1", "(" + n + ", 28, 28, 3)", pixels));
    arrays.put(name + "_labels.npy", MedMnistNpzTest.npy(1, "|u1", "(" + n + ", 1)", labels));
  }

  /**
   * Writes the train and val images of {@code npz} as PNGs into grade folders {@code
   * folder/<label>/<split><i>.png} (a dataset of photograph files); returns {@code folder}.
   */
  public static Path writeGradeFolders(Path npz, int classes, Path folder) throws IOException {
    for (String split : new String[] {"train", "val"}) {
      org.drtune.internal.data.FundusDataset d =
          org.drtune.internal.data.MedMnistNpz.read(npz, classes).split(split);
      for (int i = 0; i < d.size(); i++) {
        Path f = folder.resolve(d.label(i) + "/" + split + i + ".png");
        java.nio.file.Files.createDirectories(f.getParent());
        javax.imageio.ImageIO.write(d.load(i), "png", f.toFile());
      }
    }
    return folder;
  }

  /**
   * Writes the train and val images of {@code npz} as an EyePACS folder: {@code
   * folder/images/<patient>_left|right.jpeg} (image {@code 2p} is patient p's left eye, {@code
   * 2p+1} the right) and {@code folder/trainLabels.csv}; returns {@code folder}.
   */
  public static Path writeEyePacsFolder(Path npz, int classes, Path folder) throws IOException {
    java.nio.file.Files.createDirectories(folder.resolve("images"));
    StringBuilder csv = new StringBuilder("image,level\n");
    int n = 0;
    for (String split : new String[] {"train", "val"}) {
      org.drtune.internal.data.FundusDataset d =
          org.drtune.internal.data.MedMnistNpz.read(npz, classes).split(split);
      for (int i = 0; i < d.size(); i++, n++) {
        String id = (n / 2) + (n % 2 == 0 ? "_left" : "_right");
        java.awt.image.BufferedImage im = d.load(i);
        java.awt.image.BufferedImage rgb =
            new java.awt.image.BufferedImage(
                im.getWidth(), im.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(im, 0, 0, null);
        javax.imageio.ImageIO.write(rgb, "jpeg", folder.resolve("images/" + id + ".jpeg").toFile());
        csv.append(id).append(',').append(d.label(i)).append('\n');
      }
    }
    java.nio.file.Files.writeString(folder.resolve("trainLabels.csv"), csv);
    return folder;
  }
}
