package org.drtune.model;

/** The order of colour channels in the float input a backbone expects. */
public enum ChannelOrder {
  /** Red, green, blue (TensorFlow-trained models). */
  RGB,
  /** Blue, green, red (Caffe-trained models such as the ImageNet GoogLeNet). */
  BGR
}
