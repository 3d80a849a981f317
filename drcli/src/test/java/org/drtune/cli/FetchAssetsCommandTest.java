package org.drtune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.drtune.models.AssetResolver;
import org.drtune.models.ModelRecipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drtune fetch-assets} against a web copy of the shared folder served on 127.0.0.1: the real
 * 118 GoogLeNet files and RetinaMNIST downloaded into an empty cache with progress, verified, then
 * found in the cache; a server that lacks them fails with exit code 4.
 */
class FetchAssetsCommandTest {
  @TempDir Path tmp;
  private HttpServer server;
  private Path shared;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean serveNothing;

  @BeforeEach
  void serveTheSharedFolder() throws IOException {
    shared =
        AssetResolver.defaults().mirrorRoots().stream()
            .filter(p -> Files.isDirectory(p.resolve(ModelRecipe.MODELS_FOLDER)))
            .findFirst()
            .orElse(null);
    assumeTrue(shared != null, "no shared folder with the real weights (set DRTUNE_MIRROR)");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/drtune/",
        exchange -> {
          requests.incrementAndGet();
          Path file =
              shared.resolve(exchange.getRequestURI().getPath().substring("/drtune/".length()));
          if (serveNothing || !file.normalize().startsWith(shared) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private CliRun fetch(Path home, String... more) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/drtune/");
    // no mirror folders: everything must come over HTTP into the empty cache
    AssetResolver resolver =
        AssetResolver.defaults()
            .withHome(home)
            .withMirrors(List.of())
            .withWorkingDirectory(null)
            .withDownloadMirror(base)
            .withRetries(2, java.time.Duration.ofMillis(10));
    String[] args = new String[more.length + 1];
    args[0] = "fetch-assets";
    System.arraycopy(more, 0, args, 1, more.length);
    return CliRun.with(ctx -> ctx.withAssets(resolver), args);
  }

  @Test
  void downloadsVerifiesAndSaysWhereTheCacheIsThenFindsItThere() throws IOException {
    Path home = tmp.resolve("cache");
    Path json = tmp.resolve("assets.json");
    CliRun first = fetch(home, "--json", json.toString());
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("cache: " + home, "downloaded into the cache", "verified", "bvlc_googlenet");
    assertThat(first.err())
        .as("plain progress lines, with the bundle's real size")
        .containsPattern("downloading bvlc_googlenet 28\\.1/28\\.1 MB");
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertThat(j.get("assets")).hasSize(2);
    for (JsonNode a : j.get("assets")) {
      assertThat(a.get("source").asText()).isEqualTo("download");
      Path folder = Path.of(a.get("folder").asText());
      assertThat(folder).startsWith(home);
    }
    Path filter = home.resolve("models/bvlc_googlenet/weights/conv1/7x7_s2_filter.bin");
    assertThat(filter)
        .hasSameBinaryContentAs(
            shared.resolve("models/bvlc_googlenet/weights/conv1/7x7_s2_filter.bin"));
    int afterFirst = requests.get();
    assertThat(afterFirst).isGreaterThanOrEqualTo(119);

    CliRun again = fetch(home, "--only", "weights");
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("in the cache").doesNotContain("retinamnist");
    assertThat(requests.get()).as("nothing downloaded twice").isEqualTo(afterFirst);
  }

  @Test
  void aServerWithoutTheFilesFailsWithTheModelExitCodeAndKeepsTheCacheClean() throws IOException {
    serveNothing = true;
    Path home = tmp.resolve("cache");
    CliRun r = fetch(home, "--only", "weights");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.MODEL.code());
    assertThat(r.err()).contains("404", "could not download");
    if (Files.exists(home)) {
      try (var files = Files.walk(home)) {
        assertThat(files.filter(Files::isRegularFile).map(Path::toString))
            .as("no half file is left under its final name")
            .allMatch(p -> p.endsWith(".part") || p.endsWith(".json") || p.endsWith(".lock"));
      }
    }
  }

  @Test
  void anUnknownAssetIsAUsageError() {
    CliRun r = CliRun.of("fetch-assets", "--only", "imagenet");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("weights", "retinamnist");
  }
}
