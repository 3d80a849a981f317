package org.drtune.internal.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drtune.DatasetException;

/**
 * One numpy {@code .npy} array: its dtype, shape and raw little-endian data. Parsed by hand (magic,
 * version 1, 2 or 3, the header dict); only C-order integer arrays are accepted.
 */
final class NpyArray {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final String name;
  private final String descr;
  private final int itemSize;
  private final boolean signed;
  private final long[] shape;
  private final ByteBuffer data;

  private NpyArray(
      String name, String descr, int itemSize, boolean signed, long[] shape, ByteBuffer data) {
    this.name = name;
    this.descr = descr;
    this.itemSize = itemSize;
    this.signed = signed;
    this.shape = shape;
    this.data = data;
  }

  /**
   * Parses a whole {@code .npy} file: the preamble, the header dict (dtype, order, shape), then the
   * data, checked in that order.
   *
   * @param name the array's name, for messages
   * @param bytes the file's bytes
   */
  static NpyArray parse(String name, byte[] bytes) throws DatasetException {
    Preamble preamble = Preamble.of(name, bytes);
    String header = preamble.header(bytes);
    String descr = group(name, header, DESCR, "descr");
    if (group(name, header, FORTRAN, "fortran_order").equals("True")) {
      throw new DatasetException(
          "array "
              + name
              + " is stored in Fortran order; expected C order: re-save "
              + "it with numpy.ascontiguousarray");
    }
    long[] shape = parseShape(name, group(name, header, SHAPE, "shape"));
    Dtype dtype = Dtype.of(name, descr);
    ByteBuffer data = data(name, bytes, preamble.dataStart(), shape, descr, dtype.itemSize());
    return new NpyArray(name, descr, dtype.itemSize(), dtype.signed(), shape, data);
  }

  /**
   * The part of a {@code .npy} file before its header dict: the format version and where the header
   * lies.
   *
   * @param major the format version, 1, 2 or 3
   * @param headerStart the offset of the header dict
   * @param headerLength the header dict's length in bytes
   */
  private record Preamble(int major, int headerStart, int headerLength) {

    /** Reads the magic, the version and the header length, and checks the header is all there. */
    static Preamble of(String name, byte[] bytes) throws DatasetException {
      if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
        throw new DatasetException(
            "array "
                + name
                + " is not a numpy .npy array (the \\x93NUMPY magic is "
                + "missing): write it with numpy.save or numpy.savez");
      }
      int major = bytes[6] & 0xff;
      ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int headerLength;
      int headerStart;
      if (major == 1) {
        headerLength = buffer.getShort(8) & 0xffff;
        headerStart = 10;
      } else if (major == 2 || major == 3) {
        if (bytes.length < 12) {
          throw new DatasetException("array " + name + " is truncated inside its header");
        }
        headerLength = buffer.getInt(8);
        headerStart = 12;
      } else {
        throw new DatasetException(
            "array "
                + name
                + " uses .npy format version "
                + major
                + "; expected "
                + "version 1, 2 or 3: re-save it with a current numpy");
      }
      if (headerLength < 0 || headerStart + (long) headerLength > bytes.length) {
        throw new DatasetException(
            "array "
                + name
                + " is truncated: its header declares "
                + headerLength
                + " bytes but the file has "
                + (bytes.length - headerStart)
                + " after the preamble");
      }
      return new Preamble(major, headerStart, headerLength);
    }

    /** The header dict's text (UTF-8 from version 3, Latin-1 before). */
    String header(byte[] bytes) {
      return new String(
          bytes,
          headerStart,
          headerLength,
          major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** The offset of the first data byte. */
    long dataStart() {
      return headerStart + (long) headerLength;
    }
  }

  /**
   * An accepted dtype: a little-endian (or single-byte) integer.
   *
   * @param itemSize bytes per element
   * @param signed whether elements are signed
   */
  private record Dtype(int itemSize, boolean signed) {

    /** The dtype of a {@code descr} string; refuses anything but little-endian integers. */
    static Dtype of(String name, String descr) throws DatasetException {
      return switch (descr) {
        case "|u1", "<u1", "u1", "|b1" -> new Dtype(1, false);
        case "|i1", "<i1", "i1" -> new Dtype(1, true);
        case "<u2" -> new Dtype(2, false);
        case "<i2" -> new Dtype(2, true);
        case "<u4" -> new Dtype(4, false);
        case "<i4" -> new Dtype(4, true);
        case "<u8" -> new Dtype(8, false);
        case "<i8" -> new Dtype(8, true);
        default ->
            throw new DatasetException(
                "array "
                    + name
                    + " has unsupported dtype '"
                    + descr
                    + "'; expected little-endian integers (uint8 images, uint8/int64 labels):"
                    + " convert it with array.astype(numpy.uint8)");
      };
    }
  }

  /** The data after the header, which must be exactly {@code shape}'s elements of the dtype. */
  private static ByteBuffer data(
      String name, byte[] bytes, long dataStart, long[] shape, String descr, int itemSize)
      throws DatasetException {
    long count = 1;
    for (long dim : shape) {
      count = Math.multiplyExact(count, dim);
    }
    long expected = Math.multiplyExact(count, itemSize);
    if (bytes.length - dataStart != expected) {
      throw new DatasetException(
          "array "
              + name
              + " with shape "
              + Arrays.toString(shape)
              + " and dtype "
              + descr
              + " needs "
              + expected
              + " data bytes but the file holds "
              + (bytes.length - dataStart)
              + ": the file is truncated or corrupt, download it again");
    }
    return ByteBuffer.wrap(bytes, (int) dataStart, (int) expected)
        .slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String group(String name, String header, Pattern pattern, String key)
      throws DatasetException {
    Matcher matcher = pattern.matcher(header);
    if (!matcher.find()) {
      throw new DatasetException(
          "array "
              + name
              + " has a malformed .npy header without '"
              + key
              + "': "
              + header.strip());
    }
    return matcher.group(1);
  }

  private static long[] parseShape(String name, String text) throws DatasetException {
    String[] parts = text.split(",");
    long[] dims = new long[parts.length];
    int rank = 0;
    for (String part : parts) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        dims[rank++] =
            Long.parseLong(
                trimmed.endsWith("L") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
      } catch (NumberFormatException e) {
        throw new DatasetException("array " + name + " has a malformed shape (" + text + ")", e);
      }
    }
    return Arrays.copyOf(dims, rank);
  }

  String name() {
    return name;
  }

  String descr() {
    return descr;
  }

  int itemSize() {
    return itemSize;
  }

  long[] shape() {
    return shape.clone();
  }

  /** Returns element {@code i} (flat, C order) as a long. */
  long getLong(int i) {
    return switch (itemSize) {
      case 1 -> signed ? data.get(i) : data.get(i) & 0xffL;
      case 2 -> signed ? data.getShort(i * 2) : data.getShort(i * 2) & 0xffffL;
      case 4 -> signed ? data.getInt(i * 4) : data.getInt(i * 4) & 0xffffffffL;
      default -> data.getLong(i * 8);
    };
  }

  /** Copies the data of a one-byte array. */
  byte[] bytes() {
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return copy;
  }
}
