package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.drtune.ImageLoadException;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.internal.data.Fixtures;
import org.drtune.internal.data.ImageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad and unusual photographs through {@link ImageDecoder} and through {@link
 * DrClassifier#classify(byte[])} and {@link DrClassifier#classify(Path)} on a tiny exported model:
 * each is either classified correctly (the same answer as its plain 8-bit RGB equivalent) or
 * refused with an {@link ImageLoadException} or {@link IllegalArgumentException} that names the
 * image and the reason.
 */
class BadImageTest {
  private static DrClassifier classifier;
  private static final ImageDecoder DECODER = ImageDecoder.defaults();
  private static final BufferedImage FUNDUS = Fixtures.fundus(120, 90, 7);

  @TempDir Path dir;

  @BeforeAll
  static void load() throws IOException {
    classifier = DrClassifier.load(TinyModels.model());
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  static Stream<Arguments> unreadable() throws IOException {
    byte[] jpeg = Fixtures.encode(FUNDUS, "jpg");
    byte[] png = Fixtures.encode(FUNDUS, "png");
    byte[] noise = new byte[4000];
    new Random(5).nextBytes(noise);
    byte[] fakeJpeg = noise.clone();
    fakeJpeg[0] = (byte) 0xFF;
    fakeJpeg[1] = (byte) 0xD8;
    fakeJpeg[2] = (byte) 0xFF;
    fakeJpeg[3] = (byte) 0xE0;
    byte[] fakePng = noise.clone();
    System.arraycopy(png, 0, fakePng, 0, 8);
    return Stream.of(
        Arguments.of("zero.jpg", new byte[0], "empty (0 bytes)"),
        Arguments.of("half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "truncated or corrupt"),
        Arguments.of("header-only.jpg", Arrays.copyOf(jpeg, 300), "truncated or corrupt"),
        Arguments.of("half.png", Arrays.copyOf(png, png.length / 2), "truncated or corrupt"),
        Arguments.of("header-only.png", Arrays.copyOf(png, 40), "truncated or corrupt"),
        Arguments.of("noise.jpg", noise, "not a JPEG or PNG"),
        Arguments.of("noise.png", noise, "not a JPEG or PNG"),
        Arguments.of("soi-then-noise.jpg", fakeJpeg, "truncated or corrupt"),
        Arguments.of("signature-then-noise.png", fakePng, "truncated or corrupt"),
        Arguments.of("bomb.png", hugeDeclaredPng(60_000, 60_000), "decompression bomb"),
        Arguments.of("wide-bomb.png", hugeDeclaredPng(Integer.MAX_VALUE, 2), "decompression bomb"),
        Arguments.of("cmyk.jpg", cmykJpeg(), "CMYK"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void unreadableImagesAreRefusedWithTheirNameAndReason(String name, byte[] bytes, String reason)
      throws IOException {
    assertThatThrownBy(() -> DECODER.decode(bytes, name))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(reason);
    Path file = Files.write(dir.resolve(name), bytes);
    assertThatThrownBy(() -> DECODER.decode(file))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(reason);
    assertThatThrownBy(() -> classifier.classify(file))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(reason);
    assertThatThrownBy(() -> classifier.classify(bytes))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("image bytes")
        .hasMessageContaining(reason);
    // the classifier still works afterwards
    assertValid(classifier.classify(FUNDUS));
  }

  @Test
  void aHugeDeclaredPngIsRefusedBeforeItsPixelsAreAllocated() {
    // 60000 x 60000 RGB would need 14 GB as a BufferedImage; the heap here is far smaller, so a
    // refusal that
    // comes back at all (and not as an OutOfMemoryError) was made from the header.
    Runtime rt = Runtime.getRuntime();
    assertThat(60_000L * 60_000L * 4).isGreaterThan(rt.maxMemory());
    byte[] bomb = hugeDeclaredPng(60_000, 60_000);
    assertThatThrownBy(() -> classifier.classify(bomb))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("60000x60000 = 3600000000 pixels, above the limit of 50000000");
  }

  @Test
  void grayscaleSixteenBitAndPaletteImagesGiveTheAnswerOfTheirRgbEquivalent() throws IOException {
    // gray: 8-bit PNG and JPEG against the same gray levels as RGB
    BufferedImage gray = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    gray.getGraphics().drawImage(FUNDUS, 0, 0, 64, 48, null);
    BufferedImage grayAsRgb = ImageDecoder.toRgb(gray);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int v = gray.getRaster().getSample(x, y, 0);
        assertThat(grayAsRgb.getRGB(x, y) & 0xffffff).isEqualTo(v << 16 | v << 8 | v);
      }
    }
    DrResult expected = classifier.classify(grayAsRgb);
    assertThat(classifier.classify(Fixtures.encode(gray, "png"))).isEqualTo(expected);
    BufferedImage grayJpeg = DECODER.decode(Fixtures.encode(gray, "jpg"), "gray.jpg");
    assertThat(grayJpeg.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertValid(classifier.classify(Fixtures.encode(gray, "jpg")));

    // 16-bit RGB: samples v * 257 scale back to exactly v
    ComponentColorModel rgb16 =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            new int[] {16, 16, 16},
            false,
            false,
            java.awt.Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster r16 =
        rgb16.createCompatibleWritableRaster(FUNDUS.getWidth(), FUNDUS.getHeight());
    for (int y = 0; y < FUNDUS.getHeight(); y++) {
      for (int x = 0; x < FUNDUS.getWidth(); x++) {
        int c = FUNDUS.getRGB(x, y);
        r16.setPixel(
            x, y, new int[] {(c >> 16 & 255) * 257, (c >> 8 & 255) * 257, (c & 255) * 257});
      }
    }
    byte[] png16 = Fixtures.encode(new BufferedImage(rgb16, r16, false, null), "png");
    assertThat(classifier.classify(png16)).isEqualTo(classifier.classify(FUNDUS));

    // palette: a 4-colour image against its RGB rendering
    byte[] reds = {0, (byte) 200, (byte) 240, 120};
    byte[] greens = {0, 90, (byte) 200, 30};
    byte[] blues = {0, 40, 120, 20};
    BufferedImage palette =
        new BufferedImage(
            80,
            60,
            BufferedImage.TYPE_BYTE_INDEXED,
            new IndexColorModel(2, 4, reds, greens, blues));
    Random rnd = new Random(3);
    for (int y = 0; y < 60; y++) {
      for (int x = 0; x < 80; x++) {
        palette
            .getRaster()
            .setSample(
                x, y, 0, (x - 40) * (x - 40) + (y - 30) * (y - 30) < 700 ? 1 + rnd.nextInt(3) : 0);
      }
    }
    BufferedImage paletteRgb = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 60; y++) {
      for (int x = 0; x < 80; x++) {
        paletteRgb.setRGB(x, y, palette.getRGB(x, y));
      }
    }
    assertThat(classifier.classify(Fixtures.encode(palette, "png")))
        .isEqualTo(classifier.classify(paletteRgb));
  }

  @Test
  void exifOrientationIsIgnoredThePixelsAreUsedAsStored() throws IOException {
    BufferedImage wide = Fixtures.fundus(160, 100, 9);
    byte[] plain = Fixtures.encode(wide, "jpg");
    byte[] rotated = withExifOrientation(plain, 6); // 6 = "rotate 90° clockwise to display"
    assertThat(rotated.length).isGreaterThan(plain.length);
    BufferedImage a = DECODER.decode(plain, "plain.jpg");
    BufferedImage b = DECODER.decode(rotated, "exif6.jpg");
    // not turned upright: same size (160x100, not 100x160) and the same pixels
    assertThat(b.getWidth()).isEqualTo(160);
    assertThat(b.getHeight()).isEqualTo(100);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 160; x++) {
        assertThat(b.getRGB(x, y)).isEqualTo(a.getRGB(x, y));
      }
    }
    assertThat(classifier.classify(rotated)).isEqualTo(classifier.classify(plain));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void imagesBelowEightPixelsAreRefusedWithAnIllegalArgumentException(int side) {
    byte[] png = Fixtures.encode(Fixtures.solid(side, side + 3, 0xC05028), "png");
    assertThatThrownBy(() -> classifier.classify(png))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(side + "x" + (side + 3) + " pixels")
        .hasMessageContaining("at least 8x8");
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 13, 31, 32})
  void imagesSmallerThanTheInputAreEnlargedAndClassified(int side) throws IOException {
    BufferedImage small = Fixtures.fundus(side, side, 3);
    DrResult r = classifier.classify(Fixtures.encode(small, "png"));
    assertValid(r);
    assertThat(r).isEqualTo(classifier.classify(small));
  }

  static void assertValid(DrResult r) {
    assertThat(r.probabilities())
        .hasSize(TinyModels.CLASSES)
        .allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
    assertThat(r.probabilities().stream().mapToDouble(Double::doubleValue).sum())
        .isBetween(0.999, 1.001);
    assertThat(r.predictedClass()).isBetween(0, TinyModels.CLASSES - 1);
  }

  /** A 1×1 PNG whose IHDR (with a correct CRC) declares {@code width × height}. */
  static byte[] hugeDeclaredPng(int width, int height) {
    byte[] png = Fixtures.encode(Fixtures.solid(1, 1, 0xffffff), "png");
    ByteBuffer b = ByteBuffer.wrap(png);
    b.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    b.putInt(29, (int) crc.getValue());
    return png;
  }

  /** A 4-channel JPEG without an Adobe marker, which readers take as CMYK. */
  static byte[] cmykJpeg() throws IOException {
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        cmyk.setPixel(x, y, new int[] {10, 200, 30, 40});
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(cmyk, null, null), null);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Inserts an EXIF APP1 segment with one Orientation tag right after the JFIF APP0 segment. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8); // big-endian TIFF header, IFD at offset 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    tiff.putInt(0); // no next IFD
    byte[] exif = "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int segmentLength = 2 + exif.length + tiff.capacity();
    ByteBuffer app1 = ByteBuffer.allocate(2 + segmentLength);
    app1.put((byte) 0xFF)
        .put((byte) 0xE1)
        .putShort((short) segmentLength)
        .put(exif)
        .put(tiff.array());
    int at = 2;
    if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) {
      at = 4 + ((jpeg[4] & 0xff) << 8 | (jpeg[5] & 0xff));
    }
    byte[] out = new byte[jpeg.length + app1.capacity()];
    System.arraycopy(jpeg, 0, out, 0, at);
    System.arraycopy(app1.array(), 0, out, at, app1.capacity());
    System.arraycopy(jpeg, at, out, at + app1.capacity(), jpeg.length - at);
    return out;
  }
}
