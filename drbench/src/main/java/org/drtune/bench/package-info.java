/**
 * JMH benchmarks of drtune's throughput: inference, training steps, feature cache, data pipeline,
 * roofline.
 */
package org.drtune.bench;
