package io.fullspectrum.nn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A held-out validation split carved from the training set: it picks each fine-tune's epoch, so that the test
 * split is read only to report the chosen epoch. The split is a pure function of the set, the size and the seed:
 * every branch of a run (baseline, each selection) holds out the same images, and trains on all the others.
 *
 * @param train the training images not held out, in their original order
 * @param validation the held-out images, in their original order
 * @param heldOut the indices (into the full training set) of the held-out images, ascending
 */
public record ValidationSplit(ImageSet train, ImageSet validation, int[] heldOut) {
  /**
   * @throws IllegalArgumentException when {@code size} is negative or leaves no training image
   */
  public static ValidationSplit carve(ImageSet set, int size, long seed) {
    if (size < 0 || size >= set.size()) {
      throw new IllegalArgumentException("validation split of " + size + " images: the training set " + set.name()
          + " holds " + set.size() + "; hold out between 0 and " + (set.size() - 1));
    }
    int n = set.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5eed_7a11_da7eL);
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] held = Arrays.copyOf(order, size);
    Arrays.sort(held);
    boolean[] out = new boolean[n];
    for (int i : held) {
      out[i] = true;
    }
    int[] kept = new int[n - size];
    for (int i = 0, k = 0; i < n; i++) {
      if (!out[i]) {
        kept[k++] = i;
      }
    }
    return new ValidationSplit(set.select(kept), set.select(held), held);
  }
}
