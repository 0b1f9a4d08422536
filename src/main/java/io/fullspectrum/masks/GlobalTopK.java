package io.fullspectrum.masks;

import java.util.List;

/**
 * Global selection (method §5): keep exactly {@code k = floor(density * total)} weights with the highest scores
 * over all layers together, ties broken by the lower global index, so the achieved density is exact.
 */
public final class GlobalTopK {
  private GlobalTopK() {}

  /** How many weights density {@code 1 - sparsity} keeps of {@code total}. */
  public static long keepCount(double sparsity, long total) {
    return (long) Math.floor((1.0 - sparsity) * total + 1e-9);
  }

  /**
   * Masks keeping the {@code keep} highest scores over all layers.
   *
   * @param scores per-layer scores, NaN counted as the lowest
   */
  public static byte[][] select(List<float[]> scores, long keep) {
    int total = 0;
    for (float[] s : scores) {
      total += s.length;
    }
    if (keep < 0 || keep > total) {
      throw new IllegalArgumentException("cannot keep " + keep + " of " + total + " weights");
    }
    // The k-th largest score (duplicates counted) by a selection (quickselect, O(n) expected) over one int per
    // weight whose order is the scores' (4 bytes a weight: 45 MB for ResNet-18, where packed (score, index) keys
    // and their copy took 180 MB a draw); then every score above it is kept, and of those equal to it as many as
    // the budget has left, lowest global index first.
    int[] values = new int[total];
    int at = 0;
    for (float[] s : scores) {
      for (float v : s) {
        values[at++] = sortable(v);
      }
    }
    byte[][] masks = new byte[scores.size()][];
    for (int l = 0; l < scores.size(); l++) {
      masks[l] = new byte[scores.get(l).length];
    }
    if (keep == 0) {
      return masks;
    }
    int threshold = kthLargest(values, (int) keep);
    values = null;
    long above = 0;
    for (float[] s : scores) {
      for (float v : s) {
        if (sortable(v) > threshold) {
          above++;
        }
      }
    }
    long ties = keep - above;
    for (int l = 0; l < scores.size(); l++) {
      float[] s = scores.get(l);
      byte[] m = masks[l];
      for (int i = 0; i < m.length; i++) {
        int v = sortable(s[i]);
        if (v > threshold || (v == threshold && ties-- > 0)) {
          m[i] = 1;
        }
      }
    }
    return masks;
  }

  /** The {@code k}-th largest value (1-based, duplicates counted), by an iterative quickselect that reorders it. */
  static int kthLargest(int[] a, int k) {
    int target = a.length - k; // index of the answer in ascending order
    int lo = 0;
    int hi = a.length - 1;
    java.util.SplittableRandom random = new java.util.SplittableRandom(a.length);
    while (lo < hi) {
      int pivot = a[lo + random.nextInt(hi - lo + 1)];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          int t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return a[target];
      }
    }
    return a[target];
  }

  /** An int whose signed order is the float's numeric order (NaN lowest). */
  private static int sortable(float v) {
    if (Float.isNaN(v)) {
      return Integer.MIN_VALUE;
    }
    int bits = Float.floatToIntBits(v == 0f ? 0f : v);
    return bits >= 0 ? bits : bits ^ 0x7fffffff;
  }
}
