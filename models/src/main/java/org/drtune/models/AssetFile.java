package org.drtune.models;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of an {@link AssetBundle}: where it sits relative to the bundle folder, its exact size
 * and its checksums.
 *
 * <p>At least one checksum is known. Recipes the project publishes itself carry a sha256; files
 * published by others may only come with an md5 (MedMNIST's Zenodo record does). When both are
 * given both are checked.
 *
 * @param path path relative to the bundle folder, '/'-separated, without {@code ..}
 * @param bytes exact size in bytes, not negative
 * @param sha256 lower-case hex sha256 of the content, or null when only the md5 is known
 * @param md5 lower-case hex md5 of the content, or null when the sha256 is known
 */
public record AssetFile(String path, long bytes, String sha256, String md5) {

  /** Validates the entry and lower-cases the checksums. */
  public AssetFile {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()
        || path.startsWith("/")
        || path.endsWith("/")
        || path.contains("\\")
        || ("/" + path + "/").contains("/../")
        || ("/" + path + "/").contains("/./")) {
      throw new IllegalArgumentException(
          "asset file path must be relative, '/'-separated and stay inside its folder,"
              + " got '"
              + path
              + "': write it like 'weights/conv1/7x7_s2_bias.bin'");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "asset file " + path + ": bytes must be >= 0, got " + bytes);
    }
    sha256 = hex(path, "sha256", sha256, 64);
    md5 = hex(path, "md5", md5, 32);
    if (sha256 == null && md5 == null) {
      throw new IllegalArgumentException(
          "asset file " + path + " has no checksum: give its sha256, its md5 or both");
    }
  }

  /** A file known by size and sha256 only. */
  public static AssetFile ofSha256(String path, long bytes, String sha256) {
    return new AssetFile(path, bytes, Objects.requireNonNull(sha256, "sha256"), null);
  }

  /** A file known by size and md5 only. */
  public static AssetFile ofMd5(String path, long bytes, String md5) {
    return new AssetFile(path, bytes, null, Objects.requireNonNull(md5, "md5"));
  }

  /** The checksums as one readable string, such as {@code sha256 ab12…} or {@code md5 cd34…}. */
  public String checksums() {
    if (sha256 != null && md5 != null) {
      return "sha256 " + sha256 + ", md5 " + md5;
    }
    return sha256 != null ? "sha256 " + sha256 : "md5 " + md5;
  }

  private static String hex(String path, String kind, String value, int digits) {
    if (value == null) {
      return null;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.length() != digits
        || !lower.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException(
          "asset file "
              + path
              + ": "
              + kind
              + " must be "
              + digits
              + " hex digits, got '"
              + value
              + "'");
    }
    return lower;
  }
}
