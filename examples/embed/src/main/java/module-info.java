/**
 * An application that embeds drtune as a module: {@code requires org.drtune} reads the API
 * packages (and {@code org.drtune.models} and {@code java.desktop}, which they use); the
 * implementation under {@code org.drtune.internal} stays out of reach, at compile time and at run
 * time.
 */
module org.drtune.examples.embed {
  requires org.drtune;
}
