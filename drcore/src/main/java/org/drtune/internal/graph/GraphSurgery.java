package org.drtune.internal.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Rewrites of a frozen {@link GraphDef} that make it trainable in TensorFlow Java, which has no
 * input mapping on import: pruning to the ancestors of a cut node, legacy {@code Concat} to {@code
 * ConcatV2} (only the latter has a gradient), and weight {@code Const} nodes to {@code VariableV2}
 * variables initialised from the imported values.
 *
 * <p>All methods are pure functions of the proto: they return a new GraphDef and never touch a
 * Graph or Session.
 */
public final class GraphSurgery {
  /**
   * Name of the NoOp that groups the variables' Assign ops. {@code Graph.importGraphDef} registers
   * imported ops whose names start with {@code Init} as session initializers, so the first {@code
   * Session.run} assigns the variables.
   */
  public static final String INIT_OP = "Init";

  /** Suffix of the Const that keeps a variable's imported value. */
  public static final String INITIAL_VALUE_SUFFIX = "/initial_value";

  private GraphSurgery() {}

  /**
   * Fails with a clear message when the graph cannot be handled: it holds resource variables
   * ({@code VarHandleOp}), lacks one of the {@code required} nodes, or already has a node named
   * like the init op.
   */
  public static void validate(GraphDef graph, String... required) {
    Set<String> names = new HashSet<>();
    for (NodeDef n : graph.getNodeList()) {
      names.add(n.getName());
      if (n.getOp().equals("VarHandleOp") || n.getOp().equals("ReadVariableOp")) {
        throw new IllegalArgumentException(
            "graph holds resource variables ("
                + n.getOp()
                + " '"
                + n.getName()
                + "'); drtune imports frozen graphs whose weights are Const nodes: freeze the graph"
                + " first (convert variables to constants) or use a GoogLeNet recipe from the"
                + " models module");
      }
      if (n.getName().startsWith(INIT_OP)) {
        throw new IllegalArgumentException(
            "graph already has a node named '"
                + n.getName()
                + "'; names starting with '"
                + INIT_OP
                + "' are reserved for variable initialisation");
      }
    }
    for (String r : required) {
      if (!names.contains(r)) {
        List<String> similar =
            names.stream().filter(s -> s.contains(r.split("/")[0])).sorted().limit(8).toList();
        throw new IllegalArgumentException(
            "graph has no node named '"
                + r
                + "'"
                + (similar.isEmpty()
                    ? "; is this the right backbone profile? (" + graph.getNodeCount() + " nodes)"
                    : "; similar names: " + similar));
      }
    }
  }

  /**
   * Keeps only {@code outputs} and their ancestors (data and control inputs), in the original
   * order.
   */
  public static GraphDef prune(GraphDef graph, Set<String> outputs) {
    validate(graph, outputs.toArray(String[]::new));
    Map<String, NodeDef> byName = new HashMap<>();
    graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Set<String> keep = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(outputs);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (keep.add(name)) {
        for (String in : byName.get(name).getInputList()) {
          todo.push(nodeName(in));
        }
      }
    }
    GraphDef.Builder b = graph.toBuilder().clearNode();
    graph.getNodeList().stream().filter(n -> keep.contains(n.getName())).forEach(b::addNode);
    return b.build();
  }

  /**
   * Rewrites every legacy {@code Concat(concat_dim, values…)} into {@code ConcatV2(values…, axis)}.
   */
  public static GraphDef concatToConcatV2(GraphDef graph) {
    GraphDef.Builder b = graph.toBuilder().clearNode();
    for (NodeDef n : graph.getNodeList()) {
      if (!n.getOp().equals("Concat")) {
        b.addNode(n);
        continue;
      }
      List<String> inputs = n.getInputList();
      List<String> data = inputs.stream().filter(i -> !i.startsWith("^")).toList();
      List<String> control = inputs.stream().filter(i -> i.startsWith("^")).toList();
      NodeDef.Builder v2 = n.toBuilder().setOp("ConcatV2").clearInput();
      data.subList(1, data.size()).forEach(v2::addInput);
      v2.addInput(data.get(0));
      control.forEach(v2::addInput);
      v2.putAttr("Tidx", AttrValue.newBuilder().setType(DataType.DT_INT32).build());
      b.addNode(v2);
    }
    return b.build();
  }

  /**
   * The names of the weight constants: float {@code Const} nodes of rank 1 or more. Shapes, axes
   * and paddings are int32 and scalars stay constants.
   */
  public static Set<String> weightConstants(GraphDef graph) {
    return graph.getNodeList().stream()
        .filter(n -> n.getOp().equals("Const"))
        .filter(n -> n.getAttrOrThrow("dtype").getType() == DataType.DT_FLOAT)
        .filter(n -> n.getAttrOrThrow("value").getTensor().getTensorShape().getDimCount() >= 1)
        .map(NodeDef::getName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * Turns each named weight {@code Const X} into a Const {@code X/initial_value}, a {@code
   * VariableV2 X} of the same dtype and shape, and {@code Assign(X, X/initial_value)}; the Assigns
   * become control inputs of a NoOp named {@value #INIT_OP}. Consumers keep reading {@code X}, so
   * no edge is rewired.
   *
   * @param weights names of the constants to turn into variables (see {@link #weightConstants})
   */
  public static GraphDef constantsToVariables(GraphDef graph, Set<String> weights) {
    validate(graph, weights.toArray(String[]::new));
    GraphDef.Builder b = graph.toBuilder().clearNode();
    List<String> assigns = new ArrayList<>();
    for (NodeDef n : graph.getNodeList()) {
      if (!weights.contains(n.getName())) {
        b.addNode(n);
        continue;
      }
      if (!n.getOp().equals("Const")) {
        throw new IllegalArgumentException(
            "node '" + n.getName() + "' is a " + n.getOp() + ", not a Const");
      }
      String x = n.getName();
      TensorProto value = n.getAttrOrThrow("value").getTensor();
      AttrValue dtype = n.getAttrOrThrow("dtype");
      b.addNode(n.toBuilder().setName(x + INITIAL_VALUE_SUFFIX));
      b.addNode(
          NodeDef.newBuilder()
              .setName(x)
              .setOp("VariableV2")
              .setDevice(n.getDevice())
              .putAttr("dtype", dtype)
              .putAttr("shape", AttrValue.newBuilder().setShape(value.getTensorShape()).build())
              .putAttr(
                  "container",
                  AttrValue.newBuilder().setS(com.google.protobuf.ByteString.EMPTY).build())
              .putAttr(
                  "shared_name",
                  AttrValue.newBuilder().setS(com.google.protobuf.ByteString.EMPTY).build()));
      String assign = INIT_OP + "/" + x;
      b.addNode(
          NodeDef.newBuilder()
              .setName(assign)
              .setOp("Assign")
              .addInput(x)
              .addInput(x + INITIAL_VALUE_SUFFIX)
              .putAttr("T", dtype)
              .putAttr("validate_shape", AttrValue.newBuilder().setB(true).build())
              .putAttr("use_locking", AttrValue.newBuilder().setB(true).build()));
      assigns.add(assign);
    }
    NodeDef.Builder init = NodeDef.newBuilder().setName(INIT_OP).setOp("NoOp");
    assigns.forEach(a -> init.addInput("^" + a));
    b.addNode(init);
    return b.build();
  }

  /** The node name of an input reference such as {@code ^x}, {@code x:1} or {@code x}. */
  static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.lastIndexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }
}
