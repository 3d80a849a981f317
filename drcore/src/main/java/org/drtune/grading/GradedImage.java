package org.drtune.grading;

/**
 * One graded photograph of a batch.
 *
 * @param id the photograph's file path as given, or its id in a dataset split
 * @param label its true grade when it came from labelled data, else -1
 * @param result the classification
 */
public record GradedImage(String id, int label, DrResult result) {}
