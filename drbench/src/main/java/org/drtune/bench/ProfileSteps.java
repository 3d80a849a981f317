package org.drtune.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fewest JMH runs that measure exactly a list of {@link Probe}s: probes of one benchmark that
 * differ in one parameter share a run (its values comma-separated), and methods of one class with
 * the same parameters share a run (an alternation in the include pattern). A run never measures a
 * combination no probe asked for. Runs keep the order of the probes' first appearance, so the two
 * sides of a ratio run close together in time.
 */
final class ProfileSteps {
  private ProfileSteps() {}

  /** The steps that measure {@code probes} (duplicates measured once). */
  static List<QuickProfile.Step> covering(List<Probe> probes) {
    List<Group> groups = new ArrayList<>();
    for (Probe p : new LinkedHashSet<>(probes)) {
      if (groups.stream().noneMatch(g -> g.absorb(p))) {
        groups.add(new Group(p));
      }
    }
    return groups.stream().map(Group::step).toList();
  }

  /**
   * The cartesian product {@code methods × values of each parameter} of one benchmark class: what
   * one JMH run with these includes and parameters measures.
   */
  private static final class Group {
    private final String className;
    private final Set<String> methods = new LinkedHashSet<>();
    private final Map<String, List<String>> params = new LinkedHashMap<>();

    Group(Probe p) {
      className = p.className();
      methods.add(p.method());
      p.params().keySet().stream()
          .sorted()
          .forEach(k -> params.put(k, new ArrayList<>(p.values(k))));
    }

    /**
     * Adds {@code p} when the group with it is still a product: p is inside it already, p is one of
     * the group's single method and differs in one parameter only, or p is another method with
     * exactly the group's parameters. Returns whether it did.
     */
    boolean absorb(Probe p) {
      if (!p.className().equals(className) || !p.params().keySet().equals(params.keySet())) {
        return false;
      }
      List<String> differing =
          params.keySet().stream().filter(k -> !params.get(k).containsAll(p.values(k))).toList();
      boolean sameValues =
          params.keySet().stream()
              .allMatch(k -> Set.copyOf(params.get(k)).equals(Set.copyOf(p.values(k))));
      if (methods.contains(p.method())) {
        if (differing.isEmpty()) {
          return true;
        }
        if (methods.size() == 1 && differing.size() == 1 && othersEqual(p, differing.get(0))) {
          p.values(differing.get(0)).stream()
              .filter(v -> !params.get(differing.get(0)).contains(v))
              .forEach(params.get(differing.get(0))::add);
          return true;
        }
        return false;
      }
      if (sameValues) {
        methods.add(p.method());
        return true;
      }
      return false;
    }

    /** Whether {@code p} has the group's exact values in every parameter but {@code except}. */
    private boolean othersEqual(Probe p, String except) {
      return params.keySet().stream()
          .filter(k -> !k.equals(except))
          .allMatch(k -> Set.copyOf(params.get(k)).equals(Set.copyOf(p.values(k))));
    }

    QuickProfile.Step step() {
      String m =
          methods.size() == 1 ? methods.iterator().next() : "(" + String.join("|", methods) + ")";
      Map<String, String> p = new LinkedHashMap<>();
      params.forEach((k, v) -> p.put(k, String.join(",", v)));
      return new QuickProfile.Step(className + "\\." + m + "$", p);
    }
  }
}
