/**
 * Importing a frozen backbone into TensorFlow Java and making it trainable: {@link org.drtune.graph.BackboneProfile}
 * names its nodes and layers, {@link org.drtune.graph.GraphSurgery} rewrites the GraphDef and
 * {@link org.drtune.graph.BackboneImport} puts the steps together.
 */
package org.drtune.graph;
