package org.drtune.internal.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.drtune.models.ModelRecipe;

/**
 * Describes a frozen backbone graph by the names of its nodes instead of hard-coding them: the
 * input placeholder, the cut node where a new head attaches, the layer groups in order from input
 * to output (the unit of freezing), and the preprocessing the backbone expects.
 *
 * @param name backbone name
 * @param inputNode NHWC float input placeholder
 * @param layers layer groups from input to output; a variable belongs to a group when its name is
 *     the group name or starts with the group name followed by '/' or '_'
 * @param inputSize native square input size
 * @param channelOrder "BGR" or "RGB"
 * @param mean per-channel mean subtracted from 0–255 values, in channel order
 * @param scale factor applied after mean subtraction (1 for Caffe models)
 */
public record BackboneProfile(
    String name,
    String inputNode,
    List<Layer> layers,
    int inputSize,
    String channelOrder,
    List<Double> mean,
    double scale) {

  /**
   * One layer group.
   *
   * @param name group name such as {@code conv1} or {@code inception_4e}
   * @param output the node whose output is the group's output (a possible cut node)
   */
  public record Layer(String name, String output) {
    /** Validates the layer. */
    public Layer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(output, "output");
    }
  }

  /** Validates the profile. */
  public BackboneProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputNode, "inputNode");
    layers = List.copyOf(layers);
    mean = List.copyOf(mean);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("profile " + name + " needs at least one layer");
    }
    if (!"BGR".equals(channelOrder) && !"RGB".equals(channelOrder)) {
      throw new IllegalArgumentException("channelOrder must be BGR or RGB, got " + channelOrder);
    }
  }

  /** Name of the BVLC GoogLeNet profile. */
  public static final String BVLC_GOOGLENET = "bvlc_googlenet";

  /** Name of the profile of TensorFlow's published inception5h frozen GoogLeNet. */
  public static final String INCEPTION5H = "inception5h";

  /**
   * The BVLC GoogLeNet converted by {@link org.drtune.internal.graph.GoogLeNetConverter}: input
   * {@code data} (BGR, mean [104, 117, 123]), layer groups conv1 … inception_5b whose outputs are
   * the last ReLU of conv1/conv2 and each module's {@code /output} concatenation.
   */
  public static BackboneProfile bvlcGoogLeNet() {
    ModelRecipe r = ModelRecipe.bvlcGoogLeNet();
    List<Layer> layers =
        r.layers().stream()
            .filter(l -> !l.equals("loss3"))
            .map(
                l ->
                    new Layer(
                        l,
                        switch (l) {
                          case "conv1" -> "conv1/7x7_s2";
                          case "conv2" -> "conv2/3x3";
                          default -> l + "/output";
                        }))
            .toList();
    return new BackboneProfile(
        r.name(), r.inputNode(), layers, r.inputSize(), r.channelOrder(), r.mean(), 1.0);
  }

  /**
   * TensorFlow's published inception5h GoogLeNet ({@code tensorflow_inception_graph.pb}): input
   * {@code input} (RGB, mean 117), layers {@code conv2d0 … mixed5b}, legacy {@code Concat} in the
   * modules.
   */
  public static BackboneProfile inception5h() {
    List<String> names =
        List.of(
            "conv2d0", "conv2d1", "conv2d2", "mixed3a", "mixed3b", "mixed4a", "mixed4b", "mixed4c",
            "mixed4d", "mixed4e", "mixed5a", "mixed5b");
    return new BackboneProfile(
        INCEPTION5H,
        "input",
        names.stream().map(n -> new Layer(n, n)).toList(),
        224,
        "RGB",
        List.of(117.0, 117.0, 117.0),
        1.0);
  }

  /** A built-in profile by name. */
  public static BackboneProfile named(String name) {
    return switch (name) {
      case BVLC_GOOGLENET -> bvlcGoogLeNet();
      case INCEPTION5H -> inception5h();
      default ->
          throw new IllegalArgumentException(
              "unknown backbone profile '"
                  + name
                  + "'; known: "
                  + BVLC_GOOGLENET
                  + ", "
                  + INCEPTION5H);
    };
  }

  /** The names of the layer groups in order. */
  public List<String> layerNames() {
    return layers.stream().map(Layer::name).toList();
  }

  /** The last layer group; its output is the default cut node. */
  public Layer lastLayer() {
    return layers.get(layers.size() - 1);
  }

  /**
   * The layer group called {@code name}.
   *
   * @throws IllegalArgumentException naming the valid layer names when there is none
   */
  public Layer layer(String name) {
    return layers.stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown layer '"
                        + name
                        + "' for backbone "
                        + this.name
                        + "; valid layers: "
                        + String.join(", ", layerNames())));
  }

  /** Index of a layer group in the order (fails with the valid names when unknown). */
  public int indexOf(String layerName) {
    return layers.indexOf(layer(layerName));
  }

  /** The layer groups from the first up to and including {@code last}. */
  public List<String> layersUpTo(String last) {
    return layerNames().subList(0, indexOf(last) + 1);
  }

  /** The layer group a graph node (e.g. a variable) belongs to, if any. */
  public Optional<String> layerOf(String nodeName) {
    for (Layer l : layers) {
      String n = l.name();
      if (nodeName.equals(n) || nodeName.startsWith(n + "/") || nodeName.startsWith(n + "_")) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }
}
