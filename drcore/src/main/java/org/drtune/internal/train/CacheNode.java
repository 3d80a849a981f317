package org.drtune.internal.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Where a frozen prefix ends in a fine-tuning graph: the frontier between what depends only on the
 * input and frozen variables and what depends on trainable ones (for conv1+conv2 frozen in
 * GoogLeNet, {@code pool2/3x3_s2}; for a head-only strategy, the pooled features {@code head/gap}).
 * The feature cache stores that node's output, the feature reference pools it.
 */
public final class CacheNode {
  private CacheNode() {}

  /**
   * The node to cache for this fine-tuning graph: the single frontier node of the part computable
   * from the input and frozen variables alone.
   *
   * @throws IllegalArgumentException when nothing is frozen or the frontier is not a single node
   */
  public static String of(GraphDef graph, String inputNode, Set<String> frozenVariables) {
    Map<String, NodeDef> byName = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      byName.put(n.getName(), n);
      for (String in : n.getInputList()) {
        if (!in.startsWith("^")) {
          consumers.computeIfAbsent(base(in), k -> new ArrayList<>()).add(n.getName());
        }
      }
    }
    Set<String> prediction = ancestors(byName, GraphNames.PROBABILITIES);
    // Only what is computed from the photograph is a feature: constant-only subgraphs (the ordinal
    // head's outer thresholds) are computable from nothing trainable too, but are not cached.
    Set<String> fromInput = descendants(consumers, inputNode);
    Map<String, Boolean> memo = new HashMap<>();
    List<String> frontier = new ArrayList<>();
    for (String n : prediction) {
      NodeDef d = byName.get(n);
      if (d.getOp().equals("Const")
          || d.getOp().equals("VariableV2")
          || n.equals(inputNode)
          || !fromInput.contains(n)) {
        continue;
      }
      if (computable(n, byName, inputNode, frozenVariables, memo)) {
        boolean feedsTrainable =
            consumers.getOrDefault(n, List.of()).stream()
                .anyMatch(
                    c ->
                        prediction.contains(c)
                            && !computable(c, byName, inputNode, frozenVariables, memo));
        if (feedsTrainable) {
          frontier.add(n);
        }
      }
    }
    // Drop frontier nodes computed from another frontier node: feeding the upstream one determines
    // them.
    List<String> minimal = new ArrayList<>();
    for (String f : frontier) {
      Set<String> up = ancestors(byName, f);
      up.remove(f);
      if (frontier.stream().noneMatch(up::contains)) {
        minimal.add(f);
      }
    }
    if (minimal.size() != 1) {
      throw new IllegalArgumentException(
          "cannot cache features: the frozen part of the graph ends in "
              + minimal.size()
              + " nodes "
              + minimal
              + " (a frozen prefix must end in one tensor; freeze whole layer"
              + " groups from the first one)");
    }
    return minimal.get(0);
  }

  private static boolean computable(
      String n,
      Map<String, NodeDef> byName,
      String input,
      Set<String> frozen,
      Map<String, Boolean> memo) {
    Boolean m = memo.get(n);
    if (m != null) {
      return m;
    }
    NodeDef d = byName.get(n);
    boolean r;
    if (n.equals(input) || d.getOp().equals("Const")) {
      r = true;
    } else if (d.getOp().equals("VariableV2")) {
      r = frozen.contains(n);
    } else if (d.getOp().startsWith("Placeholder")) {
      r = false;
    } else {
      r = true;
      for (String in : d.getInputList()) {
        if (!in.startsWith("^") && !computable(base(in), byName, input, frozen, memo)) {
          r = false;
          break;
        }
      }
    }
    memo.put(n, r);
    return r;
  }

  private static Set<String> ancestors(Map<String, NodeDef> byName, String from) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        for (String in : byName.get(n).getInputList()) {
          if (!in.startsWith("^")) {
            todo.push(base(in));
          }
        }
      }
    }
    return seen;
  }

  private static Set<String> descendants(Map<String, List<String>> consumers, String from) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        todo.addAll(consumers.getOrDefault(n, List.of()));
      }
    }
    return seen;
  }

  private static String base(String input) {
    int c = input.lastIndexOf(':');
    return c < 0 ? input : input.substring(0, c);
  }
}
