/**
 * Internal (no compatibility promise). The model contract in one place: the folder layout ({@link
 * org.drtune.internal.model.ModelFiles}), the serving signature ({@link
 * org.drtune.internal.model.ServingSignature}), export ({@link
 * org.drtune.internal.model.ModelExport}), load-time verification ({@link
 * org.drtune.internal.model.ModelLoader}), digests ({@link org.drtune.internal.model.Digests}),
 * atomic writes ({@link org.drtune.internal.model.AtomicFiles}), card JSON ({@link
 * org.drtune.internal.model.CardJson}) and the versions cards record ({@link
 * org.drtune.internal.model.Versions}). Training, classification and the benchmarks all go through
 * it; it depends on no training code.
 */
package org.drtune.internal.model;
