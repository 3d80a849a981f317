package org.drtune.internal.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.drtune.DatasetException;

/**
 * Reader of MedMNIST {@code .npz} files (for example RetinaMNIST): a zip of {@code .npy} arrays,
 * STORED or DEFLATE-compressed, with {@code <split>_images.npy} and {@code <split>_labels.npy} for
 * each of the splits {@code train}, {@code val} and {@code test} that is present.
 *
 * <p>Images are uint8 {@code (N,H,W,3)} RGB or {@code (N,H,W)} / {@code (N,H,W,1)} grayscale;
 * labels are {@code (N,1)} or {@code (N,)} integers (uint8 or int64). The whole file is read into
 * memory once; the splits are immutable and safe for concurrent use.
 *
 * <pre>{@code
 * MedMnistNpz npz = MedMnistNpz.read(Path.of("retinamnist.npz"), 5);
 * FundusDataset train = npz.split("train");
 * }</pre>
 */
public final class MedMnistNpz {

  /** The split names MedMNIST uses, in order. */
  public static final List<String> SPLIT_NAMES = List.of("train", "val", "test");

  private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 64;

  private final Path file;
  private final Map<String, FundusDataset> splits;

  private MedMnistNpz(Path file, Map<String, FundusDataset> splits) {
    this.file = file;
    this.splits = splits;
  }

  /**
   * Reads a MedMNIST {@code .npz} file.
   *
   * @param file the {@code .npz} file
   * @param numClasses the number of classes; every label must be in {@code 0 .. numClasses-1}
   * @return the splits present in the file
   * @throws DatasetException if the file is not a zip, holds no split, misses an array, uses an
   *     unsupported dtype or shape, or has labels out of range
   * @throws IOException if the file cannot be read
   */
  public static MedMnistNpz read(Path file, int numClasses) throws IOException {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such .npz file");
    }
    Map<String, FundusDataset> splits = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (String split : SPLIT_NAMES) {
        ZipEntry images = zip.getEntry(split + "_images.npy");
        ZipEntry labels = zip.getEntry(split + "_labels.npy");
        if (images == null && labels == null) {
          continue;
        }
        if (images == null || labels == null) {
          String missing = images == null ? split + "_images.npy" : split + "_labels.npy";
          throw new DatasetException(
              file
                  + " has split '"
                  + split
                  + "' but misses the array "
                  + missing
                  + ": each split needs both <split>_images.npy and <split>_labels.npy");
        }
        NpyArray imageArray =
            NpyArray.parse(
                file.getFileName() + ":" + images.getName(), readEntry(zip, images, file));
        NpyArray labelArray =
            NpyArray.parse(
                file.getFileName() + ":" + labels.getName(), readEntry(zip, labels, file));
        splits.put(
            split,
            NpzSplitDataset.of(
                file.getFileName() + "[" + split + "]", imageArray, labelArray, numClasses));
      }
    } catch (ZipException e) {
      throw new DatasetException(
          file
              + " is not a valid .npz (zip) file: "
              + e.getMessage()
              + "; expected a numpy.savez archive such as MedMNIST's retinamnist.npz",
          e);
    }
    if (splits.isEmpty()) {
      throw new DatasetException(
          file
              + " holds no MedMNIST split: expected arrays named <split>_images.npy "
              + "and <split>_labels.npy for split train, val or test");
    }
    return new MedMnistNpz(file, splits);
  }

  private static byte[] readEntry(ZipFile zip, ZipEntry entry, Path file) throws IOException {
    if (entry.getSize() > MAX_ENTRY_BYTES) {
      throw new DatasetException(
          file
              + ": array "
              + entry.getName()
              + " has "
              + entry.getSize()
              + " bytes, more than a Java array holds: use a smaller MedMNIST resolution");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  /**
   * Returns the names of the splits present, in the order train, val, test.
   *
   * @return the split names
   */
  public List<String> splitNames() {
    return List.copyOf(splits.keySet());
  }

  /**
   * Returns a split. Ids are the image's index within the split ({@code "0"}, {@code "1"}, ...).
   *
   * @param name {@code "train"}, {@code "val"} or {@code "test"}
   * @return the split's dataset
   * @throws IllegalArgumentException if the file has no such split
   */
  public FundusDataset split(String name) {
    FundusDataset split = splits.get(name);
    if (split == null) {
      throw new IllegalArgumentException(
          file + " has no split '" + name + "'; it has " + splitNames());
    }
    return split;
  }

  /**
   * Returns a split if present.
   *
   * @param name {@code "train"}, {@code "val"} or {@code "test"}
   * @return the split's dataset, or empty
   */
  public Optional<FundusDataset> findSplit(String name) {
    return Optional.ofNullable(splits.get(name));
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    splits.forEach((name, split) -> parts.add(name + "=" + split.size()));
    return "MedMnistNpz" + parts + " " + file;
  }

  /** Used by the message of {@link NpzSplitDataset}. */
  static String shape(long[] shape) {
    return Arrays.toString(shape).replace('[', '(').replace(']', ')');
  }
}
