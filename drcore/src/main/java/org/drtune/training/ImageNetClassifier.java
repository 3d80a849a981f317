package org.drtune.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.drtune.ImageLoadException;
import org.drtune.internal.data.Preprocessor;
import org.drtune.internal.data.Rotation;
import org.drtune.internal.graph.Backbone;
import org.drtune.internal.runtime.Logs;
import org.drtune.internal.runtime.NativeLogging;
import org.drtune.model.ChannelOrder;
import org.drtune.model.Preprocessing;
import org.drtune.models.AssetResolver;
import org.drtune.models.ModelRecipe;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The pretrained backbone's original 1000-class ImageNet classifier: a check that the weights were
 * found, verified and converted correctly (an eagle photo should come out as "bald eagle").
 *
 * <pre>{@code
 * try (ImageNetClassifier c = ImageNetClassifier.load(AssetResolver.defaults())) {
 *   List<ImageNetClassifier.Label> top5 = c.classify(ImageIO.read(new File("eagle.jpg")), 5);
 * }
 * }</pre>
 *
 * <p>Thread-safe for concurrent {@link #classify} calls; close it to free the native graph.
 */
public final class ImageNetClassifier implements AutoCloseable {
  private static final org.slf4j.Logger LOG = Logs.classify();

  /**
   * One ImageNet class with its probability.
   *
   * @param index class index in Caffe's order (0–999)
   * @param synset WordNet id such as {@code n01614925}
   * @param name human-readable label such as {@code bald eagle, American eagle, Haliaeetus
   *     leucocephalus}
   * @param probability softmax probability
   */
  public record Label(int index, String synset, String name, double probability) {}

  private final Graph graph;
  private final Session session;
  private final List<String> labels;
  private final Preprocessing preprocessing;
  private final String input;
  private final String output;
  private volatile boolean closed;

  private ImageNetClassifier(
      Graph graph,
      Session session,
      List<String> labels,
      Preprocessing preprocessing,
      String input,
      String output) {
    this.graph = graph;
    this.session = session;
    this.labels = labels;
    this.preprocessing = preprocessing;
    this.input = input;
    this.output = output;
  }

  /**
   * Finds and verifies the BVLC GoogLeNet weights with {@code resolver} and builds the classifier.
   *
   * @throws IOException when the weights or labels are missing or fail their checksums
   */
  public static ImageNetClassifier load(AssetResolver resolver) throws IOException {
    Backbone b = Backbone.bvlcGoogLeNet(resolver);
    ModelRecipe recipe = ModelRecipe.bvlcGoogLeNet();
    List<String> labels =
        Files.readAllLines(b.assets().path(recipe.labels()), StandardCharsets.UTF_8);
    if (labels.size() != 1000) {
      throw new IOException(
          "label file " + recipe.labels() + " has " + labels.size() + " lines, expected 1000");
    }
    Preprocessing p =
        Preprocessing.defaults()
            .withCropBorder(false)
            .withInputSize(recipe.inputSize())
            .withNormalisation(ChannelOrder.valueOf(recipe.channelOrder()), recipe.mean());
    LOG.debug(
        "ImageNet classifier: {} from {} ({}), {} labels",
        b.name(),
        b.assets().folder(),
        b.assets().source(),
        labels.size());
    NativeLogging.applyDefault();
    Graph g = new Graph();
    try {
      g.importGraphDef(b.frozen());
      return new ImageNetClassifier(
          g,
          new Session(g),
          List.copyOf(labels),
          p,
          recipe.inputNode(),
          recipe.probabilitiesNode());
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /**
   * The {@code k} most probable ImageNet classes of a photo file (JPEG or PNG).
   *
   * @throws ImageLoadException when the file cannot be read as an image
   */
  public List<Label> classify(java.nio.file.Path image, int k) throws ImageLoadException {
    return classify(org.drtune.internal.data.ImageDecoder.defaults().decode(image), k);
  }

  /**
   * The {@code k} most probable ImageNet classes of a photo: centre square crop, resize to 224×224,
   * BGR, mean subtraction (the BVLC evaluation protocol), then the network.
   */
  public List<Label> classify(BufferedImage image, int k) {
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("k must be between 1 and 1000, got " + k);
    }
    if (closed) {
      throw new IllegalStateException("ImageNetClassifier is closed");
    }
    int side = Math.min(image.getWidth(), image.getHeight());
    BufferedImage square =
        image.getSubimage(
            (image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
    int s = preprocessing.inputSize();
    float[] pixels = new float[preprocessing.valuesPerImage()];
    Preprocessor.write(preprocessing, square, Rotation.R0, pixels, 0);
    float[] prob = new float[1000];
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, s, s, 3), DataBuffers.of(pixels, true, false));
        Result r = session.runner().feed(input, x).fetch(output).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(prob, false, false));
    }
    List<Label> out = new ArrayList<>();
    IntStream.range(0, 1000)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> prob[i]).reversed())
        .limit(k)
        .forEach(
            i -> {
              String line = labels.get(i);
              int sp = line.indexOf(' ');
              out.add(new Label(i, line.substring(0, sp), line.substring(sp + 1), prob[i]));
            });
    return out;
  }

  /** Closes the session and graph. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      session.close();
      graph.close();
    }
  }
}
