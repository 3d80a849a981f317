package org.drtune.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.drtune.ImageLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  @TempDir Path dir;

  private final ImageDecoder decoder = ImageDecoder.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"png", "jpg"})
  void decodesRgbFilesToIntRgb(String format) throws IOException {
    BufferedImage source = Fixtures.fundus(120, 90, 7);
    Path file = Fixtures.write(source, format, dir.resolve("eye." + format));
    BufferedImage image = decoder.decode(file);
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(image.getWidth()).isEqualTo(120);
    assertThat(image.getHeight()).isEqualTo(90);
    int tolerance = format.equals("png") ? 0 : 20;
    int expected = source.getRGB(60, 45);
    int actual = image.getRGB(60, 45);
    for (int shift : new int[] {16, 8, 0}) {
      assertThat((actual >> shift) & 0xff)
          .isCloseTo((expected >> shift) & 0xff, org.assertj.core.data.Offset.offset(tolerance));
    }
  }

  @Test
  void convertsEightAndSixteenBitGrayToReplicatedRgb() throws IOException {
    BufferedImage gray = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(2, 1, 0, 100);
    assertThat(decoder.decode(Fixtures.encode(gray, "png"), "gray").getRGB(2, 1) & 0xffffff)
        .isEqualTo(100 << 16 | 100 << 8 | 100);

    BufferedImage gray16 = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
    gray16.getRaster().setSample(1, 2, 0, 51400); // 51400 / 65535 * 255 = 200
    BufferedImage decoded = decoder.decode(Fixtures.encode(gray16, "png"), "gray16");
    assertThat(decoded.getRGB(1, 2) & 0xffffff).isEqualTo(200 << 16 | 200 << 8 | 200);
    assertThat(decoded.getRGB(0, 0) & 0xffffff).isZero();
  }

  @Test
  void convertsSixteenBitRgbPalettesAndDropsAlpha() throws IOException {
    ColorModel rgb16 =
        new java.awt.image.ComponentColorModel(
            java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
            new int[] {16, 16, 16},
            false,
            false,
            java.awt.Transparency.OPAQUE,
            java.awt.image.DataBuffer.TYPE_USHORT);
    WritableRaster raster = rgb16.createCompatibleWritableRaster(2, 2);
    raster.setPixel(1, 1, new int[] {65535, 32896, 0}); // 255, 128, 0
    BufferedImage image16 = new BufferedImage(rgb16, raster, false, null);
    assertThat(decoder.decode(Fixtures.encode(image16, "png"), "rgb16").getRGB(1, 1) & 0xffffff)
        .isEqualTo(255 << 16 | 128 << 8);

    byte[] reds = {0, (byte) 250};
    byte[] greens = {0, 10};
    byte[] blues = {0, 20};
    BufferedImage palette =
        new BufferedImage(
            2, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, reds, greens, blues));
    palette.getRaster().setSample(0, 1, 0, 1);
    BufferedImage decoded = decoder.decode(Fixtures.encode(palette, "png"), "palette");
    assertThat(decoded.getRGB(0, 1) & 0xffffff).isEqualTo(250 << 16 | 10 << 8 | 20);
    assertThat(decoded.getRGB(1, 1) & 0xffffff).isZero();

    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00_C8_64_32); // fully transparent, colour kept
    argb.setRGB(1, 0, 0xFF_0A_14_1E);
    BufferedImage noAlpha = decoder.decode(Fixtures.encode(argb, "png"), "argb");
    assertThat(noAlpha.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(noAlpha.getRGB(0, 0) & 0xffffff).isEqualTo(0xC86432);
    assertThat(noAlpha.getRGB(1, 0) & 0xffffff).isEqualTo(0x0A141E);
  }

  @Test
  void rejectsEmptyMissingRandomAndTruncatedFilesNamingThem() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jpeg"));
    assertThatThrownBy(() -> decoder.decode(empty))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("empty.jpeg")
        .hasMessageContaining("empty (0 bytes)");
    assertThatThrownBy(() -> decoder.decode(dir.resolve("absent.png")))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("absent.png")
        .hasMessageContaining("does not exist");

    byte[] noise = new byte[5000];
    new Random(1).nextBytes(noise);
    Path random = Files.write(dir.resolve("noise.jpeg"), noise);
    assertThatThrownBy(() -> decoder.decode(random))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("noise.jpeg")
        .hasMessageContaining("not a JPEG or PNG image");

    for (String format : new String[] {"jpg", "png"}) {
      byte[] whole = Fixtures.encode(Fixtures.fundus(300, 200, 3), format);
      Path cut = Files.write(dir.resolve("cut." + format), Arrays.copyOf(whole, whole.length / 2));
      assertThatThrownBy(() -> decoder.decode(cut))
          .as(format)
          .isInstanceOf(ImageLoadException.class)
          .hasMessageContaining("cut." + format)
          .hasMessageContaining("truncated or corrupt");
    }
  }

  @Test
  void refusesADecompressionBombFromItsHeaderBeforeReadingPixels() throws IOException {
    byte[] png = Fixtures.encode(Fixtures.solid(1, 1, 0xffffff), "png");
    // IHDR data starts at byte 16: width, height; its CRC covers bytes 12..28 and sits at 29.
    ByteBuffer buffer = ByteBuffer.wrap(png);
    buffer.putInt(16, 100_000).putInt(20, 100_000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    buffer.putInt(29, (int) crc.getValue());
    assertThatThrownBy(() -> decoder.decode(png, "bomb.png"))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("bomb.png")
        .hasMessageContaining("100000x100000 = 10000000000 pixels, above the limit of 50000000");

    byte[] small = Fixtures.encode(Fixtures.solid(200, 100, 0x808080), "png");
    assertThatThrownBy(() -> decoder.withMaxPixels(10_000).decode(small, "s.png"))
        .hasMessageContaining("20000 pixels, above the limit of 10000");
  }

  @Test
  void subsamplesLargePhotosButKeepsTheShortSideAboveTheFloor() throws IOException {
    byte[] jpeg = Fixtures.encode(Fixtures.fundus(3000, 2000, 5), "jpg");
    BufferedImage image = decoder.decode(jpeg, "big.jpeg");
    // 2000 / 512 = 3: every third pixel.
    assertThat(image.getWidth()).isEqualTo(1000);
    assertThat(image.getHeight()).isEqualTo(667);
    BufferedImage full = decoder.withMinDecodedSide(0).decode(jpeg, "big.jpeg");
    assertThat(full.getWidth()).isEqualTo(3000);
  }

  /** Encodes a solid 4-channel (CMYK) JPEG with only the black channel set. */
  private static byte[] cmykJpeg(int black) throws IOException {
    WritableRaster cmyk =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, 8, 8, 4, null);
    int[] pixel = {0, 0, 0, black};
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        cmyk.setPixel(x, y, pixel);
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

  @ParameterizedTest
  @ValueSource(ints = {0, 255})
  void rejectsCmykJpegWithAClearMessage(int black) throws IOException {
    byte[] jpeg = cmykJpeg(black);
    assertThatThrownBy(() -> decoder.decode(jpeg, "cmyk.jpg"))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("cmyk.jpg")
        .hasMessageContaining("CMYK")
        .hasMessageContaining("convert it to RGB");
  }
}
