/**
 * drtune: fine-tunes an ImageNet GoogLeNet to grade diabetic retinopathy. The public API is split
 * by audience, one package each (listed on one page in docs/API.md):
 *
 * <ul>
 *   <li>{@link org.drtune.grading} grades photographs with an exported model ({@link
 *       org.drtune.grading.DrClassifier}) and evaluates it on labelled data;
 *   <li>{@link org.drtune.training} fine-tunes the network ({@link
 *       org.drtune.training.FineTuneJob}) on DR data as a {@link
 *       org.drtune.training.FineTuneRequest} describes, with the cross-validated {@link
 *       org.drtune.training.Recipes};
 *   <li>{@link org.drtune.model} is the contract of an exported model that applications read: its
 *       {@link org.drtune.model.ModelCard}, screening rule and preprocessing;
 *   <li>{@link org.drtune.features} computes a run's frozen features somewhere else (the interface
 *       the Spark module implements);
 *   <li>{@link org.drtune.eval} and {@link org.drtune.experiments} hold the metrics and the
 *       cross-validation of settings.
 * </ul>
 *
 * <p>This package holds what every audience shares: where TensorFlow runs ({@link
 * org.drtune.Device}, {@link org.drtune.Precision}), what the build is ({@link
 * org.drtune.BuildInfo}), and the errors of reading inputs. Nothing public exposes a TensorFlow
 * type; the implementation lives under {@code org.drtune.internal} and may change in any release.
 */
package org.drtune;
