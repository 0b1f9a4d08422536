package io.fullspectrum.bench;

import io.fullspectrum.generators.GlobalTopK;
import io.fullspectrum.generators.RandomScores;
import io.fullspectrum.nn.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The global top-k of a draw (issue 18): CIFAR ResNet-18's 11.2M scores at 99% sparsity, {@link GlobalTopK}'s
 * radix selection against the two implementations before it, in the same JVM: the full sort of packed keys, and the
 * quickselect over a copy of every key; prints the times and the ratios.
 */
public final class TopKBench {
  private TopKBench() {}

  /** The previous implementation's cost: packing the keys and sorting all of them. */
  static long[] sortAll(List<float[]> scores) {
    int total = 0;
    for (float[] s : scores) {
      total += s.length;
    }
    long[] keys = new long[total];
    int at = 0;
    for (float[] s : scores) {
      for (float v : s) {
        int bits = Float.floatToIntBits(v == 0f ? 0f : v);
        keys[at] = (long) (bits >= 0 ? bits : bits ^ 0x7fffffff) << 32 | (0xffffffffL - at);
        at++;
      }
    }
    Arrays.sort(keys);
    return keys;
  }

  /**
   * The implementation before the radix selection (until 1f79eba): every key copied, an iterative quickselect on the
   * copy for the threshold, then a pass counting the keys above it and one marking the masks.
   */
  static byte[][] quickselect(List<float[]> scores, long keep) {
    int threshold = quickselectThreshold(scores, keep);
    long above = 0;
    for (float[] s : scores) {
      for (float v : s) {
        if (oldKey(v) > threshold) {
          above++;
        }
      }
    }
    long ties = keep - above;
    byte[][] masks = new byte[scores.size()][];
    for (int l = 0; l < scores.size(); l++) {
      float[] s = scores.get(l);
      byte[] m = new byte[s.length];
      for (int i = 0; i < m.length; i++) {
        int v = oldKey(s[i]);
        if (v > threshold || (v == threshold && ties-- > 0)) {
          m[i] = 1;
        }
      }
      masks[l] = m;
    }
    return masks;
  }

  private static int oldKey(float v) {
    if (Float.isNaN(v)) {
      return Integer.MIN_VALUE;
    }
    int bits = Float.floatToIntBits(v == 0f ? 0f : v);
    return bits >= 0 ? bits : bits ^ 0x7fffffff;
  }

  private static int quickselectThreshold(List<float[]> scores, long keep) {
    int total = 0;
    for (float[] s : scores) {
      total += s.length;
    }
    int[] a = new int[total];
    int at = 0;
    for (float[] s : scores) {
      for (float v : s) {
        a[at++] = oldKey(v);
      }
    }
    int target = a.length - (int) keep;
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

  public static void main(String[] args) {
    Architecture arch = Architecture.of("resnet18", 10);
    List<Integer> sizes = new ArrayList<>();
    for (String name : arch.layerNames()) {
      sizes.add(Arrays.stream(arch.shape(name)).reduce(1, (a, b) -> a * b));
    }
    List<float[]> scores = RandomScores.draw(sizes, 1);
    long keep = GlobalTopK.keepCount(0.99, arch.totalWeights());
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double sortMs = 0;
    double quickMs = 0;
    double radixMs = 0;
    for (int r = 0; r <= rounds; r++) {
      long t0 = System.nanoTime();
      sortAll(scores);
      long t1 = System.nanoTime();
      byte[][] before = quickselect(scores, keep);
      long t2 = System.nanoTime();
      byte[][] after = GlobalTopK.select(scores, keep);
      long t3 = System.nanoTime();
      if (!Arrays.deepEquals(before, after)) {
        throw new AssertionError("the radix selection kept other weights than the quickselect");
      }
      if (r > 0) { // round 0 warms up
        sortMs += (t1 - t0) / 1e6;
        quickMs += (t2 - t1) / 1e6;
        radixMs += (t3 - t2) / 1e6;
      }
    }
    System.out.printf(Locale.ROOT, "global top-k of %d ResNet-18 scores, keep %d (99%%), mean of %d rounds, one "
        + "thread: full sort %.0f ms, quickselect %.0f ms, radix selection %.0f ms (the same masks); "
        + "sort / radix %.1fx, quickselect / radix %.1fx%n", arch.totalWeights(), keep, rounds, sortMs / rounds,
        quickMs / rounds, radixMs / rounds, sortMs / radixMs, quickMs / radixMs);
    // The Random generator's whole draw: every score then the top-k, against the draws above the floor only.
    double fullMs = 0;
    double floorMs = 0;
    for (int r = 0; r <= rounds; r++) {
      long t0 = System.nanoTime();
      byte[][] full = GlobalTopK.select(RandomScores.draw(sizes, 1 + r), keep);
      long t1 = System.nanoTime();
      byte[][] floor = RandomScores.globalTopK(sizes, 1 + r, keep);
      long t2 = System.nanoTime();
      if (!Arrays.deepEquals(full, floor)) {
        throw new AssertionError("the draws above the floor kept other weights than the full draw");
      }
      if (r > 0) {
        fullMs += (t1 - t0) / 1e6;
        floorMs += (t2 - t1) / 1e6;
      }
    }
    System.out.printf(Locale.ROOT, "random generator draw (scores and top-k), mean of %d rounds, one thread: every "
        + "score %.0f ms, only the draws above the floor %.0f ms (the same masks); %.1fx%n", rounds, fullMs / rounds,
        floorMs / rounds, fullMs / floorMs);
  }
}
