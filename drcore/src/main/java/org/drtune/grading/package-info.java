/**
 * Grading photographs with an exported model: {@link org.drtune.grading.DrClassifier} (one
 * photograph, many, a folder, a labelled split), its results ({@link org.drtune.grading.DrResult},
 * {@link org.drtune.grading.Grading}), the quality check that refuses what cannot be graded ({@link
 * org.drtune.grading.QualityMeasures}, {@link org.drtune.grading.QualityThresholds}), the DR grades
 * and what a model's outputs mean ({@link org.drtune.grading.LabelScheme}).
 */
package org.drtune.grading;
