package org.drtune.internal.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The values of float variables, read in one session run: TensorFlow optimises a graph again for
 * every new set of fetches, so reading a model's 116 variables one run each cost about 1.5 s and
 * printed the optimiser's log for each; one run with every fetch costs about 0.1 s.
 */
public final class VariableValues {
  private VariableValues() {}

  /**
   * Every named variable's values, copied out of TensorFlow (a fetched variable may alias its
   * buffer), in the order of {@code names}.
   *
   * @throws RuntimeException TensorFlow's, when a variable cannot be read (not initialised)
   */
  public static Map<String, float[]> read(Session session, Collection<String> names) {
    Map<String, float[]> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    List<String> order = new ArrayList<>(names);
    Session.Runner runner = session.runner();
    order.forEach(runner::fetch);
    try (Result r = runner.run()) {
      for (int i = 0; i < order.size(); i++) {
        TFloat32 t = (TFloat32) r.get(i);
        float[] v = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(v, false, false));
        out.put(order.get(i), v);
      }
    }
    return out;
  }
}
