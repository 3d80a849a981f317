package org.drtune.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetResolverTest {

  private static final String FOLDER = "models/tiny";

  @TempDir Path tmp;

  private TestFileServer server;
  private Path home;
  private byte[] small;
  private byte[] large;
  private byte[] good;

  @BeforeEach
  void startServer() throws IOException {
    Random random = new Random(42);
    small = new byte[1000];
    random.nextBytes(small);
    large = new byte[2_500_000];
    random.nextBytes(large);
    good = "the recipe's content".getBytes();
    byte[] corrupted = good.clone();
    corrupted[3] ^= 1;
    server =
        new TestFileServer()
            .serve("small.bin", small)
            .serve("sub/large.bin", large)
            .serve("corrupt.bin", corrupted)
            .serve("short.bin", new byte[] {1, 2, 3})
            .serve("md5.bin", good)
            .serveStalling("stall.bin", large);
    home = tmp.resolve("home");
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A resolver that sees only the test's folders: no environment mirrors, no shared siblings. */
  private AssetResolver resolver() {
    return new AssetResolver(
        null,
        home,
        List.of(),
        null,
        true,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        null,
        1,
        Duration.ofMillis(10),
        null);
  }

  private AssetBundle bundle(AssetFile... files) {
    return new AssetBundle("tiny", FOLDER, server.base(), List.of(files));
  }

  private static AssetFile sha(String path, byte[] content) {
    return AssetFile.ofSha256(path, content.length, hex("SHA-256", content));
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void downloadsMissingFilesIntoTheCacheAndReportsProgress() throws Exception {
    List<DownloadListener.Progress> reports = new ArrayList<>();
    AssetBundle bundle = bundle(sha("small.bin", small), sha("sub/large.bin", large));

    ResolvedAssets resolved = resolver().withListener(reports::add).resolve(bundle);

    assertThat(resolved.source()).isEqualTo(AssetSource.DOWNLOAD);
    assertThat(resolved.folder()).isEqualTo(home.resolve(FOLDER));
    assertThat(resolved.path("sub/large.bin")).hasBinaryContent(large);
    assertThat(resolved.path("small.bin")).hasBinaryContent(small);
    assertThat(regularFiles(home)).noneMatch(p -> p.toString().endsWith(".part"));
    assertThat(server.requests("small.bin")).isEqualTo(1);
    assertThat(server.requests("sub/large.bin")).isEqualTo(1);
    long total = small.length + large.length;
    assertThat(reports)
        .isNotEmpty()
        .allMatch(p -> p.bundleBytesTotal() == total && p.bundle().equals("tiny"));
    List<Long> largeDone =
        reports.stream()
            .filter(p -> p.file().equals("sub/large.bin"))
            .map(DownloadListener.Progress::fileBytesDone)
            .toList();
    assertThat(largeDone)
        .as("about one report per MiB, then one at the end")
        .hasSize(3)
        .isSorted()
        .endsWith((long) large.length);
    assertThat(reports.get(reports.size() - 1).bundleBytesDone()).isEqualTo(total);

    ResolvedAssets again = resolver().resolve(bundle);
    assertThat(again.source()).isEqualTo(AssetSource.CACHE);
    assertThat(server.totalRequests()).isEqualTo(2);
  }

  @Test
  void aGoodCachedFileIsNotDownloadedAgain() throws Exception {
    write(home.resolve(FOLDER).resolve("small.bin"), small);

    ResolvedAssets resolved =
        resolver().resolve(bundle(sha("small.bin", small), sha("sub/large.bin", large)));

    assertThat(resolved.source()).isEqualTo(AssetSource.DOWNLOAD);
    assertThat(server.requests("small.bin")).isZero();
    assertThat(server.requests("sub/large.bin")).isEqualTo(1);
  }

  @Test
  void aCorruptedDownloadFailsWithBothHashesAndLeavesNoFile() {
    AssetFile spec = sha("corrupt.bin", good);
    byte[] served = good.clone();
    served[3] ^= 1;

    AssetException e =
        catchThrowableOfType(() -> resolver().resolve(bundle(spec)), AssetException.class);

    assertThat(e.reason()).isEqualTo(AssetException.Reason.CHECKSUM_MISMATCH);
    assertThat(e)
        .hasMessageContaining("corrupt.bin")
        .hasMessageContaining(server.base() + "corrupt.bin")
        .hasMessageContaining("sha256 is " + hex("SHA-256", served) + ", expected " + spec.sha256())
        .hasMessageContaining("size " + good.length + " bytes is right")
        .hasMessageContaining("download it yourself");
    assertThat(home.resolve(FOLDER).resolve("corrupt.bin")).doesNotExist();
    assertThat(home.resolve(FOLDER)).isEmptyDirectory();
  }

  @Test
  void aDownloadOfTheWrongSizeFailsAndLeavesNoFile() {
    AssetException e =
        catchThrowableOfType(
            () -> resolver().resolve(bundle(sha("short.bin", good))), AssetException.class);

    assertThat(e.reason()).isEqualTo(AssetException.Reason.SIZE_MISMATCH);
    assertThat(e).hasMessageContaining("has 3 bytes, expected " + good.length + " bytes");
    assertThat(home.resolve(FOLDER)).isEmptyDirectory();
  }

  @Test
  void aMissingRemoteFileFailsNamingTheStatusAndUrl() {
    AssetException e =
        catchThrowableOfType(
            () -> resolver().resolve(bundle(sha("gone.bin", good))), AssetException.class);

    assertThat(e.reason()).isEqualTo(AssetException.Reason.DOWNLOAD_FAILED);
    assertThat(e)
        .hasMessageContaining(
            "could not download gone.bin from " + server.base() + "gone.bin: HTTP 404")
        .hasMessageContaining("DRTUNE_HOME");
    assertThat(home.resolve(FOLDER)).isEmptyDirectory();
  }

  @Test
  void filesKnownOnlyByMd5AreVerifiedByMd5() throws Exception {
    AssetFile right = AssetFile.ofMd5("md5.bin", good.length, hex("MD5", good));
    assertThat(resolver().resolve(bundle(right)).path("md5.bin")).hasBinaryContent(good);

    AssetFile wrong = AssetFile.ofMd5("corrupt.bin", good.length, hex("MD5", good));
    assertThatThrownBy(() -> resolver().resolve(bundle(wrong)))
        .hasMessageContaining("md5 is ")
        .hasMessageContaining("expected " + hex("MD5", good));
  }

  @Test
  void noServerFailsWithTheReasonAndWhatToDo() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + closedPort + "/files/";
    AssetBundle bundle = new AssetBundle("tiny", FOLDER, base, List.of(sha("small.bin", small)));

    assertThatThrownBy(() -> resolver().resolve(bundle))
        .isInstanceOf(AssetException.class)
        .hasMessageContaining("could not download small.bin from " + base + "small.bin: ")
        .hasMessageContaining("ConnectException")
        .hasMessageContaining("download it yourself")
        .hasMessageContaining("--weights DIR");
  }

  @Test
  void aStalledDownloadFailsAfterTheStallTimeout() {
    AssetResolver impatient =
        resolver().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
    long start = System.nanoTime();

    AssetException e =
        catchThrowableOfType(
            () -> impatient.resolve(bundle(sha("stall.bin", large))), AssetException.class);

    assertThat(e.reason()).isEqualTo(AssetException.Reason.DOWNLOAD_FAILED);
    assertThat(e)
        .hasMessageContaining("no data for 300 ms")
        .hasMessageContaining("next run resumes it");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    // the half that arrived is kept for the next run, never taken for the file
    assertThat(home.resolve(FOLDER).resolve("stall.bin")).doesNotExist();
    assertThat(home.resolve(FOLDER).resolve("stall.bin.part")).hasSize(large.length / 2);
  }

  @Test
  void aBrokenTransferIsTriedAgainAndResumedFromThePartialFile() throws Exception {
    server.serveBreakingOnce("flaky.bin", large);
    List<String> retries = new java.util.ArrayList<>();
    AssetResolver patient =
        resolver()
            .withRetries(3, Duration.ofMillis(20))
            .withListener(
                new DownloadListener() {
                  @Override
                  public void progress(Progress p) {}

                  @Override
                  public void retrying(
                      String file, int attempt, int attempts, Duration wait, String reason) {
                    retries.add(file + " " + attempt + "/" + attempts + ": " + reason);
                  }
                });
    ResolvedAssets r = patient.resolve(bundle(sha("flaky.bin", large)));
    assertThat(r.path("flaky.bin")).hasBinaryContent(large);
    assertThat(server.requests("flaky.bin")).isEqualTo(2);
    // the second request asked only for what the first did not deliver
    assertThat(server.rangeRequests("flaky.bin"))
        .singleElement()
        .satisfies(
            range -> {
              int from = Integer.parseInt(range.substring(6, range.length() - 1));
              assertThat(from).isPositive().isLessThanOrEqualTo(large.length / 2);
            });
    assertThat(retries).singleElement().asString().startsWith("flaky.bin 2/3: ");
    assertThat(home.resolve(FOLDER).resolve("flaky.bin.part")).doesNotExist();
  }

  @Test
  void aServerErrorIsTriedAgainAndAWrongFileIsNot() throws Exception {
    server.serveFailingOnce("busy.bin", small, 503);
    AssetResolver patient = resolver().withRetries(2, Duration.ofMillis(10));
    assertThat(patient.resolve(bundle(sha("busy.bin", small))).path("busy.bin"))
        .hasBinaryContent(small);
    assertThat(server.requests("busy.bin")).isEqualTo(2);

    byte[] other = small.clone();
    other[0] ^= 1;
    server.serve("wrong.bin", other);
    AssetException e =
        catchThrowableOfType(
            () -> patient.resolve(bundle(sha("wrong.bin", small))), AssetException.class);
    assertThat(e.reason()).isEqualTo(AssetException.Reason.CHECKSUM_MISMATCH);
    assertThat(server.requests("wrong.bin")).isEqualTo(1);
  }

  @Test
  void anExplicitFolderWinsOverCacheAndMirror() throws Exception {
    AssetBundle bundle = bundle(sha("small.bin", small));
    Path explicit = tmp.resolve("explicit");
    Path mirror = tmp.resolve("mirror");
    write(explicit.resolve("small.bin"), small);
    write(home.resolve(FOLDER).resolve("small.bin"), small);
    write(mirror.resolve(FOLDER).resolve("small.bin"), small);

    ResolvedAssets resolved =
        resolver().withMirrors(List.of(mirror)).withExplicitFolder(explicit).resolve(bundle);

    assertThat(resolved.source()).isEqualTo(AssetSource.EXPLICIT);
    assertThat(resolved.folder()).isEqualTo(explicit);
    assertThat(server.totalRequests()).isZero();
  }

  @Test
  void anExplicitFolderIsAuthoritative() throws Exception {
    AssetBundle bundle = bundle(sha("small.bin", small), sha("sub/large.bin", large));
    Path explicit = tmp.resolve("explicit");
    write(explicit.resolve("small.bin"), small);
    write(home.resolve(FOLDER).resolve("small.bin"), small);
    write(home.resolve(FOLDER).resolve("sub/large.bin"), large);
    AssetResolver resolver = resolver().withExplicitFolder(explicit);

    assertThatThrownBy(() -> resolver.resolve(bundle))
        .isInstanceOf(AssetException.class)
        .hasMessageContaining(
            "the explicit folder " + explicit + " does not hold every file of tiny")
        .hasMessageContaining("missing 1 of 2 files: sub/large.bin")
        .hasMessageContaining("Pass the folder that holds the files");

    byte[] damaged = large.clone();
    damaged[0] ^= 1;
    write(explicit.resolve("sub/large.bin"), damaged);
    AssetException e = catchThrowableOfType(() -> resolver.resolve(bundle), AssetException.class);
    assertThat(e.reason()).isEqualTo(AssetException.Reason.CHECKSUM_MISMATCH);
    assertThat(e)
        .hasMessageContaining(explicit.resolve("sub/large.bin").toString())
        .hasMessageContaining(
            "sha256 is " + hex("SHA-256", damaged) + ", expected " + hex("SHA-256", large))
        .hasMessageContaining("pass the right folder");
    assertThat(server.totalRequests()).isZero();
  }

  @Test
  void anExplicitFolderThatIsAMirrorRootOrAbsentIsExplained() throws Exception {
    AssetBundle bundle = bundle(sha("small.bin", small));
    Path root = tmp.resolve("root");
    write(root.resolve(FOLDER).resolve("small.bin"), small);

    assertThatThrownBy(() -> resolver().withExplicitFolder(root).resolve(bundle))
        .hasMessageContaining("did you mean " + root.resolve(FOLDER) + "?");
    assertThatThrownBy(() -> resolver().withExplicitFolder(tmp.resolve("nope")).resolve(bundle))
        .hasMessageContaining(
            tmp.resolve("nope")
                + " does not exist or is not a folder: pass the folder that holds"
                + " small.bin");
  }

  @Test
  void aMirrorNextToAnAncestorOfTheWorkingDirectoryIsUsedInPlace() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("work/x/cwd"));
    Path shared = tmp.resolve("shared");
    write(shared.resolve(FOLDER).resolve("small.bin"), small);
    AssetResolver resolver = resolver().withWorkingDirectory(cwd);

    assertThat(resolver.mirrorRoots())
        .startsWith(tmp.resolve("work/x/shared"), tmp.resolve("work/shared"), shared);
    ResolvedAssets resolved = resolver.resolve(bundle(sha("small.bin", small)));

    assertThat(resolved.source()).isEqualTo(AssetSource.MIRROR);
    assertThat(resolved.folder()).isEqualTo(shared.resolve(FOLDER));
    assertThat(regularFiles(shared)).containsExactly(shared.resolve(FOLDER).resolve("small.bin"));
    assertThat(home).doesNotExist();
    assertThat(server.totalRequests()).isZero();
  }

  @Test
  void aCompleteCacheWinsOverAMirrorAndAPartialMirrorIsSkipped() throws Exception {
    AssetBundle bundle = bundle(sha("small.bin", small), sha("sub/large.bin", large));
    Path partialMirror = tmp.resolve("partial");
    write(partialMirror.resolve(FOLDER).resolve("small.bin"), small);
    Path mirror = tmp.resolve("mirror");
    write(mirror.resolve(FOLDER).resolve("small.bin"), small);
    write(mirror.resolve(FOLDER).resolve("sub/large.bin"), large);
    AssetResolver resolver = resolver().withMirrors(List.of(partialMirror, mirror));

    assertThat(resolver.resolve(bundle).folder()).isEqualTo(mirror.resolve(FOLDER));

    write(home.resolve(FOLDER).resolve("small.bin"), small);
    write(home.resolve(FOLDER).resolve("sub/large.bin"), large);
    assertThat(resolver.resolve(bundle).source()).isEqualTo(AssetSource.CACHE);
    assertThat(server.totalRequests()).isZero();
  }

  @Test
  void aDamagedCachedFileIsReportedWithTheFix() throws Exception {
    Path cached = home.resolve(FOLDER).resolve("small.bin");
    byte[] damaged = small.clone();
    damaged[999] ^= 1;
    write(cached, damaged);

    AssetException e =
        catchThrowableOfType(
            () -> resolver().resolve(bundle(sha("small.bin", small))), AssetException.class);
    assertThat(e.reason()).isEqualTo(AssetException.Reason.CHECKSUM_MISMATCH);
    assertThat(e)
        .hasMessageContaining(
            "sha256 is " + hex("SHA-256", damaged) + ", expected " + hex("SHA-256", small))
        .hasMessageContaining("delete " + cached);

    write(cached, new byte[] {1, 2, 3});
    AssetException size =
        catchThrowableOfType(
            () -> resolver().resolve(bundle(sha("small.bin", small))), AssetException.class);
    assertThat(size.reason()).isEqualTo(AssetException.Reason.SIZE_MISMATCH);
    assertThat(size)
        .hasMessageContaining(cached + " has 3 bytes, expected 1000 bytes")
        .hasMessageContaining("not hashed");
    assertThat(server.totalRequests()).isZero();
  }

  @Test
  void theCacheTrustsItsStampOnlyWhileSizeAndTimeAreUnchanged() throws Exception {
    AssetBundle bundle = bundle(sha("small.bin", small));
    Path cached = home.resolve(FOLDER).resolve("small.bin");
    write(cached, small);
    assertThat(resolver().resolve(bundle).source()).isEqualTo(AssetSource.CACHE);
    assertThat(home.resolve(FOLDER).resolve(VerifiedStamps.FILE_NAME)).exists();

    FileTime stamped = Files.getLastModifiedTime(cached);
    byte[] swapped = small.clone();
    swapped[0] ^= 1;
    Files.write(cached, swapped);
    Files.setLastModifiedTime(cached, stamped);
    assertThat(resolver().resolve(bundle).source())
        .as("same size and time: not re-hashed")
        .isEqualTo(AssetSource.CACHE);

    Files.setLastModifiedTime(cached, FileTime.fromMillis(stamped.toMillis() + 5_000));
    assertThatThrownBy(() -> resolver().resolve(bundle))
        .hasMessageContaining("sha256 is " + hex("SHA-256", swapped));
  }

  @Test
  void resolveFileFetchesOnlyThatFile() throws Exception {
    AssetBundle bundle = bundle(sha("small.bin", small), sha("sub/large.bin", large));

    Path file = resolver().resolveFile(bundle, "small.bin");

    assertThat(file).isEqualTo(home.resolve(FOLDER).resolve("small.bin")).hasBinaryContent(small);
    assertThat(server.requests("sub/large.bin")).isZero();
    assertThatThrownBy(() -> resolver().resolveFile(bundle, "nope.bin"))
        .hasMessageContaining("has no file 'nope.bin'");
  }

  @Test
  void alternativesPreferAPresentCopyAndDownloadTheFirstDownloadableOne() throws Exception {
    AssetBundle mirrorOnly =
        new AssetBundle("trainval", "data/tiny", null, List.of(sha("trainval.bin", small)));
    AssetBundle official =
        new AssetBundle(
            "official",
            "data/tiny",
            server.base(),
            List.of(AssetFile.ofMd5("md5.bin", good.length, hex("MD5", good))));

    ResolvedAssets downloaded = resolver().resolveAny(List.of(mirrorOnly, official));
    assertThat(downloaded.bundle()).isEqualTo(official);
    assertThat(downloaded.source()).isEqualTo(AssetSource.DOWNLOAD);

    Path mirror = tmp.resolve("mirror");
    write(mirror.resolve("data/tiny/trainval.bin"), small);
    ResolvedAssets local =
        resolver().withMirrors(List.of(mirror)).resolveAny(List.of(mirrorOnly, official));
    assertThat(local.bundle())
        .as("the cache is searched for every alternative before the mirrors")
        .isEqualTo(official);
    assertThat(
            resolver()
                .withHome(tmp.resolve("empty"))
                .withMirrors(List.of(mirror))
                .resolveAny(List.of(mirrorOnly, official))
                .bundle())
        .isEqualTo(mirrorOnly);
  }

  @Test
  void nothingFoundAndNothingToDownloadSaysWhereItLooked() {
    AssetBundle local =
        new AssetBundle("trainval", "data/tiny", null, List.of(sha("trainval.bin", small)));
    Path mirror = tmp.resolve("mirror");

    AssetException e =
        catchThrowableOfType(
            () -> resolver().withMirrors(List.of(mirror)).resolve(local), AssetException.class);

    assertThat(e.reason()).isEqualTo(AssetException.Reason.MISSING);
    assertThat(e)
        .hasMessageContaining("trainval was not found")
        .hasMessageContaining(home.resolve("data/tiny").toString())
        .hasMessageContaining(mirror.toString())
        .hasMessageContaining("no public download address");
    assertThatThrownBy(
            () -> resolver().withDownloadEnabled(false).resolve(bundle(sha("small.bin", small))))
        .hasMessageContaining("downloads are disabled");
    assertThat(server.totalRequests()).isZero();
  }

  @Test
  void defaultsComeFromTheEnvironment() {
    Path userHome = tmp.resolve("user");
    Path cwd = tmp.resolve("a/b");
    Properties props = new Properties();
    props.setProperty(AssetResolver.MIRROR_PROPERTY, tmp.resolve("p").toString());

    AssetResolver plain = AssetResolver.fromEnvironment(Map.of(), new Properties(), userHome, cwd);
    assertThat(plain.home()).isEqualTo(userHome.resolve(".drtune"));
    assertThat(plain.downloadEnabled()).isTrue();
    assertThat(plain.explicitFolder()).isNull();

    AssetResolver configured =
        AssetResolver.fromEnvironment(
            Map.of(
                AssetResolver.HOME_ENV,
                tmp.resolve("h").toString(),
                AssetResolver.MIRROR_ENV,
                tmp.resolve("m1") + java.io.File.pathSeparator + tmp.resolve("m2")),
            props,
            userHome,
            cwd);
    assertThat(configured.home()).isEqualTo(tmp.resolve("h"));
    assertThat(configured.mirrorRoots())
        .startsWith(
            tmp.resolve("m1"),
            tmp.resolve("m2"),
            tmp.resolve("p"),
            tmp.resolve("a/shared"),
            tmp.resolve("shared"));
    assertThat(configured.mirrorRoots())
        .allMatch(p -> p.getParent() != null, "no root-level sibling");
    assertThat(configured.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)).stallTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> configured.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout must be positive");
  }

  @Test
  void aDownloadMirrorServesEveryBundleInTheMirrorLayout() throws Exception {
    // the mirror holds <folder>/<file>, like a mirror folder; the bundle itself has no address
    server.serve(FOLDER + "/small.bin", small);
    AssetBundle noAddress = new AssetBundle("tiny", FOLDER, null, List.of(sha("small.bin", small)));
    assertThatThrownBy(() -> resolver().resolve(noAddress))
        .hasMessageContaining("no public download address")
        .hasMessageContaining(AssetResolver.DOWNLOAD_MIRROR_ENV);

    AssetResolver viaMirror = resolver().withDownloadMirror(java.net.URI.create(server.base()));
    assertThat(viaMirror.downloadUrl(noAddress, noAddress.files().get(0)).toString())
        .isEqualTo(server.base() + FOLDER + "/small.bin");
    ResolvedAssets r = viaMirror.resolve(noAddress);
    assertThat(r.source()).isEqualTo(AssetSource.DOWNLOAD);
    assertThat(r.path("small.bin")).hasBinaryContent(small);
    assertThat(server.requests(FOLDER + "/small.bin")).isEqualTo(1);

    String noSlash = server.base().substring(0, server.base().length() - 1);
    assertThat(
            AssetResolver.fromEnvironment(
                    Map.of(AssetResolver.DOWNLOAD_MIRROR_ENV, noSlash), new Properties(), tmp, tmp)
                .downloadMirror()
                .toString())
        .isEqualTo(server.base());
    assertThatThrownBy(() -> resolver().withDownloadMirror(java.net.URI.create("ftp://x/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http:// or https://");
  }
}
