package org.drtune.spark;

/**
 * Apache Spark is not on the class path of a command that needs it; the message says what to do.
 */
public class SparkUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message and the class that could not be found. */
  public SparkUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns when Spark's {@code SparkSession} can be loaded; else throws with {@code what} needs
   * Apache Spark 4, how to get it, and {@code alternative} (may be empty).
   */
  static void requireSpark(String what, String alternative) {
    try {
      Class.forName(
          "org.apache.spark.sql.SparkSession",
          false,
          SparkUnavailableException.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new SparkUnavailableException(
          what
              + " needs Apache Spark 4 (Scala 2.13) on the class path: set SPARK_HOME to a"
              + " Spark 4.2 installation (bin/drtune then adds $SPARK_HOME/jars)"
              + alternative,
          e);
    }
  }
}
