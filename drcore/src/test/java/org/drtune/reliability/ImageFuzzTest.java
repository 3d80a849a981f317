package org.drtune.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.drtune.ImageLoadException;
import org.drtune.grading.DrClassifier;
import org.drtune.grading.DrResult;
import org.drtune.internal.data.Fixtures;
import org.drtune.internal.data.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid fundus JPEGs and PNGs (byte flips, truncations, insertions, header
 * corruptions, chunk and segment damage) through {@link ImageDecoder} and {@link DrClassifier}:
 * every input either classifies (valid probabilities summing to 1) or is refused with an {@link
 * ImageLoadException} or {@link IllegalArgumentException}; nothing else escapes and the classifier
 * keeps working. The outcome counts are printed.
 */
class ImageFuzzTest {
  static final int PER_BASE = 400;
  static final long SEED = 20261125L;

  @TempDir Path dir;

  @Test
  @Timeout(
      value = 10,
      unit = TimeUnit.MINUTES) // a guard against a decoder that loops forever, not a timing
  void mutatedImagesClassifyOrFailWithTheDocumentedExceptions() throws IOException {
    List<byte[]> bases =
        List.of(
            Fixtures.encode(Fixtures.fundus(96, 72, 1), "jpg"),
            Fixtures.encode(Fixtures.fundus(96, 72, 2), "png"),
            Fixtures.encode(gray(Fixtures.fundus(64, 64, 3)), "png"),
            Fixtures.encode(Fixtures.fundus(40, 30, 4), "jpg"));
    SplittableRandom rnd = new SplittableRandom(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    Map<String, Integer> byMutation = new TreeMap<>();
    List<String> unexpected = new ArrayList<>();
    ImageDecoder decoder = ImageDecoder.defaults();
    int tried = 0;
    try (DrClassifier classifier = DrClassifier.load(TinyModels.model())) {
      DrResult reference = classifier.classify(Fixtures.fundus(96, 72, 1));
      for (int b = 0; b < bases.size(); b++) {
        byte[] base = bases.get(b);
        boolean png = base[1] == 'P';
        for (int i = 0; i < PER_BASE; i++) {
          String kind = MUTATIONS[rnd.nextInt(MUTATIONS.length)];
          byte[] m = mutate(base, png, kind, rnd);
          String name = "fuzz-" + b + "-" + i + "-" + kind + (png ? ".png" : ".jpg");
          tried++;
          String decoded = outcome(() -> decoder.decode(m, name));
          String classified;
          if (i % 10 == 0) {
            Path f = Files.write(dir.resolve(name), m);
            classified = outcome(() -> check(classifier.classify(f)));
            Files.delete(f);
          } else {
            classified = outcome(() -> check(classifier.classify(m)));
          }
          outcomes.merge(classified, 1, Integer::sum);
          byMutation.merge(kind + " -> " + classified, 1, Integer::sum);
          // the classifier refuses exactly what the decoder refuses, and for the same reason
          boolean consistent =
              decoded.equals("decoded")
                  ? classified.equals("classified") || classified.equals("IllegalArgumentException")
                  : decoded.equals(classified);
          if (!consistent
              || !(classified.equals("classified")
                  || classified.equals("ImageLoadException")
                  || classified.equals("IllegalArgumentException"))) {
            unexpected.add(name + ": decoder " + decoded + ", classifier " + classified);
          }
        }
      }
      // still answers exactly as before
      assertThat(classifier.classify(Fixtures.fundus(96, 72, 1))).isEqualTo(reference);
    }
    System.out.println("[fuzz] " + tried + " mutated images: " + outcomes);
    byMutation.forEach((k, v) -> System.out.println("[fuzz]   " + k + ": " + v));
    assertThat(unexpected).isEmpty();
    assertThat(tried).isGreaterThanOrEqualTo(1000);
    // the mutations are neither all harmless nor all fatal
    assertThat(outcomes.getOrDefault("classified", 0)).isPositive();
    assertThat(outcomes.getOrDefault("ImageLoadException", 0)).isPositive();
  }

  static final String[] MUTATIONS = {
    "flip", "flips", "truncate", "insert", "header", "zero-run", "chunk"
  };

  /** One seeded mutation of {@code base}. */
  static byte[] mutate(byte[] base, boolean png, String kind, SplittableRandom rnd) {
    byte[] m = base.clone();
    switch (kind) {
      case "flip" -> m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
      case "flips" -> {
        int n = 2 + rnd.nextInt(30);
        for (int k = 0; k < n; k++) {
          m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
        }
      }
      case "truncate" -> m = Arrays.copyOf(m, rnd.nextInt(m.length));
      case "insert" -> {
        int at = rnd.nextInt(m.length);
        byte[] junk = new byte[1 + rnd.nextInt(64)];
        for (int k = 0; k < junk.length; k++) {
          junk[k] = (byte) rnd.nextInt(256);
        }
        byte[] out = new byte[m.length + junk.length];
        System.arraycopy(m, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(m, at, out, at + junk.length, m.length - at);
        m = out;
      }
      case "header" -> {
        // the signature, IHDR / JFIF and the first segments: sizes, depths, colour types, lengths
        int span = Math.min(m.length, png ? 33 : 200);
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
          m[rnd.nextInt(span)] = (byte) rnd.nextInt(256);
        }
      }
      case "zero-run" -> {
        int at = rnd.nextInt(m.length);
        Arrays.fill(m, at, Math.min(m.length, at + 1 + rnd.nextInt(256)), (byte) 0);
      }
      case "chunk" -> {
        // a 32-bit big-endian length or size field set to an extreme value
        int at =
            png
                ? 8 + 4 * rnd.nextInt(Math.max(1, (m.length - 12) / 4))
                : 2 + rnd.nextInt(m.length - 6);
        int v =
            switch (rnd.nextInt(4)) {
              case 0 -> 0;
              case 1 -> 0x7fffffff;
              case 2 -> 0xffffffff;
              default -> rnd.nextInt();
            };
        m[at] = (byte) (v >>> 24);
        m[at + 1] = (byte) (v >>> 16);
        m[at + 2] = (byte) (v >>> 8);
        m[at + 3] = (byte) v;
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return m;
  }

  private static DrResult check(DrResult r) {
    double sum = r.probabilities().stream().mapToDouble(Double::doubleValue).sum();
    if (r.probabilities().size() != TinyModels.CLASSES
        || Math.abs(sum - 1) > 1e-3
        || r.probabilities().stream().anyMatch(p -> !(p >= 0 && p <= 1))) {
      throw new AssertionError("invalid probabilities " + r.probabilities());
    }
    return r;
  }

  interface Call {
    Object run() throws Exception;
  }

  /** "decoded"/"classified", or the simple name of what was thrown (errors included). */
  private static String outcome(Call c) {
    try {
      Object o = c.run();
      return o instanceof BufferedImage ? "decoded" : "classified";
    } catch (AssertionError e) {
      return "AssertionError: " + e.getMessage();
    } catch (Throwable e) {
      return e.getClass().getSimpleName()
          + (e instanceof ImageLoadException || e instanceof IllegalArgumentException
              ? ""
              : ": " + e.getMessage());
    }
  }

  private static BufferedImage gray(BufferedImage rgb) {
    BufferedImage g =
        new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    g.getGraphics().drawImage(rgb, 0, 0, null);
    return g;
  }
}
