package org.drtune.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 serving byte arrays under {@code /files/}, counting requests per
 * path. A path not served answers 404; a path marked as stalling sends half its bytes and then
 * waits.
 */
final class TestFileServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Boolean> stalling = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, Boolean> breakOnce = new ConcurrentHashMap<>();
  private final Map<String, Integer> failOnce = new ConcurrentHashMap<>();
  private final Map<String, java.util.List<String>> ranges = new ConcurrentHashMap<>();

  TestFileServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/files/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Download base of the served files, ending in '/'. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
  }

  TestFileServer serve(String path, byte[] content) {
    files.put(path, content);
    return this;
  }

  TestFileServer serveStalling(String path, byte[] content) {
    stalling.put(path, true);
    return serve(path, content);
  }

  /** The first request gets half the bytes and a closed connection; later ones answer ranges. */
  TestFileServer serveBreakingOnce(String path, byte[] content) {
    breakOnce.put(path, true);
    return serve(path, content);
  }

  /** The first request gets HTTP {@code status}. */
  TestFileServer serveFailingOnce(String path, byte[] content, int status) {
    failOnce.put(path, status);
    return serve(path, content);
  }

  /** The Range headers the path was asked with. */
  java.util.List<String> rangeRequests(String path) {
    return ranges.getOrDefault(path, java.util.List.of());
  }

  int requests(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  int totalRequests() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring("/files/".length());
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      byte[] content = files.get(path);
      if (content == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      Integer status = failOnce.remove(path);
      if (status != null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (range != null && range.matches("bytes=\\d+-")) {
        ranges
            .computeIfAbsent(path, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
            .add(range);
        int from = Integer.parseInt(range.substring(6, range.length() - 1));
        exchange
            .getResponseHeaders()
            .add(
                "Content-Range",
                "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        exchange.sendResponseHeaders(206, content.length - from);
        exchange.getResponseBody().write(content, from, content.length - from);
        return;
      }
      if (breakOnce.remove(path) != null) {
        // promise the whole file, send half, and hang up
        exchange.sendResponseHeaders(200, content.length);
        exchange.getResponseBody().write(content, 0, content.length / 2);
        exchange.getResponseBody().flush();
        exchange.getHttpContext().getServer();
        throw new IOException("connection dropped by the test");
      }
      exchange.sendResponseHeaders(200, content.length);
      OutputStream out = exchange.getResponseBody();
      if (stalling.containsKey(path)) {
        out.write(content, 0, content.length / 2);
        out.flush();
        try {
          Thread.sleep(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      out.write(content);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
