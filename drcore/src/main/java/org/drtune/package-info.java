/**
 * The public API of drtune: {@link org.drtune.DrClassifier} grades fundus photographs with an exported model,
 * {@link org.drtune.FineTuneJob} fine-tunes the ImageNet GoogLeNet on DR data and exports it with its
 * {@link org.drtune.ModelCard}, {@link org.drtune.Recipes} names the cross-validated defaults, and
 * {@link org.drtune.ImageNetClassifier} checks the pretrained weights on ImageNet classes.
 */
package org.drtune;
