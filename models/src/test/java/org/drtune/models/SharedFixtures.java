package org.drtune.models;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the shared read-only folder of real weights and data (env DRTUNE_MIRROR or a sibling named
 * shared).
 */
public final class SharedFixtures {
  private SharedFixtures() {}

  /** The shared folder, if there is one. */
  public static Optional<Path> find() {
    String env = System.getenv("DRTUNE_MIRROR");
    if (env != null && Files.isDirectory(Paths.get(env))) {
      return Optional.of(Paths.get(env).toAbsolutePath());
    }
    for (Path a = Paths.get("").toAbsolutePath();
        a != null && a.getParent() != null;
        a = a.getParent()) {
      Path s = a.resolveSibling("shared");
      if (Files.isDirectory(s.resolve("models"))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The shared folder, or the test is skipped. */
  public static Path require() {
    Optional<Path> p = find();
    assumeTrue(p.isPresent(), "shared folder with real weights not found (set DRTUNE_MIRROR)");
    return p.get();
  }

  /** The shared BVLC GoogLeNet folder, or the test is skipped. */
  public static Path googLeNet() {
    return require().resolve("models/bvlc_googlenet");
  }

  /** Reads a little-endian float32 file. */
  public static float[] readFloats(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  /** Converts a CHW float array into HWC. */
  public static float[] chwToHwc(float[] chw, int c, int h, int w) {
    float[] hwc = new float[chw.length];
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          hwc[(y * w + x) * c + k] = chw[(k * h + y) * w + x];
        }
      }
    }
    return hwc;
  }
}
