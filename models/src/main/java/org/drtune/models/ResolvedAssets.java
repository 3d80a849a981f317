package org.drtune.models;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A bundle whose every file is present and verified in a local folder.
 *
 * @param bundle the bundle that was resolved (for a list of alternatives, the one that was found)
 * @param folder the folder holding every file of the bundle at its relative path
 * @param source where the folder came from
 */
public record ResolvedAssets(AssetBundle bundle, Path folder, AssetSource source) {

  /** Checks that no component is null. */
  public ResolvedAssets {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The local path of a file of the bundle.
   *
   * @throws IllegalArgumentException when the bundle has no such file
   */
  public Path path(String relativePath) {
    return folder.resolve(bundle.requireFile(relativePath).path());
  }
}
