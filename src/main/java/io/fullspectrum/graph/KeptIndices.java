package io.fullspectrum.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The flat indices of a 0/1 mask's kept entries, ascending, and their count: what the graphs and the connectivity
 * check walk instead of every entry (at 99% sparsity a layer keeps 1 entry in 100). Reads eight entries at a time.
 */
public final class KeptIndices {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private KeptIndices() {}

  /** How many entries of a 0/1 mask are 1: eight a step (times 0x0101...01 sums a word's bytes into its top byte). */
  public static long count(byte[] mask) {
    long k = 0;
    int i = 0;
    for (; i + 8 <= mask.length; i += 8) {
      k += ((long) LONGS.get(mask, i) * 0x0101_0101_0101_0101L) >>> 56;
    }
    for (; i < mask.length; i++) {
      k += mask[i];
    }
    return k;
  }

  /** The indices {@code i} with {@code mask[i] != 0}, ascending. */
  public static int[] of(byte[] mask) {
    int[] kept = new int[64];
    int n = 0;
    int i = 0;
    for (; i + 8 <= mask.length; i += 8) {
      if ((long) LONGS.get(mask, i) == 0L) {
        continue;
      }
      for (int k = i; k < i + 8; k++) {
        if (mask[k] != 0) {
          if (n == kept.length) {
            kept = Arrays.copyOf(kept, n * 2);
          }
          kept[n++] = k;
        }
      }
    }
    for (; i < mask.length; i++) {
      if (mask[i] != 0) {
        if (n == kept.length) {
          kept = Arrays.copyOf(kept, n * 2);
        }
        kept[n++] = i;
      }
    }
    return Arrays.copyOf(kept, n);
  }
}
