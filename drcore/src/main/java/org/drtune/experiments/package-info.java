/**
 * Cross-validation of fine-tuning settings on any labelled dataset, patient-level for EyePACS ids
 * ({@link org.drtune.experiments.Experiments}, also {@code drtune crossval}), its result records
 * and ensembles of settings ({@link org.drtune.experiments.CrossValidation}).
 */
package org.drtune.experiments;
