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
   * Parses a whole {@code .npy} file.
   *
   * @param name the array's name, for messages
   * @param bytes the file's bytes
   */
  static NpyArray parse(String name, byte[] bytes) throws DatasetException {
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
    String header =
        new String(
            bytes,
            headerStart,
            headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(name, header, DESCR, "descr");
    if (group(name, header, FORTRAN, "fortran_order").equals("True")) {
      throw new DatasetException(
          "array "
              + name
              + " is stored in Fortran order; expected C order: re-save "
              + "it with numpy.ascontiguousarray");
    }
    long[] shape = parseShape(name, group(name, header, SHAPE, "shape"));
    int itemSize;
    boolean signed;
    switch (descr) {
      case "|u1", "<u1", "u1", "|b1" -> {
        itemSize = 1;
        signed = false;
      }
      case "|i1", "<i1", "i1" -> {
        itemSize = 1;
        signed = true;
      }
      case "<u2" -> {
        itemSize = 2;
        signed = false;
      }
      case "<i2" -> {
        itemSize = 2;
        signed = true;
      }
      case "<u4" -> {
        itemSize = 4;
        signed = false;
      }
      case "<i4" -> {
        itemSize = 4;
        signed = true;
      }
      case "<u8" -> {
        itemSize = 8;
        signed = false;
      }
      case "<i8" -> {
        itemSize = 8;
        signed = true;
      }
      default ->
          throw new DatasetException(
              "array "
                  + name
                  + " has unsupported dtype '"
                  + descr
                  + "'; expected little-endian integers (uint8 images, uint8/int64 labels): convert"
                  + " it with array.astype(numpy.uint8)");
    }
    long count = 1;
    for (long dim : shape) {
      count = Math.multiplyExact(count, dim);
    }
    long dataStart = headerStart + (long) headerLength;
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
    ByteBuffer data =
        ByteBuffer.wrap(bytes, (int) dataStart, (int) expected)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    return new NpyArray(name, descr, itemSize, signed, shape, data);
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
