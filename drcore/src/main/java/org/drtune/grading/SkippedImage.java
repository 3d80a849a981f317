package org.drtune.grading;

/**
 * A photograph left out because it could not be read.
 *
 * @param id the image's id (its file name without extension, or its index in a split)
 * @param reason why, naming the file
 */
public record SkippedImage(String id, String reason) {}
