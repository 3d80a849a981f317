/**
 * Frozen features computed somewhere else than the training JVM: a {@link
 * org.drtune.features.FeatureProvider} (the interface the Spark module implements) is asked for a
 * {@link org.drtune.features.FeatureJob} per split and computes it with a {@link
 * org.drtune.features.FeatureExtractor}; {@link org.drtune.features.CacheDtype} is how the values
 * are stored.
 */
package org.drtune.features;
