package io.fullspectrum.generators;

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
    long total = 0;
    for (float[] s : scores) {
      total += s.length;
    }
    if (keep < 0 || keep > total) {
      throw new IllegalArgumentException("cannot keep " + keep + " of " + total + " weights");
    }
    byte[][] masks = new byte[scores.size()][];
    for (int l = 0; l < scores.size(); l++) {
      masks[l] = new byte[scores.get(l).length];
    }
    if (keep == 0) {
      return masks;
    }
    // Every score above the k-th largest is kept, and of those equal to it as many as the budget has left,
    // lowest global index first.
    Threshold t = kthLargest(scores, keep);
    long ties = keep - t.above();
    if (t.key() == Integer.MIN_VALUE) {
      // NaN is the threshold: every number is kept, and as many NaNs as the budget has left.
      for (int l = 0; l < scores.size(); l++) {
        float[] s = scores.get(l);
        byte[] m = masks[l];
        for (int i = 0; i < m.length; i++) {
          if (s[i] == s[i] || ties-- > 0) {
            m[i] = 1;
          }
        }
      }
      return masks;
    }
    // A number's key order is its float order (-0 == 0), and NaN compares false, so the float itself is compared.
    float threshold = number(t.key());
    for (int l = 0; l < scores.size(); l++) {
      float[] s = scores.get(l);
      byte[] m = masks[l];
      for (int i = 0; i < m.length; i++) {
        float v = s[i];
        if (v > threshold) {
          m[i] = 1;
        } else if (v == threshold && ties > 0) {
          m[i] = 1;
          ties--;
        }
      }
    }
    return masks;
  }

  /** The k-th largest key and how many keys lie strictly above it. */
  record Threshold(int key, long above) {}

  /**
   * The {@code k}-th largest score's key (1-based, duplicates counted) by a two-level radix selection: a histogram
   * of every key's high 16 bits finds the bucket holding it, a histogram of the low 16 bits of that bucket's keys
   * finds the key. Two reading passes over the scores and two 256 KB histograms, where the quickselect it replaced
   * (bench/topk.sh) first copied every key (45 MB for ResNet-18) and then partitioned the copy two or three times.
   */
  static Threshold kthLargest(List<float[]> scores, long k) {
    int[] high = new int[1 << 16];
    for (float[] s : scores) {
      countHigh(s, high);
    }
    long above = 0;
    int b = high.length - 1;
    while (above + high[b] < k) {
      above += high[b--];
    }
    int[] low = new int[1 << 16];
    for (float[] s : scores) {
      countLow(s, b, low);
    }
    int c = low.length - 1;
    while (above + low[c] < k) {
      above += low[c--];
    }
    return new Threshold(((b ^ 0x8000) << 16) | c, above);
  }

  private static void countHigh(float[] scores, int[] high) {
    for (float v : scores) {
      high[bucket(sortable(v))]++;
    }
  }

  /** Counts the keys of bucket {@code b} by their low 16 bits. */
  private static void countLow(float[] scores, int b, int[] low) {
    for (float v : scores) {
      int key = sortable(v);
      if (bucket(key) == b) {
        low[key & 0xffff]++;
      }
    }
  }

  /** The float of a key that is not NaN's (the inverse of {@link #sortable} up to the sign of zero). */
  static float number(int key) {
    int bits = key >= 0 ? key : (key - 1) ^ 0x7fffffff;
    return Float.intBitsToFloat(bits);
  }

  /** The high 16 bits of a key as an index whose unsigned order is the keys' signed order. */
  private static int bucket(int key) {
    return (key >>> 16) ^ 0x8000;
  }

  /** An int whose signed order is the float's numeric order; {@code -0 == 0}, and every NaN is the lowest. */
  static int sortable(float v) {
    if (v != v) {
      return Integer.MIN_VALUE;
    }
    int bits = Float.floatToRawIntBits(v);
    // Negative floats: flip the magnitude bits so larger magnitudes sort lower, then shift up by one so that -0
    // lands on +0's key (no finite float maps to the key in between).
    return (bits ^ ((bits >> 31) & 0x7fffffff)) + (bits >>> 31);
  }
}
