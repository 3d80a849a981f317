/**
 * Backbone recipes: where each pretrained backbone comes from, its file checksums, how it is found on disk or
 * downloaded ({@link org.drtune.models.AssetResolver}), and how its raw weights are converted into a frozen
 * TensorFlow GraphDef ({@link org.drtune.internal.graph.GoogLeNetConverter}).
 */
package org.drtune.models;
