package org.drtune.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streaming sha256 and md5 of a file or a byte stream, computing only the digests a file spec asks
 * for.
 */
final class Checksums {

  private static final int BUFFER = 1 << 16;

  private final MessageDigest sha256;
  private final MessageDigest md5;

  /** Digests for the checksums {@code spec} has. */
  Checksums(AssetFile spec) {
    this.sha256 = spec.sha256() != null ? digest("SHA-256") : null;
    this.md5 = spec.md5() != null ? digest("MD5") : null;
  }

  /** Adds bytes to every digest. */
  void update(byte[] buffer, int offset, int length) {
    if (sha256 != null) {
      sha256.update(buffer, offset, length);
    }
    if (md5 != null) {
      md5.update(buffer, offset, length);
    }
  }

  /** Adds a whole file to every digest; returns how many bytes it read. */
  long update(Path file) throws IOException {
    long bytes = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        update(buffer, 0, n);
        bytes += n;
      }
    }
    return bytes;
  }

  /** Hashes a whole file. */
  static Checksums of(Path file, AssetFile spec) throws IOException {
    Checksums c = new Checksums(spec);
    c.update(file);
    return c;
  }

  /**
   * Compares with the spec; returns null when every known checksum matches, else a text such as
   * {@code "sha256 is ab…, expected cd…"}. Finishes the digests: call once.
   */
  String mismatch(AssetFile spec) {
    StringBuilder sb = new StringBuilder();
    if (sha256 != null) {
      String actual = HexFormat.of().formatHex(sha256.digest());
      if (!actual.equals(spec.sha256())) {
        sb.append("sha256 is ").append(actual).append(", expected ").append(spec.sha256());
      }
    }
    if (md5 != null) {
      String actual = HexFormat.of().formatHex(md5.digest());
      if (!actual.equals(spec.md5())) {
        sb.append(sb.length() > 0 ? "; " : "")
            .append("md5 is ")
            .append(actual)
            .append(", expected ")
            .append(spec.md5());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this JVM lacks " + algorithm + ", which every Java SE platform must provide", e);
    }
  }
}
