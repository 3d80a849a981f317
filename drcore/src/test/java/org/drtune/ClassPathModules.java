package org.drtune;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The test's class path as a module path, for tools that read drtune's named modules. */
final class ClassPathModules {
  private ClassPathModules() {}

  /**
   * The class path's jars and modules but {@code except} (may be null): test jars (they hold a
   * package of a module again) and folders without a module-info (test classes) left out.
   */
  static String modulePath(Path except) {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      String name = p.getFileName().toString();
      boolean jar = name.endsWith(".jar") && !name.endsWith("-tests.jar");
      if (!p.equals(except) && (jar || Files.isRegularFile(p.resolve("module-info.class")))) {
        entries.add(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Where {@code type}'s class file was loaded from: a folder or a jar. */
  static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
