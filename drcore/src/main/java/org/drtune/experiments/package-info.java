/**
 * Cross-validation of fine-tuning settings ({@link org.drtune.experiments.CrossValidation}) and the runner of the
 * result tables in docs/RESULTS.md ({@link org.drtune.experiments.Experiments}, also {@code drtune crossval}).
 */
package org.drtune.experiments;
