/**
 * Backbone and data recipes: where each pretrained backbone and dataset comes from, its files'
 * sizes and checksums, and how they are found on disk or downloaded and verified ({@link
 * org.drtune.models.AssetResolver}). No TensorFlow: drcore converts the verified weights into a
 * graph.
 */
package org.drtune.models;
