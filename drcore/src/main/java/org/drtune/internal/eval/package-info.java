/**
 * Internal (no compatibility promise). The metric functions behind {@link
 * org.drtune.eval.Evaluation}: accuracy, one-vs-rest AUC, quadratic weighted kappa, operating
 * points, the bootstrap.
 */
package org.drtune.internal.eval;
