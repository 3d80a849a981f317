/**
 * Internal (no compatibility promise). The metric functions behind {@link
 * org.drtune.eval.Evaluation}, one class per family: {@link org.drtune.internal.eval.Agreement}
 * (accuracy, confusion matrix, quadratic weighted kappa), {@link org.drtune.internal.eval.Ranking}
 * (ROC AUC, one-vs-rest AUC), {@link org.drtune.internal.eval.OperatingPoints} (referable DR:
 * sensitivity and specificity at a threshold or a target), {@link
 * org.drtune.internal.eval.Bootstrap} (confidence intervals, the paired bootstrap) and the argument
 * checks they share, {@link org.drtune.internal.eval.MetricArguments}.
 *
 * <p>All are pure static functions over {@code int[] labels} (true grades {@code 0..K-1}), {@code
 * int[] predictions} (predicted grades) and {@code float[][] probabilities} ({@code N x K} softmax
 * outputs, each row summing to 1). Undefined values are NaN, never an exception: the AUC of a
 * problem with one class only, the kappa when the expected disagreement is 0. Malformed input
 * (lengths that differ, a grade out of range, a row that is not a probability distribution) throws
 * {@link IllegalArgumentException} saying what was wrong.
 */
package org.drtune.internal.eval;
