/**
 * Internal (no compatibility promise). Human-readable reports of training and evaluation: PNG plots
 * of the loss and metric curves and of the confusion matrix ({@link
 * org.drtune.internal.report.Plots}, drawn with XChart in headless mode), and one self-contained
 * HTML page that embeds them with the metrics, the history and the model card ({@link
 * org.drtune.internal.report.HtmlReport}).
 *
 * <p>Every file is written to a temporary name in the target directory and then renamed, so a
 * reader never sees a half-written report.
 */
package org.drtune.internal.report;
