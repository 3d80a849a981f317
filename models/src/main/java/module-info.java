/**
 * The recipes of drtune's backbone and data and their verified download: {@link
 * org.drtune.models.AssetResolver}, {@link org.drtune.models.ModelRecipe}, {@link
 * org.drtune.models.DataRecipe}.
 *
 * <p>{@code org.drtune.models.internal} (the copy mechanism of the option records) is exported to
 * drtune's own modules only: {@code org.drtune} and {@code org.drtune.spark} (drspark, an automatic
 * module: Spark's jars have no valid module names).
 */
// "module": the targets of the qualified export are compiled after this module (javac: "module not
// found")
@SuppressWarnings("module")
module org.drtune.models {
  requires com.fasterxml.jackson.annotation;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;

  exports org.drtune.models;
  exports org.drtune.models.internal to
      org.drtune,
      org.drtune.spark;
}
