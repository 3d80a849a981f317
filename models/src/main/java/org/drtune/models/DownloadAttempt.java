package org.drtune.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One try at downloading one file: resumes the partial file with a range request when it holds a
 * prefix of the file (else starts over), checks size and checksums, and renames it to the target. A
 * wrong file deletes the partial file and fails for good ({@link AssetException}); a broken
 * transfer keeps it for the next try ({@link Retryable}).
 */
final class DownloadAttempt {

  private static final int BUFFER = 1 << 16;
  private static final long PROGRESS_STEP = 1 << 20;

  private final HttpClient client;
  private final StallWatch stall;
  private final AssetFile file;
  private final URI url;
  private final PartialFile part;
  private final BundleProgress progress;
  private final String fix;

  /**
   * A try at {@code file} from {@code url} into {@code part}, watched by {@code stall}; {@code fix}
   * ends every error message with what the user can do.
   */
  DownloadAttempt(
      HttpClient client,
      StallWatch stall,
      AssetFile file,
      URI url,
      PartialFile part,
      BundleProgress progress,
      String fix) {
    this.client = client;
    this.stall = stall;
    this.file = file;
    this.url = url;
    this.part = part;
    this.progress = progress;
    this.fix = fix;
  }

  /** A failure worth another try: a broken or stalled connection, or a server error. */
  static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;

    Retryable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Makes the try.
   *
   * @throws AssetException when the server holds a different file or refuses it for good
   * @throws Retryable when the transfer broke, stalled or met a server error
   * @throws IOException when the partial file cannot be read, deleted or renamed
   */
  void run() throws AssetException, Retryable, IOException, InterruptedException {
    long have = part.resumableBytes(file.bytes());
    HttpResponse<InputStream> response = send(have);
    int status = response.statusCode();
    boolean resumed = status == 206 && have > 0;
    try (InputStream in = response.body()) {
      stall.watch(in);
      checkStatus(status, have, resumed, response.uri());
      Checksums sums = new Checksums(file);
      long received = resumed ? sums.update(part.path()) : 0;
      progress.add(received);
      received = receive(in, sums, received, resumed);
      stall.close();
      if (stall.stalled()) {
        throw new Retryable(noData(), null);
      }
      checkComplete(received, response, resumed);
      progress.report(file, received);
      checkChecksums(sums);
      part.moveToTarget();
    }
  }

  /** Sends the request, for the bytes after the first {@code have} when there are any. */
  private HttpResponse<InputStream> send(long have) throws Retryable, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).timeout(stall.timeout()).header("User-Agent", "drtune").GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new Retryable(stall.stalled() ? "no response" : String.valueOf(e), e);
    }
  }

  /**
   * Lets a full response, or a partial one that resumes the partial file, through; a server error
   * is tried again, a refused range starts over, any other status fails for good.
   */
  private void checkStatus(int status, long have, boolean resumed, URI answered)
      throws AssetException, Retryable, IOException {
    if (status == 416 && have > 0) {
      part.delete(); // the server will not resume this prefix: start over
      throw new Retryable("HTTP 416 for the partial download; starting over", null);
    }
    if (status >= 500) {
      throw new Retryable("HTTP " + status, null);
    }
    if (status != 200 && !resumed) {
      part.delete();
      throw new AssetException(
          AssetException.Reason.DOWNLOAD_FAILED,
          "could not download " + file.path() + " from " + answered + ": HTTP " + status + fix);
    }
  }

  /**
   * Copies the body into the partial file (after its {@code received} bytes when {@code append}),
   * hashing and reporting as it goes; returns the bytes of the file received in all.
   */
  private long receive(InputStream in, Checksums sums, long received, boolean append)
      throws AssetException, Retryable {
    try (OutputStream out = part.open(append)) {
      byte[] buffer = new byte[BUFFER];
      long nextReport = received + PROGRESS_STEP;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        stall.progress();
        received += n;
        if (received > file.bytes()) {
          out.close();
          part.delete();
          throw tooLong();
        }
        out.write(buffer, 0, n);
        sums.update(buffer, 0, n);
        progress.add(n);
        if (received >= nextReport) {
          progress.report(file, received);
          nextReport += PROGRESS_STEP;
        }
      }
    } catch (IOException e) {
      throw new Retryable(stall.stalled() ? noData() : String.valueOf(e), e);
    }
    return received;
  }

  private AssetException tooLong() {
    return new AssetException(
        AssetException.Reason.SIZE_MISMATCH,
        "download of "
            + file.path()
            + " from "
            + url
            + " sent more than the expected "
            + file.bytes()
            + " bytes: the server holds a different file; the"
            + " partial download was deleted"
            + fix);
  }

  private String noData() {
    return "no data for " + stall.timeout().toMillis() + " ms";
  }

  /**
   * A short file is tried again, unless the server sent all it has: then it holds a different file.
   */
  private void checkComplete(long received, HttpResponse<?> response, boolean resumed)
      throws AssetException, Retryable, IOException {
    if (received >= file.bytes()) {
      return;
    }
    long sent = contentLength(response, resumed);
    if (sent >= 0 && received >= sent) {
      part.delete();
      throw new AssetException(
          AssetException.Reason.SIZE_MISMATCH,
          "download of "
              + file.path()
              + " from "
              + url
              + " has "
              + received
              + " bytes, expected "
              + file.bytes()
              + " bytes with "
              + file.checksums()
              + "; the partial download was deleted"
              + fix);
    }
    throw new Retryable(
        "the connection ended after " + received + " of " + file.bytes() + " bytes", null);
  }

  /**
   * The size of the whole file as the response states it (Content-Length of a full response, the
   * total of a Content-Range), or -1 when it does not say.
   */
  private static long contentLength(HttpResponse<?> response, boolean resumed) {
    if (resumed) {
      return response
          .headers()
          .firstValue("Content-Range")
          .map(r -> r.substring(r.lastIndexOf('/') + 1).trim())
          .filter(t -> t.matches("\\d+"))
          .map(Long::parseLong)
          .orElse(-1L);
    }
    return response.headers().firstValueAsLong("Content-Length").orElse(-1L);
  }

  /** A file of the right size whose checksums differ is a different version: deleted, no retry. */
  private void checkChecksums(Checksums sums) throws AssetException, IOException {
    String mismatch = sums.mismatch(file);
    if (mismatch != null) {
      part.delete();
      throw new AssetException(
          AssetException.Reason.CHECKSUM_MISMATCH,
          "download of "
              + file.path()
              + " from "
              + url
              + " does not match the recipe: "
              + mismatch
              + " (size "
              + file.bytes()
              + " bytes is right); the download"
              + " was deleted. The server holds a different version"
              + fix);
    }
  }
}
