/**
 * Internal (no compatibility promise). Trains and evaluates the folds of a cross-validated setting
 * for {@link org.drtune.experiments.Experiments}.
 */
package org.drtune.internal.experiments;
