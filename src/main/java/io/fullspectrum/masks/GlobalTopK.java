package io.fullspectrum.masks;

import java.util.List;

/**
 * Global selection (spec §5): keep exactly {@code k = floor(density * total)} weights with the highest scores
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
    // One packed long key per weight, unique and ordered as (score desc, index asc): the k largest keys are the
    // kept weights. A selection (quickselect, O(n) expected) finds the k-th key; no full sort.
    long[] keys = new long[total];
    int at = 0;
    for (float[] s : scores) {
      for (float v : s) {
        keys[at] = (long) sortable(v) << 32 | (0xffffffffL - at);
        at++;
      }
    }
    byte[][] masks = new byte[scores.size()][];
    for (int l = 0; l < scores.size(); l++) {
      masks[l] = new byte[scores.get(l).length];
    }
    if (keep == 0) {
      return masks;
    }
    long threshold = kthLargest(keys.clone(), (int) keep);
    at = 0;
    for (int l = 0; l < scores.size(); l++) {
      byte[] m = masks[l];
      for (int i = 0; i < m.length; i++, at++) {
        if (keys[at] >= threshold) {
          m[i] = 1;
        }
      }
    }
    return masks;
  }

  /** The {@code k}-th largest of distinct keys (1-based), by an iterative quickselect that reorders {@code a}. */
  static long kthLargest(long[] a, int k) {
    int target = a.length - k; // index of the answer in ascending order
    int lo = 0;
    int hi = a.length - 1;
    java.util.SplittableRandom random = new java.util.SplittableRandom(a.length);
    while (lo < hi) {
      long pivot = a[lo + random.nextInt(hi - lo + 1)];
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
          long t = a[i];
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
