package org.drtune.internal.graph;

import java.util.Set;
import org.tensorflow.proto.GraphDef;

/**
 * Prepares a frozen backbone GraphDef for fine-tuning: checks it, prunes it to the ancestors of the
 * cut node (so the old 1000-class classifier never becomes a variable), rewrites legacy {@code
 * Concat} to {@code ConcatV2} and turns its weight constants into trainable {@code VariableV2}
 * variables initialised from the imported values.
 *
 * <p>Import the result with {@code graph.importGraphDef(prepared)}; the first {@code Session.run}
 * assigns the imported weights.
 */
public final class BackboneImport {
  private BackboneImport() {}

  /**
   * Prepares {@code frozen} for training with the head attached at {@code cutNode}.
   *
   * @param frozen frozen inference graph (weights as Const nodes)
   * @param profile names of the backbone's input and layers
   * @param cutNode the node where the new head attaches (see {@link
   *     BackboneProfile.Layer#output()})
   * @return the pruned, trainable GraphDef
   * @throws IllegalArgumentException when the graph lacks the input or cut node or holds resource
   *     variables
   */
  public static GraphDef prepareForTraining(
      GraphDef frozen, BackboneProfile profile, String cutNode) {
    GraphSurgery.validate(frozen, profile.inputNode(), cutNode);
    GraphDef pruned = GraphSurgery.prune(frozen, Set.of(cutNode));
    GraphDef v2 = GraphSurgery.concatToConcatV2(pruned);
    return GraphSurgery.constantsToVariables(v2, GraphSurgery.weightConstants(v2));
  }
}
