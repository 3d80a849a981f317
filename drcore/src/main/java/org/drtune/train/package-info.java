/**
 * Fine-tuning: the new head, loss and per-variable update ops built in Java ({@link org.drtune.train.FineTuneGraph}),
 * the session that runs them ({@link org.drtune.train.FineTuner}), the training loop with checkpoints, resume and
 * early stopping ({@link org.drtune.train.Trainer}), the frozen-prefix feature cache
 * ({@link org.drtune.train.FeatureCache}), and the hyper-parameters ({@link org.drtune.train.TrainingConfig},
 * {@link org.drtune.train.Strategy}, {@link org.drtune.train.Device}).
 */
package org.drtune.train;
