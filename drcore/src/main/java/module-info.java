/**
 * drtune: fine-tunes an ImageNet GoogLeNet to grade diabetic retinopathy, and grades photographs
 * with the exported model. The API packages below are exported (listed on one page in docs/API.md);
 * everything under {@code org.drtune.internal} is not.
 *
 * <p>An application reads this module with {@code requires org.drtune;} (it brings {@code
 * org.drtune.models} and {@code java.desktop}, whose types the API uses) and puts one TensorFlow
 * native build ({@code tensorflow-core-native}, classifier {@code linux-x86_64} or {@code
 * linux-x86_64-gpu}) on the class path or the module path.
 */
// "requires-automatic": protobuf-java and xchart have no module-info; their manifests name them
// (Automatic-Module-Name), so the names are stable
@SuppressWarnings("requires-automatic")
module org.drtune {
  requires transitive java.desktop;
  requires transitive org.drtune.models;
  requires com.fasterxml.jackson.annotation;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.google.protobuf;
  requires org.bytedeco.javacpp;
  requires org.knowm.xchart;
  requires org.slf4j;
  requires org.tensorflow.ndarray;
  requires tensorflow;
  requires tensorflow.nativelib;

  exports org.drtune;
  exports org.drtune.eval;
  exports org.drtune.experiments;
  exports org.drtune.features;
  exports org.drtune.grading;
  exports org.drtune.model;
  exports org.drtune.training;

  // RecordCopy (org.drtune.models) makes the withX copies of these packages' option records
  opens org.drtune.internal.data to
      org.drtune.models;
  // Jackson reads and writes the feature cache's meta.json and the checkpoints' training state
  opens org.drtune.internal.train to
      com.fasterxml.jackson.databind;
}
