/**
 * Internal (no compatibility promise). Importing a frozen backbone into TensorFlow Java and making
 * it trainable: {@link org.drtune.internal.graph.BackboneProfile} names its nodes and layers,
 * {@link org.drtune.internal.graph.GraphSurgery} rewrites the GraphDef and {@link
 * org.drtune.internal.graph.BackboneImport} puts the steps together.
 */
package org.drtune.internal.graph;
