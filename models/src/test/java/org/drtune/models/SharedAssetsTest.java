package org.drtune.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real BVLC GoogLeNet and RetinaMNIST files, found through the project's normal lookup (a
 * mirror: the {@code shared} folder next to the checkout, or {@code DRTUNE_MIRROR}); skipped when
 * no mirror holds them.
 */
@Tag("real-assets")
class SharedAssetsTest {

  @TempDir Path home;

  /** The default lookup with an empty cache and no downloads, so only a mirror can answer. */
  private AssetResolver mirrorOnly() {
    return AssetResolver.defaults().withHome(home).withDownloadEnabled(false);
  }

  private Path mirrorFolder(AssetBundle bundle) {
    return mirrorOnly().mirrorRoots().stream()
        .map(r -> r.resolve(bundle.folder()))
        .filter(Files::isDirectory)
        .findFirst()
        .orElse(null);
  }

  @Test
  void theSharedGoogLeNetFolderVerifiesCompletely() throws Exception {
    AssetBundle bundle = ModelRecipe.bvlcGoogLeNet().assets();
    Path expected = mirrorFolder(bundle);
    assumeTrue(
        expected != null,
        "no mirror holds " + bundle.folder() + "; set DRTUNE_MIRROR to run this test");

    long start = System.nanoTime();
    ResolvedAssets resolved = mirrorOnly().resolve(bundle);
    long firstMs = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    mirrorOnly().resolve(bundle);
    long secondMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "verified %d files, %d bytes of %s in %d ms (again: %d ms)%n",
        bundle.files().size(), bundle.totalBytes(), resolved.folder(), firstMs, secondMs);

    assertThat(resolved.source()).isEqualTo(AssetSource.MIRROR);
    assertThat(resolved.folder()).isEqualTo(expected);
    assertThat(bundle.files()).hasSizeGreaterThanOrEqualTo(116);
    assertThat(resolved.path("synset_words.txt")).content().contains("bald eagle");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void theSharedRetinaMnistCopyIsTheFirstAlternative() throws Exception {
    DataRecipe recipe = DataRecipe.retinaMnist();
    assumeTrue(
        mirrorFolder(DataRecipe.RETINAMNIST_TRAINVAL) != null, "no mirror holds data/retinamnist");

    ResolvedAssets resolved = mirrorOnly().resolveAny(recipe.alternatives());

    assertThat(resolved.bundle()).isEqualTo(DataRecipe.RETINAMNIST_TRAINVAL);
    assertThat(resolved.path(DataRecipe.RETINAMNIST_TRAINVAL_FILE)).hasSize(2_471_429L);
  }

  @Test
  void realGoogLeNetFilesDownloadFromALocalServerAndVerify() throws Exception {
    AssetBundle real = ModelRecipe.bvlcGoogLeNet().assets();
    Path mirror = mirrorFolder(real);
    assumeTrue(mirror != null, "no mirror holds " + real.folder());
    List<String> paths =
        List.of("synset_words.txt", "deploy.prototxt", "weights/conv1/7x7_s2_bias.bin");
    try (TestFileServer server = new TestFileServer()) {
      for (String p : paths) {
        server.serve(p, Files.readAllBytes(mirror.resolve(p)));
      }
      AssetBundle served = new AssetBundle(real.name(), real.folder(), server.base(), real.files());
      AssetResolver resolver =
          new AssetResolver(
              null,
              home,
              List.of(),
              null,
              true,
              AssetResolver.DEFAULT_CONNECT_TIMEOUT,
              AssetResolver.DEFAULT_STALL_TIMEOUT,
              null,
              AssetResolver.DEFAULT_ATTEMPTS,
              AssetResolver.DEFAULT_BACKOFF,
              null);

      for (String p : paths) {
        Path file = resolver.resolveFile(served, p);
        assertThat(file)
            .isEqualTo(home.resolve("models/bvlc_googlenet").resolve(p))
            .hasSameBinaryContentAs(mirror.resolve(p));
      }
      assertThat(server.totalRequests()).isEqualTo(paths.size());
    }
  }
}
