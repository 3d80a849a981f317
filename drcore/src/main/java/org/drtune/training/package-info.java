/**
 * Fine-tuning: {@link org.drtune.training.FineTuneJob} runs what a {@link
 * org.drtune.training.FineTuneRequest} describes (data, run folder, recipe or settings, backbone,
 * device) and exports the model; {@link org.drtune.training.Recipes} names the cross-validated
 * recipes, {@link org.drtune.training.TrainingConfig} holds the hyper-parameters, {@link
 * org.drtune.training.Strategy} the four transfer scenarios, and {@link
 * org.drtune.training.TrainingListener} receives the progress.
 */
package org.drtune.training;
