package org.drtune.internal.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The sha256 digests of the model contract, as lower-case hex: of a variable's values (its float32
 * little-endian bytes, as model cards record them), of a file (a member's model card, pinned by the
 * ensemble card), of bytes and of text (cache keys, backbone checksums).
 */
public final class Digests {
  private Digests() {}

  /** sha256 of the float32 little-endian bytes of {@code values}. */
  public static String sha256(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return sha256(b.array());
  }

  /** sha256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** sha256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** sha256 of a file's bytes, streamed. */
  public static String sha256(Path file) throws IOException {
    MessageDigest d = digest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        d.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this JVM lacks SHA-256, which every Java SE platform must provide", e);
    }
  }
}
