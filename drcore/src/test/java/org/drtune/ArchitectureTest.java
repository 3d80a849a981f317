package org.drtune;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public API and the package layering, checked on the compiled classes of drcore and models:
 * what an embedding application can see holds no TensorFlow, protobuf or internal type, internal
 * packages form no cycle and never call the API's entry points, and the serving side never reaches
 * into the training side.
 */
class ArchitectureTest {
  /** The packages an application may use; everything else is {@code org.drtune.internal..}. */
  static final Set<String> API_PACKAGES =
      Set.of(
          "org.drtune",
          "org.drtune.grading",
          "org.drtune.training",
          "org.drtune.model",
          "org.drtune.features",
          "org.drtune.eval",
          "org.drtune.experiments",
          "org.drtune.models");

  /** The most top-level types a public package may hold: one that grows past it gets split. */
  static final int MAX_TYPES_PER_PACKAGE = 25;

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.drtune");
  }

  @Test
  void publicSignaturesHoldNoTensorFlowProtobufOrInternalType() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      if (!API_PACKAGES.contains(c.getPackageName()) || !visible(c)) {
        continue;
      }
      for (JavaClass t : c.getAllRawInterfaces()) {
        check(c.getName() + " implements", Set.of(t), violations);
      }
      c.getRawSuperclass().ifPresent(t -> check(c.getName() + " extends", Set.of(t), violations));
      for (JavaMember m : c.getMembers()) {
        if (!m.getModifiers().contains(JavaModifier.PUBLIC)
            && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
          continue;
        }
        Set<JavaClass> involved = new java.util.HashSet<>();
        if (m instanceof JavaCodeUnit u) {
          u.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
          involved.addAll(u.getReturnType().getAllInvolvedRawTypes());
          u.getThrowsClause().getTypes().forEach(involved::add);
        } else if (m instanceof JavaField f) {
          involved.addAll(f.getType().getAllInvolvedRawTypes());
        }
        check(m.getFullName(), involved, violations);
      }
    }
    assertThat(violations)
        .as("public members of the API exposing TensorFlow, protobuf or internal types")
        .isEmpty();
  }

  private static boolean visible(JavaClass c) {
    for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
      if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static void check(String where, Set<JavaClass> types, List<String> violations) {
    Set<String> bad = new TreeSet<>();
    for (JavaClass t : types) {
      String n = t.getName();
      if (n.startsWith("org.tensorflow.")
          || n.startsWith("com.google.protobuf.")
          || n.contains(".internal.")) {
        bad.add(n);
      }
    }
    if (!bad.isEmpty()) {
      violations.add(where + " -> " + bad);
    }
  }

  @Test
  void internalPackagesFormNoCycle() {
    SlicesRuleDefinition.slices()
        .matching("org.drtune.internal.(*)..")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void internalCodeNeverCallsTheApisEntryPoints() {
    noClasses()
        .that()
        .resideInAPackage("org.drtune.internal..")
        .should()
        .dependOnClassesThat()
        .haveNameMatching(
            "org\\.drtune\\.(grading\\.DrClassifier|training\\.(FineTuneJob|ImageNetClassifier|Recipes)"
                + "|experiments\\.Experiments)(\\$.*)?")
        .check(classes);
  }

  @Test
  void servingCodeDoesNotDependOnTrainingCode() {
    noClasses()
        .that()
        .resideInAPackage("org.drtune.grading..")
        .or()
        .resideInAPackage("org.drtune.internal.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.drtune.training..",
            "org.drtune.experiments..",
            "org.drtune.internal.train..",
            "org.drtune.internal.graph..",
            "org.drtune.internal.experiments..")
        .check(classes);
  }

  @Test
  void theModelsModuleNeedsNoTensorFlow() {
    noClasses()
        .that()
        .resideInAPackage("org.drtune.models..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.tensorflow..")
        .check(classes);
  }

  @Test
  void noPublicPackageHoldsMoreThan25TopLevelTypes() {
    java.util.Map<String, Integer> count = new java.util.TreeMap<>();
    for (JavaClass c : classes) {
      if (API_PACKAGES.contains(c.getPackageName())
          && c.isTopLevelClass()
          && !c.getSimpleName().equals("package-info")) {
        count.merge(c.getPackageName(), 1, Integer::sum);
      }
    }
    assertThat(count).as("top-level types per public package").isNotEmpty();
    assertThat(count.entrySet())
        .as("public packages holding more than %d top-level types", MAX_TYPES_PER_PACKAGE)
        .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isLessThanOrEqualTo(25));
  }

  /**
   * No cycle of types spans packages, public and internal alike: read from the compiled classes by
   * the JDK's {@code jdeps -verbose:class} (nested types count as their top-level type), each
   * strongly connected group of types must lie in one package. A cycle such as a public type that
   * calls an internal one which names it back ties both packages into one unit that cannot change
   * apart.
   */
  @Test
  void noCycleOfTypesSpansPackages() throws Exception {
    java.nio.file.Path compiled =
        java.nio.file.Path.of(
            org.drtune.grading.DrClassifier.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    java.util.Map<String, Set<String>> graph = TypeGraph.fromJdeps(compiled);
    assertThat(graph).as("types jdeps found in %s", compiled).hasSizeGreaterThan(100);
    List<List<String>> spanning = new ArrayList<>();
    for (List<String> group : TypeGraph.stronglyConnected(graph)) {
      if (group.stream().map(TypeGraph::packageOf).distinct().count() > 1) {
        spanning.add(group);
      }
    }
    assertThat(spanning).as("cycles of types that span packages").isEmpty();
  }
}
