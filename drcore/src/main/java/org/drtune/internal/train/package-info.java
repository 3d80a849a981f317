/**
 * Internal (no compatibility promise). Fine-tuning: the new head, loss and per-variable update ops
 * built in Java ({@link org.drtune.internal.train.FineTuneGraph}), the session that runs them
 * ({@link org.drtune.internal.train.FineTuner}), the training loop with checkpoints, resume and
 * early stopping ({@link org.drtune.internal.train.Trainer}), the frozen-prefix feature cache
 * ({@link org.drtune.internal.train.FeatureCache}), and the hyper-parameters ({@link
 * org.drtune.training.TrainingConfig}, {@link org.drtune.training.Strategy}, {@link
 * org.drtune.Device}).
 */
package org.drtune.internal.train;
