package org.drtune.models;

/** Where {@link AssetResolver} found a bundle. */
public enum AssetSource {
  /** The folder the user passed explicitly (a {@code --weights DIR} option). */
  EXPLICIT,
  /** The cache under {@code $DRTUNE_HOME}, already complete before this run. */
  CACHE,
  /** A read-only mirror folder laid out like the download site, used in place. */
  MIRROR,
  /** The cache, after downloading at least one missing file into it during this run. */
  DOWNLOAD
}
