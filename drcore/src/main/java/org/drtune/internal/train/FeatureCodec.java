package org.drtune.internal.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.drtune.features.CacheDtype;

/**
 * How cached features are stored: little-endian float32, or IEEE 754 half precision rounded to the
 * nearest even. The feature cache writes and reads them so; feature providers encode with it.
 */
public final class FeatureCodec {
  private FeatureCodec() {}

  /** {@code values} as the cache stores them: little-endian float32, or float16 (nearest even). */
  public static byte[] encode(float[] values, CacheDtype dtype) {
    ByteBuffer buf =
        ByteBuffer.allocate(Math.multiplyExact(values.length, dtype.bytes()))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      if (dtype == CacheDtype.FLOAT32) {
        buf.putFloat(v);
      } else {
        buf.putShort(toHalf(v));
      }
    }
    return buf.array();
  }

  /** The floats of {@link #encode}'s output. */
  public static float[] decode(byte[] bytes, CacheDtype dtype) {
    if (bytes.length % dtype.bytes() != 0) {
      throw new IllegalArgumentException(
          bytes.length + " bytes are not a whole number of " + dtype + " values");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.length / dtype.bytes()];
    for (int i = 0; i < v.length; i++) {
      v[i] = dtype == CacheDtype.FLOAT32 ? b.getFloat() : fromHalf(b.getShort());
    }
    return v;
  }

  /** IEEE 754 half precision from a float, rounding to nearest even. */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      mant |= 0x800000;
      int shift = 14 - e;
      int half = mant >> shift;
      int rem = mant & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
      half++;
    }
    return (short) (sign | half);
  }

  /** A float from IEEE 754 half precision. */
  static float fromHalf(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float v = mant / 1024f / 16384f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
