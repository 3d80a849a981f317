/**
 * Internal (no compatibility promise). The fundus data pipeline: reading labelled fundus
 * photographs from the layouts DR data comes in, decoding them safely, preprocessing them for the
 * GoogLeNet backbone and streaming them to the training loop in batches.
 *
 * <ul>
 *   <li>{@link org.drtune.internal.data.Datasets#open(java.nio.file.Path,
 *       org.drtune.training.DatasetOptions)} detects the layout (a MedMNIST {@code .npz}, a folder
 *       of class folders, an EyePACS or APTOS label CSV) and returns {@link
 *       org.drtune.internal.data.DatasetSplits};
 *   <li>{@link org.drtune.internal.data.ImageDecoder} turns JPEG and PNG bytes into RGB images,
 *       refusing oversized or broken files with an {@link org.drtune.ImageLoadException};
 *   <li>{@link org.drtune.internal.data.Preprocessor} applies a {@link
 *       org.drtune.model.Preprocessing} (border crop, square pad, resize, local-average-colour
 *       subtraction, backbone normalisation) and writes float32 HWC input;
 *   <li>{@link org.drtune.internal.data.BatchLoader} decodes and preprocesses on worker threads and
 *       yields {@link org.drtune.internal.data.Batch}es in order, with a bounded prefetch queue;
 *   <li>{@link org.drtune.internal.data.Sampling} and {@link
 *       org.drtune.internal.data.TrainValidationSplit} hold the seeded shuffles, class weights,
 *       balanced sampling and stratified (patient-level) splits.
 * </ul>
 *
 * <p>This package is pure Java (ImageIO, Jackson); it uses no TensorFlow type.
 */
package org.drtune.internal.data;
