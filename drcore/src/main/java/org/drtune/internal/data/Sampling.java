package org.drtune.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded index orders and class balance for training: per-epoch shuffles, class counts and weights,
 * and a balanced sampler. Every method is deterministic given its seed and epoch.
 */
public final class Sampling {

  private Sampling() {}

  /**
   * Counts the labels of each class.
   *
   * @param labels the labels
   * @param numClasses the number of classes
   * @return {@code numClasses} counts
   * @throws IllegalArgumentException if a label is out of range
   */
  public static int[] classCounts(int[] labels, int numClasses) {
    int[] counts = new int[numClasses];
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException(
            "label "
                + label
                + " at index "
                + i
                + " is out of range: "
                + "expected 0.."
                + (numClasses - 1));
      }
      counts[label]++;
    }
    return counts;
  }

  /**
   * Returns inverse-frequency class weights {@code w_k = n / (K * count_k)}, where {@code n} is the
   * number of labels and {@code K} the number of classes present: a class of average size weighs 1,
   * a class half as frequent weighs 2, and the weighted class totals are all equal. A class absent
   * from the labels gets weight 0 (there is nothing to weight).
   *
   * @param labels the training labels
   * @param numClasses the number of classes
   * @return {@code numClasses} weights
   * @throws IllegalArgumentException if there are no labels or a label is out of range
   */
  public static double[] classWeights(int[] labels, int numClasses) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("class weights need at least one label, got none");
    }
    int[] counts = classCounts(labels, numClasses);
    int present = 0;
    for (int count : counts) {
      present += count > 0 ? 1 : 0;
    }
    double[] weights = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      weights[k] = counts[k] == 0 ? 0 : (double) labels.length / ((double) present * counts[k]);
    }
    return weights;
  }

  /**
   * Returns a shuffled order of {@code 0 .. size-1}, different for each epoch.
   *
   * @param size the number of items
   * @param seed the shuffle seed
   * @param epoch the epoch number
   * @return a permutation of {@code 0 .. size-1}
   */
  public static int[] shuffledOrder(int size, long seed, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = random(seed, epoch);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /**
   * Returns a class-balanced order: each position draws a class uniformly among the classes
   * present, then the next image of that class from a per-class shuffle that restarts (reshuffled)
   * when used up. Rare classes are therefore repeated and frequent ones under-sampled.
   *
   * @param labels the training labels
   * @param numClasses the number of classes
   * @param length the number of indices to produce (for example the dataset size for one epoch)
   * @param seed the sampler seed
   * @param epoch the epoch number
   * @return {@code length} indices into {@code labels}
   * @throws IllegalArgumentException if there are no labels, a label is out of range or length is
   *     negative
   */
  public static int[] balancedOrder(
      int[] labels, int numClasses, int length, long seed, int epoch) {
    if (labels.length == 0 || length < 0) {
      throw new IllegalArgumentException(
          "a balanced order needs labels and a length >= 0, got "
              + labels.length
              + " labels and length "
              + length);
    }
    classCounts(labels, numClasses);
    List<int[]> pools = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int k = 0; k < numClasses; k++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      members.get(labels[i]).add(i);
    }
    for (List<Integer> member : members) {
      if (!member.isEmpty()) {
        pools.add(member.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    SplittableRandom random = random(seed, epoch);
    int[] cursor = new int[pools.size()];
    for (int[] pool : pools) {
      shuffle(pool, random);
    }
    int[] order = new int[length];
    for (int i = 0; i < length; i++) {
      int k = random.nextInt(pools.size());
      int[] pool = pools.get(k);
      if (cursor[k] == pool.length) {
        shuffle(pool, random);
        cursor[k] = 0;
      }
      order[i] = pool[cursor[k]++];
    }
    return order;
  }

  private static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  private static SplittableRandom random(long seed, int epoch) {
    return new SplittableRandom(Rotation.mix(seed) ^ Rotation.mix(0x5DEECE66DL + epoch));
  }
}
