package org.drtune.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * BVLC GoogLeNet (Inception v1, the layer sizes of Caffe's {@code deploy.prototxt}) built with
 * DJL's block API in NCHW, the peer of drtune's TensorFlow graph: conv1 7×7/2, max pool, LRN, conv2
 * 1×1 and 3×3, LRN, max pool, inception 3a–3b, max pool, 4a–4e, max pool, 5a–5b, global average
 * pool, dropout 0.4 and a new linear head.
 *
 * <p>Matching drtune's graph: max pools with stride 2 pad like TensorFlow's {@code SAME} (equal to
 * Caffe's ceil mode at 224×224); DJL has no LRN block, so LRN (size 5, alpha 1e-4, beta 0.75, k 1,
 * as in Caffe) is a lambda over DJL's average pool along the channel axis; the head has {@link
 * Workloads#CLASSES} outputs instead of 1000. The auxiliary classifiers of the training prototxt
 * are left out, as in drtune. Weights are DJL's random initialisation: speed does not depend on the
 * values.
 */
final class DjlGoogLeNet {
  private static final float LRN_ALPHA = 1e-4f;
  private static final float LRN_BETA = 0.75f;
  private static final int LRN_SIZE = 5;

  private DjlGoogLeNet() {}

  /** The network, from NCHW float32 images to {@code classes} logits. */
  static Block build(int classes) {
    return new SequentialBlock()
        .add(conv(64, 7, 2, 3))
        .add(DjlGoogLeNet::maxPoolSame)
        .add(DjlGoogLeNet::lrn)
        .add(conv(64, 1, 1, 0))
        .add(conv(192, 3, 1, 1))
        .add(DjlGoogLeNet::lrn)
        .add(DjlGoogLeNet::maxPoolSame)
        .add(inception(64, 96, 128, 16, 32, 32)) // 3a
        .add(inception(128, 128, 192, 32, 96, 64)) // 3b
        .add(DjlGoogLeNet::maxPoolSame)
        .add(inception(192, 96, 208, 16, 48, 64)) // 4a
        .add(inception(160, 112, 224, 24, 64, 64)) // 4b
        .add(inception(128, 128, 256, 24, 64, 64)) // 4c
        .add(inception(112, 144, 288, 32, 64, 64)) // 4d
        .add(inception(256, 160, 320, 32, 128, 128)) // 4e
        .add(DjlGoogLeNet::maxPoolSame)
        .add(inception(256, 160, 320, 32, 128, 128)) // 5a
        .add(inception(384, 192, 384, 48, 128, 128)) // 5b
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Dropout.builder().optRate(0.4f).build())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** Convolution with bias followed by ReLU. */
  private static Block conv(int filters, int kernel, int stride, int pad) {
    return new SequentialBlock()
        .add(
            Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .build())
        .add(Activation.reluBlock());
  }

  /**
   * An inception module: 1×1, 1×1→3×3, 1×1→5×5 and 3×3 max pool→1×1 branches, concatenated on
   * channels.
   */
  private static Block inception(int c1, int r3, int c3, int r5, int c5, int poolProj) {
    return new ParallelBlock(
        DjlGoogLeNet::concatChannels,
        List.of(
            conv(c1, 1, 1, 0),
            new SequentialBlock().add(conv(r3, 1, 1, 0)).add(conv(c3, 3, 1, 1)),
            new SequentialBlock().add(conv(r5, 1, 1, 0)).add(conv(c5, 5, 1, 2)),
            new SequentialBlock()
                .add(
                    x ->
                        new NDList(
                            Pool.maxPool2d(
                                x.singletonOrThrow(),
                                new Shape(3, 3),
                                new Shape(1, 1),
                                new Shape(1, 1),
                                false)))
                .add(conv(poolProj, 1, 1, 0))));
  }

  private static NDList concatChannels(List<NDList> branches) {
    NDList heads = new NDList(branches.size());
    for (NDList b : branches) {
      heads.add(b.singletonOrThrow());
    }
    return new NDList(ai.djl.ndarray.NDArrays.concat(heads, 1));
  }

  /**
   * 3×3 stride-2 max pool with TensorFlow's {@code SAME} output size {@code ceil(in / 2)}:
   * symmetric padding 1 when the total padding is 2, ceil mode (one implicit pad at the end) when
   * it is 1.
   */
  private static NDList maxPoolSame(NDList in) {
    NDArray x = in.singletonOrThrow();
    long h = x.getShape().get(2);
    long out = (h + 1) / 2;
    long totalPad = Math.max((out - 1) * 2 + 3 - h, 0);
    Shape kernel = new Shape(3, 3);
    Shape stride = new Shape(2, 2);
    NDArray y =
        totalPad % 2 == 0
            ? Pool.maxPool2d(x, kernel, stride, new Shape(totalPad / 2, totalPad / 2), false)
            : Pool.maxPool2d(x, kernel, stride, new Shape(0, 0), true);
    return new NDList(y);
  }

  /**
   * Caffe's cross-channel LRN: {@code x / (1 + alpha/size · Σ x²)^beta} over a window of {@code
   * size} channels, the windowed mean computed by an average pool (padding counted, as Caffe
   * divides by size) on {@code (N, 1, C, H·W)}.
   */
  private static NDList lrn(NDList in) {
    NDArray x = in.singletonOrThrow();
    Shape s = x.getShape();
    NDArray sq = x.square().reshape(s.get(0), 1, s.get(1), s.get(2) * s.get(3));
    NDArray mean =
        Pool.avgPool2d(
                sq,
                new Shape(LRN_SIZE, 1),
                new Shape(1, 1),
                new Shape(LRN_SIZE / 2, 0),
                false,
                true)
            .reshape(s);
    return new NDList(x.div(mean.mul(LRN_ALPHA).add(1f).pow(LRN_BETA)));
  }
}
