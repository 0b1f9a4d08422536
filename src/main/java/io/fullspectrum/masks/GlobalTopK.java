package io.fullspectrum.masks;

import java.util.Arrays;
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
    // Sort global indices by (score desc, index asc) through a packed long key per weight.
    long[] keys = new long[total];
    int at = 0;
    for (float[] s : scores) {
      for (float v : s) {
        keys[at] = (long) sortable(v) << 32 | (0xffffffffL - at);
        at++;
      }
    }
    Arrays.sort(keys);
    byte[][] masks = new byte[scores.size()][];
    int[] offsets = new int[scores.size() + 1];
    for (int l = 0; l < scores.size(); l++) {
      masks[l] = new byte[scores.get(l).length];
      offsets[l + 1] = offsets[l] + scores.get(l).length;
    }
    for (int r = 0; r < keep; r++) {
      int index = (int) (0xffffffffL - (keys[total - 1 - r] & 0xffffffffL));
      int layer = Arrays.binarySearch(offsets, index);
      layer = layer >= 0 ? layer : -layer - 2;
      while (offsets[layer + 1] <= index) {
        layer++;
      }
      masks[layer][index - offsets[layer]] = 1;
    }
    return masks;
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
