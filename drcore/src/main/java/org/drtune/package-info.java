/**
 * The public API of drtune (listed on one page in docs/API.md): {@link org.drtune.DrClassifier}
 * grades fundus photographs with an exported model and evaluates it on labelled data, {@link
 * org.drtune.FineTuneJob} fine-tunes the ImageNet GoogLeNet on DR data as a {@link
 * org.drtune.FineTuneRequest} describes and exports it with its {@link org.drtune.ModelCard},
 * {@link org.drtune.Recipes} names the cross-validated recipes, {@link org.drtune.LabelScheme} owns
 * what the outputs mean, and {@link org.drtune.ImageNetClassifier} checks the pretrained weights on
 * ImageNet classes. Nothing here exposes a TensorFlow type; implementation lives under {@code
 * org.drtune.internal} and may change in any release.
 */
package org.drtune;
