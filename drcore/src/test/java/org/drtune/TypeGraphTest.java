package org.drtune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cycle finder behind {@link ArchitectureTest#noCycleOfTypesSpansPackages()}. */
class TypeGraphTest {
  @Test
  void findsEveryCycleAndOnlyCycles() {
    Map<String, Set<String>> g =
        Map.of(
            "p.A", Set.of("q.B"),
            "q.B", Set.of("p.C"),
            "p.C", Set.of("p.A", "r.D"),
            "r.D", Set.of("r.E"),
            "r.E", Set.of("r.D"),
            "s.F", Set.of("p.A"));
    List<List<String>> groups = TypeGraph.stronglyConnected(new java.util.TreeMap<>(g));
    assertThat(groups)
        .extracting(l -> Set.copyOf(l))
        .containsExactlyInAnyOrder(Set.of("p.A", "q.B", "p.C"), Set.of("r.D", "r.E"));
    assertThat(TypeGraph.packageOf("org.drtune.grading.DrClassifier"))
        .isEqualTo("org.drtune.grading");
  }
}
