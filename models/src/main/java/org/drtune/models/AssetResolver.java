package org.drtune.models;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.drtune.models.internal.RecordCopy;

/**
 * Finds the files of an {@link AssetBundle} on disk or downloads them, and verifies every one by
 * size and checksum before handing out the folder that holds them.
 *
 * <p>Lookup order, first hit wins:
 *
 * <ol>
 *   <li>the {@linkplain #explicitFolder() explicit folder}, when set (a {@code --weights DIR}
 *       option). It is authoritative: a missing or damaged file there is an error, nothing else is
 *       searched;
 *   <li>the cache {@code <home>/<bundle folder>}, with {@code home} from {@code $DRTUNE_HOME},
 *       default {@code ~/.drtune}, when it holds every file;
 *   <li>each {@linkplain #mirrorRoots() mirror root} that holds every file at {@code <root>/<bundle
 *       folder>/<file>}: {@code $DRTUNE_MIRROR}, the {@code drtune.mirror} system property, then a
 *       folder named {@code shared} next to the working directory or next to any of its ancestors.
 *       Mirrors are used in place, never written;
 *   <li>the bundle's public download base: each file missing from the cache is downloaded into a
 *       temporary {@code .part} file in the cache folder, checked, and atomically renamed to its
 *       final name.
 * </ol>
 *
 * A file found in the explicit folder or a mirror is hashed on every resolve (the 28 MB GoogLeNet
 * takes a fraction of a second); a cache file is hashed once and then trusted while its size and
 * modification time stay the same. A file whose size is wrong is reported without hashing.
 *
 * <p>The resolver is an immutable value, safe to share; configure it with the {@code withX} copies:
 *
 * <pre>{@code
 * ResolvedAssets weights = AssetResolver.defaults()
 *     .withExplicitFolder(weightsOption)               // null when the option is absent
 *     .resolve(ModelRecipe.bvlcGoogLeNet().assets());
 * Path labels = weights.path("synset_words.txt");
 * }</pre>
 *
 * @param explicitFolder folder holding every file at its relative path, or null to search the usual
 *     places
 * @param home cache root; a bundle is cached in {@code home/<bundle folder>}
 * @param mirrors mirror roots searched before the {@code shared} siblings, in order
 * @param workingDirectory folder whose {@code shared} sibling, and its ancestors' {@code shared}
 *     siblings, are mirror roots; null to search no siblings
 * @param downloadEnabled whether missing files may be downloaded
 * @param connectTimeout how long to wait for a connection to the download server
 * @param stallTimeout how long a download may wait for the response headers or go without receiving
 *     a byte
 * @param listener receives download progress
 * @param attempts tries per file before a download fails (a broken connection, a stall or a server
 *     error is tried again, resuming the partial file; a wrong file is not)
 * @param backoff wait before the second try, doubled before every further one
 * @param downloadMirror an HTTP(S) mirror that holds every bundle at {@code <mirror>/<bundle
 *     folder>/<file>} (the layout of a mirror folder), downloaded from instead of the bundles'
 *     public addresses (which bundles without one, such as RetinaMNIST's train+val file, lack);
 *     null for none
 */
public record AssetResolver(
    Path explicitFolder,
    Path home,
    List<Path> mirrors,
    Path workingDirectory,
    boolean downloadEnabled,
    Duration connectTimeout,
    Duration stallTimeout,
    DownloadListener listener,
    int attempts,
    Duration backoff,
    URI downloadMirror) {

  /** Environment variable naming the cache root. */
  public static final String HOME_ENV = "DRTUNE_HOME";

  /**
   * Cache root under the user's home folder when {@value #HOME_ENV} is not set. Defaults to {@code
   * .drtune}.
   */
  public static final String DEFAULT_HOME_FOLDER = ".drtune";

  /** Environment variable naming mirror roots, separated by the platform's path separator. */
  public static final String MIRROR_ENV = "DRTUNE_MIRROR";

  /** System property naming mirror roots, separated by the platform's path separator. */
  public static final String MIRROR_PROPERTY = "drtune.mirror";

  /**
   * Environment variable naming an HTTP(S) download mirror laid out like a mirror folder ({@code
   * <url>/<bundle folder>/<file>}), such as a hospital network's copy of the assets.
   */
  public static final String DOWNLOAD_MIRROR_ENV = "DRTUNE_DOWNLOAD_MIRROR";

  /** System property naming the download mirror ({@value #DOWNLOAD_MIRROR_ENV} wins). */
  public static final String DOWNLOAD_MIRROR_PROPERTY = "drtune.download.mirror";

  /** Name of the sibling folder of the working directory (or an ancestor) searched as a mirror. */
  public static final String SHARED_FOLDER = "shared";

  /** Connection timeout. Defaults to 30 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Time a download may go without progress. Defaults to 60 seconds. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

  /** Tries per file. Defaults to 4. */
  public static final int DEFAULT_ATTEMPTS = 4;

  /** Wait before the second try (doubled before each further one). Defaults to 2 seconds. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(2);

  private static final int MAX_LISTED = 5;

  /**
   * The {@code org.drtune.assets} logger (the JDK's platform logging, as this module has no other
   * dependency: SLF4J applications route it with {@code slf4j-jdk-platform-logging}): at DEBUG,
   * where each bundle is looked for, where it was found and how it was verified.
   */
  private static final System.Logger LOG = System.getLogger("org.drtune.assets");

  /** Validates the configuration and copies the mirror list. */
  public AssetResolver {
    Objects.requireNonNull(home, "home: the cache folder is required, for example ~/.drtune");
    mirrors = List.copyOf(mirrors);
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("stallTimeout", stallTimeout);
    listener = listener == null ? DownloadListener.NONE : listener;
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
    if (downloadMirror != null) {
      downloadMirror = downloadMirrorUri(downloadMirror.toString());
    }
  }

  /** Checks a download mirror's address and makes it end in '/'. */
  private static URI downloadMirrorUri(String url) {
    URI u;
    try {
      u = new URI(url.endsWith("/") ? url : url + "/");
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "download mirror '" + url + "' is not a URL: " + e.getMessage(), e);
    }
    if (u.getScheme() == null
        || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException(
          "download mirror '"
              + url
              + "' must be an http:// or https:// address (set "
              + DOWNLOAD_MIRROR_ENV
              + " to the URL that holds <bundle folder>/<file>)");
    }
    return u;
  }

  /**
   * The resolver configured from the environment: cache from {@value #HOME_ENV} (default {@code
   * ~/.drtune}), mirrors from {@value #MIRROR_ENV} and the {@value #MIRROR_PROPERTY} system
   * property, {@code shared} siblings of the current working directory, downloads enabled, default
   * timeouts, no explicit folder.
   */
  public static AssetResolver defaults() {
    return fromEnvironment(
        System.getenv(),
        System.getProperties(),
        Path.of(System.getProperty("user.home")),
        Path.of("").toAbsolutePath());
  }

  /**
   * {@link #defaults()} computed from the given environment, properties, user home and working
   * directory.
   */
  static AssetResolver fromEnvironment(
      Map<String, String> env, Properties properties, Path userHome, Path cwd) {
    String homeValue = env.get(HOME_ENV);
    Path home =
        homeValue != null && !homeValue.isBlank()
            ? Path.of(homeValue)
            : userHome.resolve(DEFAULT_HOME_FOLDER);
    List<Path> mirrors = new ArrayList<>();
    mirrors.addAll(splitPaths(env.get(MIRROR_ENV)));
    mirrors.addAll(splitPaths(properties.getProperty(MIRROR_PROPERTY)));
    String web = env.get(DOWNLOAD_MIRROR_ENV);
    if (web == null || web.isBlank()) {
      web = properties.getProperty(DOWNLOAD_MIRROR_PROPERTY);
    }
    URI downloadMirror = web == null || web.isBlank() ? null : downloadMirrorUri(web.strip());
    return new AssetResolver(
        null,
        home,
        mirrors,
        cwd,
        true,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_STALL_TIMEOUT,
        DownloadListener.NONE,
        DEFAULT_ATTEMPTS,
        DEFAULT_BACKOFF,
        downloadMirror);
  }

  /** A copy that takes every bundle from {@code folder} only (null: search the usual places). */
  public AssetResolver withExplicitFolder(Path folder) {
    return RecordCopy.with(this, "explicitFolder", folder);
  }

  /** A copy with another cache root. */
  public AssetResolver withHome(Path newHome) {
    return RecordCopy.with(this, "home", newHome);
  }

  /**
   * A copy with these mirror roots instead of the configured ones ({@code shared} siblings still
   * apply).
   */
  public AssetResolver withMirrors(List<Path> newMirrors) {
    return RecordCopy.with(this, "mirrors", newMirrors);
  }

  /**
   * A copy that searches the {@code shared} siblings of {@code cwd} and its ancestors (null: none).
   */
  public AssetResolver withWorkingDirectory(Path cwd) {
    return RecordCopy.with(this, "workingDirectory", cwd);
  }

  /** A copy that may, or may not, download missing files. */
  public AssetResolver withDownloadEnabled(boolean enabled) {
    return RecordCopy.with(this, "downloadEnabled", enabled);
  }

  /** A copy with other timeouts. */
  public AssetResolver withTimeouts(Duration connect, Duration stall) {
    return RecordCopy.with(this, "connectTimeout", connect, "stallTimeout", stall);
  }

  /**
   * A copy that tries each file {@code n} times, waiting {@code firstWait}, then twice as long, ...
   */
  public AssetResolver withRetries(int n, Duration firstWait) {
    return RecordCopy.with(this, "attempts", n, "backoff", firstWait);
  }

  /**
   * A copy that downloads from the HTTP(S) mirror {@code url} ({@code <url>/<bundle
   * folder>/<file>}) instead of the bundles' public addresses; null for the public addresses.
   *
   * @throws IllegalArgumentException when {@code url} is not an http or https address
   */
  public AssetResolver withDownloadMirror(URI url) {
    return RecordCopy.with(this, "downloadMirror", url);
  }

  /** The address a file of {@code bundle} is downloaded from, or null when it has none. */
  public URI downloadUrl(AssetBundle bundle, AssetFile f) {
    if (downloadMirror != null) {
      return downloadMirror.resolve(bundle.folder() + "/" + f.path());
    }
    return bundle.downloadable() ? bundle.url(f) : null;
  }

  private boolean canDownload(AssetBundle bundle) {
    return downloadEnabled && (downloadMirror != null || bundle.downloadable());
  }

  /** A copy that reports download progress to {@code newListener} (null: no reports). */
  public AssetResolver withListener(DownloadListener newListener) {
    return RecordCopy.with(this, "listener", newListener);
  }

  /**
   * Every mirror root searched, in order: the configured {@link #mirrors()}, then for the working
   * directory and each of its ancestors {@code A} (but not the file-system root), {@code
   * A.resolveSibling("shared")}.
   */
  public List<Path> mirrorRoots() {
    Set<Path> roots = new LinkedHashSet<>();
    for (Path m : mirrors) {
      roots.add(m.toAbsolutePath().normalize());
    }
    if (workingDirectory != null) {
      for (Path a = workingDirectory.toAbsolutePath().normalize();
          a != null && a.getParent() != null;
          a = a.getParent()) {
        roots.add(a.resolveSibling(SHARED_FOLDER));
      }
    }
    return List.copyOf(roots);
  }

  /** The cache folder of a bundle: {@code home/<bundle folder>}. */
  public Path cacheFolder(AssetBundle bundle) {
    return home.resolve(bundle.folder());
  }

  /**
   * Resolves a bundle to a local folder holding every file, verified.
   *
   * @throws AssetException when a file is missing, damaged or cannot be downloaded; the message
   *     says which file, what was expected and what to do
   */
  public ResolvedAssets resolve(AssetBundle bundle) throws AssetException {
    return resolveAny(List.of(bundle));
  }

  /**
   * Resolves one file of a bundle (the other files are not looked for) and returns its verified
   * local path.
   *
   * @throws IllegalArgumentException when the bundle has no file at {@code relativePath}
   * @throws AssetException when the file is missing, damaged or cannot be downloaded
   */
  public Path resolveFile(AssetBundle bundle, String relativePath) throws AssetException {
    return resolve(bundle.only(relativePath)).path(relativePath);
  }

  /**
   * Resolves the first of several alternative bundles that is available, such as the alternatives
   * of a {@link DataRecipe}. Each place in the lookup order is searched for every alternative
   * before the next place; when none is found locally, the first downloadable alternative is
   * downloaded.
   *
   * @throws AssetException when no alternative is present and none can be downloaded, or a file is
   *     damaged
   */
  public ResolvedAssets resolveAny(List<AssetBundle> alternatives) throws AssetException {
    if (alternatives.isEmpty()) {
      throw new IllegalArgumentException("no bundle to resolve: pass at least one");
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            "resolving "
                + alternatives.stream().map(AssetBundle::name).collect(Collectors.joining(" or "))
                + (explicitFolder != null
                    ? " in the explicit folder " + explicitFolder + " only"
                    : ": cache "
                        + home
                        + ", mirrors "
                        + mirrorRoots()
                        + ", downloads "
                        + (downloadEnabled
                            ? "from "
                                + (downloadMirror != null ? downloadMirror : "the public addresses")
                            : "disabled")));
    ResolvedAssets found =
        explicitFolder != null ? resolveExplicit(alternatives) : lookUp(alternatives);
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            found.bundle().name()
                + " ("
                + found.bundle().files().size()
                + " files) from "
                + found.source().name().toLowerCase(java.util.Locale.ROOT)
                + ": "
                + found.folder());
    return found;
  }

  private ResolvedAssets lookUp(List<AssetBundle> alternatives) throws AssetException {
    for (AssetBundle bundle : alternatives) {
      ResolvedAssets cached = fromCache(bundle);
      if (cached != null) {
        return cached;
      }
    }
    for (Path root : mirrorRoots()) {
      for (AssetBundle bundle : alternatives) {
        Path folder = root.resolve(bundle.folder());
        if (allPresent(folder, bundle)) {
          for (AssetFile f : bundle.files()) {
            verify(
                folder.resolve(f.path()),
                f,
                "it comes from the mirror "
                    + root
                    + ": replace it with a good copy"
                    + downloadHint(bundle, f)
                    + ", or remove that mirror from "
                    + MIRROR_ENV
                    + " / -D"
                    + MIRROR_PROPERTY);
          }
          return new ResolvedAssets(bundle, folder, AssetSource.MIRROR);
        }
        LOG.log(
            System.Logger.Level.DEBUG,
            () -> bundle.name() + " not complete in the mirror folder " + folder);
      }
    }
    for (AssetBundle bundle : alternatives) {
      if (canDownload(bundle)) {
        return download(bundle);
      }
    }
    throw notFound(alternatives);
  }

  /** The bundle from the cache when every file is there (verified), else null. */
  private ResolvedAssets fromCache(AssetBundle bundle) throws AssetException {
    Path cache = cacheFolder(bundle);
    if (!allPresent(cache, bundle)) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () ->
              Files.isDirectory(cache)
                  ? bundle.name()
                      + " not complete in the cache "
                      + cache
                      + " (missing "
                      + listed(missing(cache, bundle))
                      + ")"
                  : bundle.name() + " not in the cache (no " + cache + ")");
      return null;
    }
    VerifiedStamps stamps = VerifiedStamps.read(cache);
    int hashed = 0;
    for (AssetFile f : bundle.files()) {
      hashed += verifyCached(cache, bundle, f, stamps) ? 1 : 0;
    }
    stamps.save();
    int h = hashed;
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            bundle.name()
                + " in the cache: "
                + h
                + " file(s) hashed, "
                + (bundle.files().size() - h)
                + " known good by the stamp of their last verification");
    return new ResolvedAssets(bundle, cache, AssetSource.CACHE);
  }

  private ResolvedAssets resolveExplicit(List<AssetBundle> alternatives) throws AssetException {
    if (!Files.isDirectory(explicitFolder)) {
      throw new AssetException(
          AssetException.Reason.MISSING,
          "the explicit folder "
              + explicitFolder
              + " does not exist or is not a folder: pass the folder that holds "
              + alternatives.get(0).files().get(0).path()
              + " (and the other files of "
              + alternatives.get(0).name()
              + " at their relative paths)");
    }
    for (AssetBundle bundle : alternatives) {
      if (allPresent(explicitFolder, bundle)) {
        for (AssetFile f : bundle.files()) {
          verify(
              explicitFolder.resolve(f.path()),
              f,
              "the explicit folder "
                  + explicitFolder
                  + " must hold the recipe's files: replace this one with a good copy"
                  + downloadHint(bundle, f)
                  + ", or pass the right folder");
        }
        return new ResolvedAssets(bundle, explicitFolder, AssetSource.EXPLICIT);
      }
    }
    StringBuilder sb =
        new StringBuilder("the explicit folder " + explicitFolder + " does not hold ");
    sb.append(alternatives.size() == 1 ? "every file of " : "every file of any of ");
    sb.append(alternatives.stream().map(AssetBundle::name).collect(Collectors.joining(", ")));
    for (AssetBundle bundle : alternatives) {
      List<String> missing = missing(explicitFolder, bundle);
      sb.append("; ")
          .append(bundle.name())
          .append(" is missing ")
          .append(missing.size())
          .append(" of ")
          .append(bundle.files().size())
          .append(" files: ")
          .append(listed(missing));
    }
    for (AssetBundle bundle : alternatives) {
      Path nested = explicitFolder.resolve(bundle.folder());
      if (allPresent(nested, bundle)) {
        sb.append(". It looks like a mirror root: did you mean ").append(nested).append('?');
        break;
      }
    }
    sb.append(
            ". Pass the folder that holds the files at these relative paths (it is used alone: the"
                + " cache, ")
        .append("mirrors and downloads are not tried), or drop the option to use the cache ")
        .append(home);
    throw new AssetException(AssetException.Reason.MISSING, sb.toString());
  }

  /** Verifies a cached file: true when it was hashed, false when its stamp vouched for it. */
  private boolean verifyCached(Path cache, AssetBundle bundle, AssetFile f, VerifiedStamps stamps)
      throws AssetException {
    Path file = cache.resolve(f.path());
    String fix =
        "it is in the cache: delete "
            + file
            + " and run again to download it again"
            + (bundle.downloadable() ? "" : " (or copy a good one there)");
    long size = checkSize(file, f, fix);
    if (size == f.bytes() && stamps.isVerified(file, f)) {
      return false;
    }
    verify(file, f, fix);
    try {
      stamps.markVerified(file, f);
    } catch (IOException e) {
      // the stamp only saves time; the file itself is verified
    }
    return true;
  }

  /** Checks size, then checksums; {@code fix} says what the user should do about a bad file. */
  private static void verify(Path file, AssetFile f, String fix) throws AssetException {
    checkSize(file, f, fix);
    String mismatch;
    try {
      mismatch = Checksums.of(file, f).mismatch(f);
    } catch (IOException e) {
      throw new AssetException(
          AssetException.Reason.IO_ERROR,
          "cannot read " + file + " to verify it: " + e + "; check its permissions",
          e);
    }
    if (mismatch != null) {
      throw new AssetException(
          AssetException.Reason.CHECKSUM_MISMATCH,
          "file "
              + file
              + " is damaged or a different"
              + " version: "
              + mismatch
              + " (size "
              + f.bytes()
              + " bytes is right); "
              + fix);
    }
  }

  private static long checkSize(Path file, AssetFile f, String fix) throws AssetException {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new AssetException(
          AssetException.Reason.MISSING,
          "file "
              + file
              + " is missing or unreadable ("
              + e
              + "); expected "
              + f.bytes()
              + " bytes with "
              + f.checksums()
              + "; "
              + fix,
          e);
    }
    if (size != f.bytes()) {
      throw new AssetException(
          AssetException.Reason.SIZE_MISMATCH,
          "file "
              + file
              + " has "
              + size
              + " bytes, expected "
              + f.bytes()
              + " bytes with "
              + f.checksums()
              + " (not hashed: the size already"
              + " differs); "
              + fix);
    }
    return size;
  }

  private ResolvedAssets download(AssetBundle bundle) throws AssetException {
    Path cache = cacheFolder(bundle);
    Downloader.createCacheFolder(
        cache, "create the cache folder " + cache + " to download " + bundle.name() + " into");
    VerifiedStamps stamps = VerifiedStamps.read(cache);
    List<AssetFile> toFetch = new ArrayList<>();
    for (AssetFile f : bundle.files()) {
      if (Files.exists(cache.resolve(f.path()))) {
        verifyCached(cache, bundle, f, stamps);
      } else {
        toFetch.add(f);
      }
    }
    long total = toFetch.stream().mapToLong(AssetFile::bytes).sum();
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            "downloading "
                + toFetch.size()
                + " of "
                + bundle.files().size()
                + " files of "
                + bundle.name()
                + " ("
                + total
                + " bytes) into "
                + cache
                + " from "
                + (downloadMirror != null ? downloadMirror : "its public addresses"));
    BundleProgress progress = new BundleProgress(listener, bundle.name(), total);
    try (Downloader downloader = new Downloader(connectTimeout, stallTimeout, attempts, backoff)) {
      for (AssetFile f : toFetch) {
        Path target = cache.resolve(f.path());
        LOG.log(
            System.Logger.Level.DEBUG,
            () -> "downloading " + downloadUrl(bundle, f) + " (" + f.bytes() + " bytes)");
        downloader.download(f, downloadUrl(bundle, f), target, progress);
        try {
          stamps.markVerified(target, f);
        } catch (IOException e) {
          // the stamp only saves time
        }
      }
    } finally {
      stamps.save();
    }
    return new ResolvedAssets(bundle, cache, AssetSource.DOWNLOAD);
  }

  private AssetException notFound(List<AssetBundle> alternatives) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        alternatives.size() == 1
            ? alternatives.get(0).name() + " was not found"
            : "none of "
                + alternatives.stream().map(AssetBundle::name).collect(Collectors.joining(", "))
                + " was found");
    sb.append(": looked in the cache ");
    sb.append(
        alternatives.stream()
            .map(this::cacheFolder)
            .distinct()
            .map(Path::toString)
            .collect(Collectors.joining(", ")));
    List<Path> roots = mirrorRoots();
    sb.append(" and ")
        .append(
            roots.isEmpty()
                ? "no mirror"
                : "the mirrors "
                    + roots.stream().map(Path::toString).collect(Collectors.joining(", ")))
        .append(" (each holding <mirror>/<bundle folder>/<file>)");
    boolean anyDownloadable = alternatives.stream().anyMatch(AssetBundle::downloadable);
    sb.append(anyDownloadable ? "; downloads are disabled" : "; it has no public download address");
    AssetBundle first = alternatives.get(0);
    sb.append(". Put the files in ")
        .append(cacheFolder(first))
        .append(" (for example ")
        .append(first.files().get(0).path())
        .append("), set ")
        .append(MIRROR_ENV)
        .append(" to a mirror folder or ")
        .append(DOWNLOAD_MIRROR_ENV)
        .append(" to a web copy laid out the same way, or pass the folder that holds them")
        .append(" explicitly");
    if (anyDownloadable && !downloadEnabled) {
      sb.append(", or enable downloads");
    }
    return new AssetException(AssetException.Reason.MISSING, sb.toString());
  }

  private static String downloadHint(AssetBundle bundle, AssetFile f) {
    return bundle.downloadable() ? " (from " + bundle.url(f) + ")" : "";
  }

  private static boolean allPresent(Path folder, AssetBundle bundle) {
    return bundle.files().stream().allMatch(f -> Files.isRegularFile(folder.resolve(f.path())));
  }

  private static List<String> missing(Path folder, AssetBundle bundle) {
    return bundle.files().stream()
        .map(AssetFile::path)
        .filter(p -> !Files.isRegularFile(folder.resolve(p)))
        .toList();
  }

  private static String listed(List<String> paths) {
    String head = paths.stream().limit(MAX_LISTED).collect(Collectors.joining(", "));
    return paths.size() > MAX_LISTED
        ? head + " and " + (paths.size() - MAX_LISTED) + " more"
        : head;
  }

  private static List<Path> splitPaths(String value) {
    List<Path> paths = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(File.pathSeparator)) {
        if (!part.isBlank()) {
          paths.add(Path.of(part.trim()));
        }
      }
    }
    return paths;
  }

  private static void requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          name + " must be positive, got " + d + ": use for example Duration.ofSeconds(30)");
    }
  }
}
