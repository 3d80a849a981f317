/**
 * The contract of an exported model, what an application reads next to the SavedModel: the {@link
 * org.drtune.model.ModelCard} (or {@link org.drtune.model.EnsembleCard}), the {@link
 * org.drtune.model.Screening} rule chosen on validation data, and the {@link
 * org.drtune.model.Preprocessing} that inference repeats.
 */
package org.drtune.model;
