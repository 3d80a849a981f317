package org.drtune.internal.data;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.drtune.ImageLoadException;

/**
 * Decodes JPEG and PNG fundus photographs through ImageIO into {@link BufferedImage#TYPE_INT_RGB}
 * images.
 *
 * <ul>
 *   <li>grayscale (8 or 16 bit), 16-bit RGB and palette images are converted to 8-bit RGB; alpha is
 *       dropped (the stored colour is kept, not composited);
 *   <li>the declared width and height are read from the header before any pixel, and an image above
 *       {@link #maxPixels()} is refused before its pixels are allocated (a decompression bomb);
 *   <li>an image much larger than needed is read with source subsampling (every k-th pixel),
 *       keeping its short side at least {@link #minDecodedSide()}, so a 4752x3168 photo costs a
 *       fraction of its full memory;
 *   <li>4-channel CMYK and YCCK JPEGs are rejected with a message saying how to convert them
 *       (ImageIO reads some of them, but its colour conversion of files without an Adobe marker is
 *       unreliable);
 *   <li>empty, truncated and non-image files raise an {@link ImageLoadException} naming the file
 *       and the reason;
 *   <li>the EXIF orientation tag is ignored (ImageIO does not apply it): pixels are used as stored,
 *       so a photo saved sideways with an orientation tag is decoded sideways. Rotate such photos
 *       upright first, for example with {@code magick in.jpg -auto-orient out.jpg}.
 * </ul>
 *
 * <p>Instances are immutable and safe for concurrent use.
 *
 * @param maxPixels the largest width*height accepted; defaults to {@value #DEFAULT_MAX_PIXELS}
 * @param minDecodedSide the short side subsampling keeps at least, or 0 to always decode at full
 *     resolution; defaults to {@value #DEFAULT_MIN_DECODED_SIDE}
 */
public record ImageDecoder(long maxPixels, int minDecodedSide) {

  /** Default pixel limit: 50 megapixels, above the 15 megapixels of the largest EyePACS photos. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** Default short side kept when subsampling: 512, over twice the 224 input of GoogLeNet. */
  public static final int DEFAULT_MIN_DECODED_SIDE = 512;

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if {@code maxPixels < 1} or {@code minDecodedSide < 0}
   */
  public ImageDecoder {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    if (minDecodedSide < 0) {
      throw new IllegalArgumentException(
          "minDecodedSide must be 0 (no subsampling) or positive, got " + minDecodedSide);
    }
  }

  /**
   * Returns the decoder with the default limits.
   *
   * @return a decoder with {@link #DEFAULT_MAX_PIXELS} and {@link #DEFAULT_MIN_DECODED_SIDE}
   */
  public static ImageDecoder defaults() {
    return new ImageDecoder(DEFAULT_MAX_PIXELS, DEFAULT_MIN_DECODED_SIDE);
  }

  /**
   * Returns a copy with another pixel limit.
   *
   * @param pixels the largest width*height accepted
   * @return a new decoder
   */
  public ImageDecoder withMaxPixels(long pixels) {
    return new ImageDecoder(pixels, minDecodedSide);
  }

  /**
   * Returns a copy with another subsampling floor.
   *
   * @param side the short side subsampling keeps at least, or 0 for full resolution
   * @return a new decoder
   */
  public ImageDecoder withMinDecodedSide(int side) {
    return new ImageDecoder(maxPixels, side);
  }

  /**
   * Decodes an image file.
   *
   * @param file a JPEG or PNG file
   * @return the image as {@link BufferedImage#TYPE_INT_RGB}
   * @throws ImageLoadException if the file is missing, empty, not an image, corrupt, truncated,
   *     CMYK or too large
   */
  public BufferedImage decode(Path file) throws ImageLoadException {
    String source = file.toString();
    long length;
    try {
      length = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new ImageLoadException(source, "the file does not exist", e);
    } catch (IOException e) {
      throw new ImageLoadException(source, "the file cannot be read: " + e, e);
    }
    if (length == 0) {
      throw new ImageLoadException(
          source, "the file is empty (0 bytes): download or export it again");
    }
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      return decode(in, source);
    } catch (ImageLoadException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageLoadException(source, "the file cannot be read: " + e, e);
    }
  }

  /**
   * Decodes an image held in memory.
   *
   * @param bytes the encoded JPEG or PNG
   * @param source a name for messages, for example the id
   * @return the image as {@link BufferedImage#TYPE_INT_RGB}
   * @throws ImageLoadException if the bytes are empty, not an image, corrupt, truncated, CMYK or
   *     too large
   */
  public BufferedImage decode(byte[] bytes, String source) throws ImageLoadException {
    if (bytes.length == 0) {
      throw new ImageLoadException(source, "the image is empty (0 bytes)");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      return decode(in, source);
    } catch (ImageLoadException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageLoadException(source, "the image cannot be read: " + e, e);
    }
  }

  private BufferedImage decode(ImageInputStream in, String source) throws ImageLoadException {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new ImageLoadException(
          source,
          "not a JPEG or PNG image (unrecognised file header): check the "
              + "file is an image and not, for example, an HTML error page or a partial download");
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    try {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(
          new IIOReadWarningListener() {
            @Override
            public void warningOccurred(ImageReader r, String warning) {
              warnings.add(warning);
            }
          });
      String format = reader.getFormatName().toUpperCase(Locale.ROOT);
      BufferedImage image = read(reader, format, source);
      checkDecoded(image, warnings, format, source);
      return toRgb(image);
    } catch (ImageLoadException e) {
      throw e;
    } catch (IIOException e) {
      throw unreadable(e, source);
    } catch (IOException | RuntimeException e) {
      throw new ImageLoadException(
          source,
          "the image data is truncated or corrupt (" + e + "): download or export the image again",
          e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Reads the first image after checking its declared size, subsampled when it is much larger than
   * needed.
   */
  private BufferedImage read(ImageReader reader, String format, String source) throws IOException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    if (width <= 0 || height <= 0) {
      throw new ImageLoadException(
          source, "the " + format + " header declares an empty image " + width + "x" + height);
    }
    if ((long) width * height > maxPixels) {
      throw new ImageLoadException(
          source,
          "the "
              + format
              + " header declares "
              + width
              + "x"
              + height
              + " = "
              + (long) width * height
              + " pixels, above the limit of "
              + maxPixels
              + " (a possible decompression bomb): downscale the image or raise"
              + " ImageDecoder.maxPixels");
    }
    ImageReadParam param = reader.getDefaultReadParam();
    int factor = subsampling(width, height);
    if (factor > 1) {
      param.setSourceSubsampling(factor, factor, 0, 0);
    }
    return reader.read(0, param);
  }

  /** Refuses a decoded image in a 4-channel colour space, or one the reader warned about. */
  private static void checkDecoded(
      BufferedImage image, List<String> warnings, String format, String source)
      throws ImageLoadException {
    ColorModel model = image.getColorModel();
    if (model.getColorSpace().getType() == ColorSpace.TYPE_CMYK
        || model.getNumColorComponents() == 4) {
      throw new ImageLoadException(
          source,
          "unsupported colour space (a 4-channel CMYK or YCCK "
              + format
              + "; ImageIO's conversion of these is unreliable): convert it to RGB, for example "
              + "with 'magick in.jpg -colorspace sRGB out.jpg'");
    }
    if (!warnings.isEmpty()) {
      throw new ImageLoadException(
          source,
          "the "
              + format
              + " data is truncated or corrupt ("
              + String.join("; ", warnings)
              + "): download or export the image again");
    }
  }

  /** The error for an image ImageIO fails on: a CMYK or YCCK JPEG, else corrupt data. */
  private static ImageLoadException unreadable(IIOException e, String source) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unsupported Image Type") || message.contains("Unsupported JPEG")) {
      return new ImageLoadException(
          source,
          "unsupported colour space (a CMYK or YCCK JPEG, which "
              + "ImageIO cannot decode): convert it to RGB, for example with "
              + "'magick in.jpg -colorspace sRGB out.jpg'",
          e);
    }
    return new ImageLoadException(
        source,
        "the image data is truncated or corrupt ("
            + message
            + "): download or export the image again",
        e);
  }

  /**
   * Returns the largest subsampling factor keeping the short side at least {@link #minDecodedSide}.
   */
  int subsampling(int width, int height) {
    if (minDecodedSide == 0) {
      return 1;
    }
    return Math.max(1, Math.min(width, height) / minDecodedSide);
  }

  /**
   * Converts any decoded image to 8-bit {@link BufferedImage#TYPE_INT_RGB}: gray replicated to R, G
   * and B, 16-bit samples scaled to 8 bits, palettes looked up, alpha dropped.
   *
   * @param image a decoded image
   * @return the image itself if it already is {@code TYPE_INT_RGB}, else a converted copy
   */
  public static BufferedImage toRgb(BufferedImage image) {
    int type = image.getType();
    if (type == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    int width = image.getWidth();
    int height = image.getHeight();
    BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    if (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_INT_BGR) {
      Graphics2D g = rgb.createGraphics();
      try {
        g.drawImage(image, 0, 0, null);
      } finally {
        g.dispose();
      }
      return rgb;
    }
    int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    int colourBands = model.getNumColorComponents();
    int spaceType = model.getColorSpace().getType();
    boolean direct =
        !(model instanceof IndexColorModel)
            && raster.getNumBands() >= colourBands
            && (spaceType == ColorSpace.TYPE_GRAY && colourBands == 1
                || spaceType == ColorSpace.TYPE_RGB && colourBands == 3);
    if (!direct) {
      // Palettes and other colour spaces: the colour model knows the conversion.
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, out, y * width, width);
      }
      for (int i = 0; i < out.length; i++) {
        out[i] &= 0xffffff;
      }
      return rgb;
    }
    int[] max = new int[colourBands];
    for (int b = 0; b < colourBands; b++) {
      max[b] = (1 << model.getComponentSize(b)) - 1;
    }
    int[][] samples = new int[colourBands][width];
    for (int y = 0; y < height; y++) {
      for (int b = 0; b < colourBands; b++) {
        raster.getSamples(0, y, width, 1, b, samples[b]);
      }
      for (int x = 0; x < width; x++) {
        int r = scale(samples[0][x], max[0]);
        int g = colourBands == 3 ? scale(samples[1][x], max[1]) : r;
        int bl = colourBands == 3 ? scale(samples[2][x], max[2]) : r;
        out[y * width + x] = r << 16 | g << 8 | bl;
      }
    }
    return rgb;
  }

  private static int scale(int sample, int max) {
    return max == 255 ? sample & 0xff : (int) ((sample * 255L + max / 2) / max);
  }
}
