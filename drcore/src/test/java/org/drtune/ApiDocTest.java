package org.drtune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/API.md matches the code: it has a section for every public package (of drcore, models and
 * drspark), and each section's tables name exactly the public types of its package.
 */
class ApiDocTest {
  private static final Path ROOT = Path.of(System.getProperty("drtune.repo.root", ".."));

  /** The public packages and the source folder each lives in. */
  private static final Map<String, Path> PACKAGES = packages();

  private static Map<String, Path> packages() {
    Map<String, Path> p = new LinkedHashMap<>();
    for (String pkg : ArchitectureTest.API_PACKAGES) {
      String module = pkg.equals("org.drtune.models") ? "models" : "drcore";
      p.put(pkg, ROOT.resolve(module + "/src/main/java").resolve(pkg.replace('.', '/')));
    }
    p.put("org.drtune.spark", ROOT.resolve("drspark/src/main/java/org/drtune/spark"));
    return p;
  }

  @Test
  void everyPublicPackageHasASectionNamingExactlyItsPublicTypes() throws IOException {
    Map<String, Set<String>> documented = sections(Files.readString(ROOT.resolve("docs/API.md")));
    assertThat(documented.keySet())
        .as("packages with a section in docs/API.md")
        .containsExactlyInAnyOrderElementsOf(PACKAGES.keySet());
    for (Map.Entry<String, Path> e : PACKAGES.entrySet()) {
      assertThat(documented.get(e.getKey()))
          .as("the types docs/API.md names for %s", e.getKey())
          .containsExactlyInAnyOrderElementsOf(publicTypes(e.getValue()));
    }
  }

  /** Package → the backticked type names in the first column of its section's tables. */
  static Map<String, Set<String>> sections(String markdown) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    Pattern heading = Pattern.compile("^## .*`(org\\.drtune[\\w.]*)`.*$");
    Pattern name = Pattern.compile("`([A-Z]\\w*)`");
    Set<String> current = null;
    for (String line : markdown.split("\n")) {
      Matcher h = heading.matcher(line);
      if (h.matches()) {
        current = out.computeIfAbsent(h.group(1), k -> new TreeSet<>());
      } else if (line.startsWith("## ")) {
        current = null;
      } else if (current != null && line.startsWith("| `")) {
        Matcher n = name.matcher(line.substring(1, line.indexOf('|', 1)));
        while (n.find()) {
          current.add(n.group(1));
        }
      }
    }
    return out;
  }

  /** The public top-level types declared in a source folder (not its sub-folders). */
  static Set<String> publicTypes(Path folder) throws IOException {
    Pattern decl =
        Pattern.compile(
            "^public (?:final |abstract |sealed |non-sealed"
                + " )*(?:class|interface|record|enum|@interface) (\\w+)",
            Pattern.MULTILINE);
    Set<String> types = new TreeSet<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = decl.matcher(Files.readString(f));
        if (m.find()) {
          types.add(m.group(1));
        }
      }
    }
    assertThat(types).as("public types in %s", folder).isNotEmpty();
    return types;
  }
}
