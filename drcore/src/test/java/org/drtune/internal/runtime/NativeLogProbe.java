package org.drtune.internal.runtime;

import org.drtune.Device;
import org.drtune.Precision;
import org.drtune.TensorFlowLog;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A child JVM for {@link NativeLoggingTest}: runs two sessions of a small convolution graph in bf16
 * (whose optimiser pass TensorFlow logs at INFO for every new callable) with drtune's default
 * native log level, or with {@code info} first.
 */
public final class NativeLogProbe {
  private NativeLogProbe() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("info")) {
      TensorFlowLog.set(TensorFlowLog.Level.INFO);
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x =
          tf.random.randomUniform(tf.constant(new int[] {2, 16, 16, 3}), TFloat32.class);
      Operand<TFloat32> w =
          tf.random.randomUniform(tf.constant(new int[] {3, 3, 3, 8}), TFloat32.class);
      Operand<TFloat32> y =
          tf.nn.relu(tf.nn.conv2d(x, w, java.util.List.of(1L, 1L, 1L, 1L), "SAME"));
      Operand<TFloat32> z = tf.math.mul(y, tf.constant(2f));
      try (Session s =
          new Session(g, SessionConfig.configProto(Device.cpu(), Precision.BF16, m -> {}))) {
        s.runner().fetch(y).run().close();
        s.runner().fetch(z).run().close();
      }
    }
    System.out.println("level " + TensorFlowLog.current());
  }
}
