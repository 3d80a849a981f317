package org.drtune.models;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A set of files that belong together (a model's weights, a data set), found under one relative
 * folder of the cache and of a mirror, and optionally downloadable from one public base URL.
 *
 * <p>A mirror and the cache share the layout of the download site: file {@code f} of a bundle with
 * folder {@code models/bvlc_googlenet} is {@code <root>/models/bvlc_googlenet/f}. Resolve a bundle
 * to a verified local folder with {@link AssetResolver}.
 *
 * @param name short name used in messages, such as {@code bvlc_googlenet}
 * @param folder relative, '/'-separated folder under a mirror or the cache, such as {@code
 *     models/bvlc_googlenet}; a trailing '/' is dropped
 * @param downloadBase public URL ending in '/' that holds every file at its relative path, or null
 *     when the bundle cannot be downloaded and must be found on disk
 * @param files the files, at least one, with distinct paths
 */
public record AssetBundle(String name, String folder, String downloadBase, List<AssetFile> files) {

  /**
   * Validates the bundle, drops a trailing '/' from the folder and makes the file list immutable.
   */
  public AssetBundle {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(folder, "folder");
    while (folder.endsWith("/")) {
      folder = folder.substring(0, folder.length() - 1);
    }
    if (folder.isEmpty()
        || folder.startsWith("/")
        || folder.contains("\\")
        || ("/" + folder + "/").contains("/../")
        || ("/" + folder + "/").contains("/./")) {
      throw new IllegalArgumentException(
          "bundle "
              + name
              + ": folder must be a relative '/'-separated path such as"
              + " 'models/bvlc_googlenet', got '"
              + folder
              + "'");
    }
    if (downloadBase != null && !downloadBase.endsWith("/")) {
      throw new IllegalArgumentException(
          "bundle " + name + ": downloadBase must end with '/', got " + downloadBase);
    }
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("bundle " + name + " has no files: list at least one");
    }
    Set<String> seen = new HashSet<>();
    for (AssetFile f : files) {
      if (!seen.add(f.path())) {
        throw new IllegalArgumentException(
            "bundle " + name + " lists " + f.path() + " twice: keep one entry");
      }
    }
  }

  /** Whether the bundle has a public download base. */
  public boolean downloadable() {
    return downloadBase != null;
  }

  /** The file with this relative path, if the bundle has it. */
  public Optional<AssetFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /**
   * The file with this relative path; fails naming the bundle and an example path when it is
   * missing.
   */
  public AssetFile requireFile(String path) {
    return file(path)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "bundle "
                        + name
                        + " has no file '"
                        + path
                        + "'; it has "
                        + files.size()
                        + " files such as "
                        + files.get(0).path()));
  }

  /**
   * A bundle with the same name, folder and download base that holds only the file at {@code path}.
   */
  public AssetBundle only(String path) {
    return new AssetBundle(name, folder, downloadBase, List.of(requireFile(path)));
  }

  /** Total size of all files in bytes. */
  public long totalBytes() {
    return files.stream().mapToLong(AssetFile::bytes).sum();
  }

  /**
   * The download URL of a file of this bundle, each path segment percent-encoded.
   *
   * @throws IllegalStateException when the bundle has no download base
   */
  public URI url(AssetFile file) {
    if (downloadBase == null) {
      throw new IllegalStateException(
          "bundle " + name + " has no download base: it can only be found on disk");
    }
    StringBuilder sb = new StringBuilder(downloadBase);
    String[] segments = file.path().split("/");
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(encodeSegment(segments[i]));
    }
    return URI.create(sb.toString());
  }

  private static String encodeSegment(String segment) {
    StringBuilder sb = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
