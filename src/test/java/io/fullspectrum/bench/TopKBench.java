package io.fullspectrum.bench;

import io.fullspectrum.masks.GlobalTopK;
import io.fullspectrum.masks.RandomScores;
import io.fullspectrum.nn.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The global top-k of a draw (issue 18): CIFAR ResNet-18's 11.2M scores at 99% sparsity, {@link GlobalTopK}'s
 * selection against the full sort of packed keys it replaced, in the same JVM; prints both and the ratio.
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
    double selectMs = 0;
    for (int r = 0; r <= rounds; r++) {
      long t0 = System.nanoTime();
      sortAll(scores);
      long t1 = System.nanoTime();
      GlobalTopK.select(scores, keep);
      long t2 = System.nanoTime();
      if (r > 0) { // round 0 warms up
        sortMs += (t1 - t0) / 1e6;
        selectMs += (t2 - t1) / 1e6;
      }
    }
    System.out.printf(Locale.ROOT, "global top-k of %d ResNet-18 scores, keep %d (99%%): full sort %.0f ms, "
        + "selection %.0f ms, %.1fx (mean of %d rounds, one thread)%n", arch.totalWeights(), keep,
        sortMs / rounds, selectMs / rounds, sortMs / selectMs, rounds);
  }
}
