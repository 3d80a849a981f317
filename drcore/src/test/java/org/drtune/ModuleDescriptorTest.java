package org.drtune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.drtune.grading.DrClassifier;
import org.drtune.models.AssetResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors of drcore ({@code org.drtune}) and models ({@code org.drtune.models}) as
 * compiled: they export the API packages of {@link ArchitectureTest#API_PACKAGES} and nothing else
 * to applications, open only internal packages and only to named modules, and javac refuses a
 * consumer module that names an internal type. (The tests run on the class path; examples/embed
 * runs the descriptors on the module path.)
 */
class ModuleDescriptorTest {
  private static final String INTERNAL = "org.drtune.internal";

  @Test
  void drcoreExportsEveryApiPackageAndNoInternalOne() {
    ModuleDescriptor d = descriptor(DrClassifier.class, "org.drtune");
    Set<String> api = apiPackagesIn(d);
    assertThat(api).as("drcore's API packages").hasSize(7);
    assertThat(d.packages().stream().filter(p -> !p.startsWith(INTERNAL)))
        .as("drcore's packages outside org.drtune.internal: every one is API")
        .containsExactlyInAnyOrderElementsOf(api);
    assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as(e.toString()).isFalse());
    assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrderElementsOf(api);
  }

  @Test
  void drcoreOpensInternalPackagesOnlyAndOnlyToNamedModules() {
    ModuleDescriptor d = descriptor(DrClassifier.class, "org.drtune");
    assertThat(d.isOpen()).isFalse();
    assertThat(d.opens())
        .isNotEmpty()
        .allSatisfy(
            o -> {
              assertThat(o.source()).as(o.toString()).startsWith(INTERNAL + ".");
              assertThat(o.targets())
                  .as(o.toString())
                  .isNotEmpty()
                  .isSubsetOf("org.drtune.models", "com.fasterxml.jackson.databind");
            });
  }

  @Test
  void modelsSharesItsInternalPackageWithDrtunesModulesOnly() {
    ModuleDescriptor d = descriptor(AssetResolver.class, "org.drtune.models");
    assertThat(apiPackagesIn(d)).containsExactly("org.drtune.models");
    assertThat(d.opens()).isEmpty();
    assertThat(
            d.exports().stream()
                .collect(
                    Collectors.toMap(
                        ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)))
        .containsOnlyKeys("org.drtune.models", "org.drtune.models.internal")
        .containsEntry("org.drtune.models", Set.of())
        .containsEntry("org.drtune.models.internal", Set.of("org.drtune", "org.drtune.spark"));
  }

  @Test
  void aConsumerModuleCompilesAgainstTheApiAndNotAgainstInternalPackages(@TempDir Path tmp)
      throws Exception {
    assertThat(javac(tmp.resolve("api"), "org.drtune.grading.DrClassifier.class")).isEmpty();
    assertThat(javac(tmp.resolve("internal"), "org.drtune.internal.model.CardJson.MAPPER"))
        .contains("package org.drtune.internal.model is not visible")
        .contains(
            "(package org.drtune.internal.model is declared in module org.drtune, which does not"
                + " export it)");
    assertThat(javac(tmp.resolve("shared"), "org.drtune.models.internal.RecordCopy.class"))
        .contains("package org.drtune.models.internal is not visible")
        .contains(
            "(package org.drtune.models.internal is declared in module org.drtune.models, which"
                + " does not export it to module consumer)");
  }

  /**
   * javac's errors for a module {@code consumer} holding {@code expression}; empty when it
   * compiles.
   */
  private static String javac(Path dir, String expression) throws Exception {
    Path pkg = Files.createDirectories(dir.resolve("src/consumer"));
    Path info =
        Files.writeString(
            dir.resolve("src/module-info.java"), "module consumer { requires org.drtune; }\n");
    Path use =
        Files.writeString(
            pkg.resolve("Use.java"),
            "package consumer;\n\nclass Use {\n  Object o = " + expression + ";\n}\n");
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                errors,
                // in-process javac would take the test's class path as its own
                "--class-path",
                Files.createDirectories(dir.resolve("empty")).toString(),
                "--module-path",
                ClassPathModules.modulePath(null),
                "-d",
                dir.resolve("out").toString(),
                info.toString(),
                use.toString());
    return rc == 0 ? "" : "javac exited " + rc + ": " + errors.toString(StandardCharsets.UTF_8);
  }

  private static Set<String> apiPackagesIn(ModuleDescriptor d) {
    return d.packages().stream()
        .filter(ArchitectureTest.API_PACKAGES::contains)
        .collect(Collectors.toSet());
  }

  /** The descriptor of module {@code name}, read from where {@code type} was loaded from. */
  private static ModuleDescriptor descriptor(Class<?> type, String name) {
    return ModuleFinder.of(ClassPathModules.locationOf(type))
        .find(name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no module " + name + " in " + ClassPathModules.locationOf(type)))
        .descriptor();
  }
}
