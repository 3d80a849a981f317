/**
 * Evaluation of a DR grader: the bundle of every metric for one dataset ({@link
 * org.drtune.eval.Evaluation}) and the per-epoch training history ({@link
 * org.drtune.eval.EpochRecord}).
 *
 * <p>Grades are integers {@code 0..K-1} (K = 5 for DR: no DR, mild, moderate, severe,
 * proliferative); probabilities are {@code N x K} arrays whose rows sum to 1 (softmax outputs).
 * Referable DR is grade {@code >= 2} unless configured otherwise. Every result is an immutable
 * record that Jackson can write and read.
 */
package org.drtune.eval;
