package org.drtune.internal.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.tensorflow.TensorFlow;

/**
 * The versions a model card records: drtune's (from the build), TensorFlow Java's, native
 * TensorFlow's, Java's.
 */
public final class Versions {
  private Versions() {}

  private static final String DRTUNE = readDrtuneVersion();

  /** drtune's version, as built (e.g. {@code 0.1.0-SNAPSHOT}). */
  public static String drtune() {
    return DRTUNE;
  }

  /** drtune, TensorFlow Java, native TensorFlow and Java versions, in that order. */
  public static Map<String, String> current() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("drtune", DRTUNE);
    v.put("tensorflowJava", tensorflowJava());
    v.put("tensorflow", TensorFlow.version());
    v.put("java", System.getProperty("java.version"));
    return v;
  }

  /** TensorFlow Java's version, from its jar's Maven metadata. */
  public static String tensorflowJava() {
    String fromManifest = TensorFlow.class.getPackage().getImplementationVersion();
    if (fromManifest != null) {
      return fromManifest;
    }
    try (InputStream in =
        TensorFlow.class.getResourceAsStream(
            "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }

  private static String readDrtuneVersion() {
    try (InputStream in = Versions.class.getResourceAsStream("/org/drtune/version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    String fromManifest = Versions.class.getPackage().getImplementationVersion();
    return fromManifest != null ? fromManifest : "unknown";
  }
}
