package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.drtune.DatasetException;
import org.drtune.training.DatasetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class MedMnistNpzTest {

  @TempDir Path dir;

  /** Builds a .npy file: magic, version, little-endian header length, padded dict, data. */
  public static byte[] npy(int version, String descr, String shape, byte[] data) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int preamble = version == 1 ? 10 : 12;
    int total = preamble + dict.length() + 1;
    int padded = (total + 63) / 64 * 64;
    String header = dict + " ".repeat(padded - total) + "\n";
    ByteBuffer buffer =
        ByteBuffer.allocate(preamble + header.length() + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      buffer.putShort((short) header.length());
    } else {
      buffer.putInt(header.length());
    }
    buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
    buffer.put(data);
    return buffer.array();
  }

  public static Path npz(Path file, Map<String, byte[]> arrays, boolean stored) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> array : arrays.entrySet()) {
        ZipEntry entry = new ZipEntry(array.getKey());
        if (stored) {
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(array.getValue().length);
          CRC32 crc = new CRC32();
          crc.update(array.getValue());
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(array.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  public static byte[] int64(long... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long value : values) {
      buffer.putLong(value);
    }
    return buffer.array();
  }

  @ParameterizedTest(name = "npy v{0}, stored={1}")
  @CsvSource({"1, true", "1, false", "2, false", "3, true"})
  void readsRgbImagesWithUint8LabelsInAnyNpyVersionAndZipMethod(int version, boolean stored)
      throws IOException {
    byte[] pixels = new byte[3 * 2 * 2 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("train_images.npy", npy(version, "|u1", "(3, 2, 2, 3)", pixels));
    arrays.put("train_labels.npy", npy(version, "|u1", "(3, 1)", new byte[] {4, 0, 2}));
    MedMnistNpz npz = MedMnistNpz.read(npz(dir.resolve("a.npz"), arrays, stored), 5);

    FundusDataset train = npz.split("train");
    assertThat(npz.splitNames()).containsExactly("train");
    assertThat(train.size()).isEqualTo(3);
    assertThat(train.labels()).containsExactly(4, 0, 2);
    assertThat(train.id(2)).isEqualTo("2");
    BufferedImage image = train.load(1);
    assertThat(image.getWidth()).isEqualTo(2);
    // image 1 starts at byte 12; pixel (x=1, y=0) is bytes 15..17.
    int expected = (15 * 7 & 0xff) << 16 | (16 * 7 & 0xff) << 8 | (17 * 7 & 0xff);
    assertThat(image.getRGB(1, 0) & 0xffffff).isEqualTo(expected);
  }

  @Test
  void readsGrayscaleImagesWithInt64LabelsAndSeveralSplits() throws IOException {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("train_images.npy", npy(1, "<u1", "(2, 1, 2)", new byte[] {10, 20, 30, 40}));
    arrays.put("train_labels.npy", npy(1, "<i8", "(2,)", int64(1, 3)));
    arrays.put("test_images.npy", npy(1, "|u1", "(1, 1, 1, 1)", new byte[] {(byte) 200}));
    arrays.put("test_labels.npy", npy(1, "<i8", "(1, 1)", int64(2)));
    MedMnistNpz npz = MedMnistNpz.read(npz(dir.resolve("g.npz"), arrays, false), 5);

    assertThat(npz.splitNames()).containsExactly("train", "test");
    assertThat(npz.findSplit("val")).isEmpty();
    assertThat(npz.split("train").labels()).containsExactly(1, 3);
    assertThat(npz.split("train").load(1).getRGB(1, 0) & 0xffffff)
        .isEqualTo(40 << 16 | 40 << 8 | 40);
    assertThat(npz.split("test").load(0).getRGB(0, 0) & 0xffffff)
        .isEqualTo(200 << 16 | 200 << 8 | 200);
    assertThatThrownBy(() -> npz.split("val"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no split 'val'");
  }

  @Test
  void rejectsAFileThatIsNotAZip() throws IOException {
    Path file = Files.writeString(dir.resolve("fake.npz"), "<html>not found</html>");
    assertThatThrownBy(() -> MedMnistNpz.read(file, 5))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("fake.npz is not a valid .npz (zip) file");
  }

  @Test
  void rejectsASplitWithoutItsLabels() throws IOException {
    Path file =
        npz(
            dir.resolve("m.npz"),
            Map.of("val_images.npy", npy(1, "|u1", "(1, 1, 1, 3)", new byte[3])),
            false);
    assertThatThrownBy(() -> MedMnistNpz.read(file, 5))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("misses the array val_labels.npy");
  }

  @Test
  void rejectsUnsupportedDtype() throws IOException {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("train_images.npy", npy(1, "<f4", "(1, 1, 1, 3)", new byte[12]));
    arrays.put("train_labels.npy", npy(1, "|u1", "(1, 1)", new byte[1]));
    Path file = npz(dir.resolve("f.npz"), arrays, false);
    assertThatThrownBy(() -> MedMnistNpz.read(file, 5))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("unsupported dtype '<f4'");
  }

  @Test
  void rejectsImagesAndLabelsOfDifferentLength() throws IOException {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("train_images.npy", npy(1, "|u1", "(2, 1, 1, 3)", new byte[6]));
    arrays.put("train_labels.npy", npy(1, "|u1", "(3, 1)", new byte[3]));
    Path file = npz(dir.resolve("s.npz"), arrays, false);
    assertThatThrownBy(() -> MedMnistNpz.read(file, 5))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("holds 2 images but")
        .hasMessageContaining("holds 3 labels");
  }

  @Test
  void rejectsTruncatedDataAndLabelsOutOfRange() throws IOException {
    Map<String, byte[]> truncated = new LinkedHashMap<>();
    truncated.put("train_images.npy", npy(1, "|u1", "(2, 1, 1, 3)", new byte[5]));
    truncated.put("train_labels.npy", npy(1, "|u1", "(2, 1)", new byte[2]));
    Path a = npz(dir.resolve("t.npz"), truncated, false);
    assertThatThrownBy(() -> MedMnistNpz.read(a, 5))
        .hasMessageContaining("needs 6 data bytes but the file " + "holds 5");
    Map<String, byte[]> range = new LinkedHashMap<>();
    range.put("train_images.npy", npy(1, "|u1", "(1, 1, 1, 3)", new byte[3]));
    range.put("train_labels.npy", npy(1, "|u1", "(1, 1)", new byte[] {7}));
    Path b = npz(dir.resolve("r.npz"), range, false);
    assertThatThrownBy(() -> MedMnistNpz.read(b, 5))
        .hasMessageContaining("has label 7 at index 0; expected " + "0..4");
  }

  @Test
  void readsTheRealRetinaMnistTrainAndValidationSplits() throws IOException {
    Optional<Path> shared = Fixtures.sharedFolder();
    assumeTrue(
        shared.isPresent(), "shared data folder not found: set DRTUNE_MIRROR to run this test");
    Path file = shared.get().resolve("data/retinamnist/retinamnist_trainval.npz");
    assumeTrue(Files.isRegularFile(file), "RetinaMNIST not found at " + file);

    MedMnistNpz npz = MedMnistNpz.read(file, 5);
    FundusDataset train = npz.split("train");
    FundusDataset val = npz.split("val");
    assertThat(npz.splitNames()).containsExactly("train", "val");
    assertThat(train.size()).isEqualTo(1080);
    assertThat(val.size()).isEqualTo(120);
    assertThat(Sampling.classCounts(train.labels(), 5)).containsExactly(486, 128, 206, 194, 66);
    assertThat(Sampling.classCounts(val.labels(), 5)).containsExactly(54, 12, 28, 20, 6);
    BufferedImage image = train.load(0);
    assertThat(image.getWidth()).isEqualTo(28);
    assertThat(image.getHeight()).isEqualTo(28);
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);

    DatasetSplits splits = Datasets.open(file, DatasetOptions.defaults());
    assertThat(splits.train().size()).isEqualTo(1080);
    assertThat(splits.validation().size()).isEqualTo(120);
    assertThat(splits.test()).isEmpty();
  }
}
