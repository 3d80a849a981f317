package org.drtune;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The dependencies between drtune's top-level types as the JDK's {@code jdeps -verbose:class}
 * reports them from compiled classes, and the strongly connected groups of that graph (Tarjan).
 */
final class TypeGraph {
  private static final Pattern EDGE =
      Pattern.compile("^\\s+(org\\.drtune\\.[\\w.$]+)\\s+->\\s+(org\\.drtune\\.[\\w.$]+)\\s");

  private TypeGraph() {}

  /** Type → the drtune types it uses, nested types folded into their top-level type. */
  static Map<String, Set<String>> fromJdeps(Path classes) {
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(() -> new IllegalStateException("jdeps needs a JDK, not a JRE"));
    List<String> args = new ArrayList<>(List.of("-verbose:class", "-filter:none"));
    if (Files.isRegularFile(classes.resolve("module-info.class"))) {
      // a named module: jdeps resolves what it requires, from the test's class path
      args.addAll(
          List.of("--multi-release", "17", "--module-path", ClassPathModules.modulePath(classes)));
    }
    args.add(classes.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException("jdeps failed (" + code + "): " + err);
    }
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      Matcher m = EDGE.matcher(line + " ");
      if (m.find()) {
        String from = topLevel(m.group(1));
        String to = topLevel(m.group(2));
        graph.computeIfAbsent(from, k -> new TreeSet<>());
        graph.computeIfAbsent(to, k -> new TreeSet<>());
        if (!from.equals(to)) {
          graph.get(from).add(to);
        }
      }
    }
    return graph;
  }

  static String packageOf(String type) {
    return type.substring(0, type.lastIndexOf('.'));
  }

  private static String topLevel(String type) {
    int dollar = type.indexOf('$');
    return dollar < 0 ? type : type.substring(0, dollar);
  }

  /** The strongly connected groups of more than one type (iterative Tarjan). */
  static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<List<String>> groups = new ArrayList<>();
    int[] next = {0};
    for (String start : graph.keySet()) {
      if (index.containsKey(start)) {
        continue;
      }
      Deque<Object[]> work = new ArrayDeque<>();
      work.push(new Object[] {start, new ArrayList<>(graph.get(start)).iterator()});
      index.put(start, next[0]);
      low.put(start, next[0]++);
      stack.push(start);
      onStack.add(start);
      while (!work.isEmpty()) {
        Object[] frame = work.peek();
        String v = (String) frame[0];
        @SuppressWarnings("unchecked")
        java.util.Iterator<String> it = (java.util.Iterator<String>) frame[1];
        if (it.hasNext()) {
          String w = it.next();
          if (!index.containsKey(w)) {
            index.put(w, next[0]);
            low.put(w, next[0]++);
            stack.push(w);
            onStack.add(w);
            work.push(new Object[] {w, new ArrayList<>(graph.get(w)).iterator()});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          String parent = (String) work.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          List<String> group = new ArrayList<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            group.add(w);
          } while (!w.equals(v));
          if (group.size() > 1) {
            groups.add(group);
          }
        }
      }
    }
    return groups;
  }
}
