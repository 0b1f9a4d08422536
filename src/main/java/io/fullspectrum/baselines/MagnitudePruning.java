package io.fullspectrum.baselines;

import io.fullspectrum.generators.GlobalTopK;
import java.util.ArrayList;
import java.util.List;

/**
 * Iterative magnitude pruning (LTH, method §6): each round removes {@code rate} of the weights still kept, by global
 * magnitude, and the last round lands exactly on the target's keep count.
 */
public final class MagnitudePruning {
  /** The method's (and LTH's) rate: 20% of the remaining weights per round. */
  public static final double LTH_RATE = 0.2;

  private MagnitudePruning() {}

  /**
   * The keep count after each round, from {@code total} dense weights down to {@code floor((1 - sparsity) *
   * total)}: round r keeps {@code max(target, floor((1 - rate) * kept))}. Its length is the number of rounds
   * (21 to 99% at rate 0.2, since 0.8^21 is the first power under 1%).
   */
  public static long[] schedule(long total, double sparsity, double rate) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("pruning rate " + rate + " is outside (0, 1)");
    }
    if (!(sparsity > 0 && sparsity < 1)) {
      throw new IllegalArgumentException("sparsity " + sparsity + " is outside (0, 1)");
    }
    long target = GlobalTopK.keepCount(sparsity, total);
    List<Long> kept = new ArrayList<>();
    long now = total;
    while (now > target) {
      long next = (long) Math.floor((1 - rate) * now);
      now = Math.max(target, Math.min(next, now - 1));
      kept.add(now);
    }
    return kept.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * The masks keeping the {@code keep} largest {@code |w|} among the weights the current masks keep (global over
   * layers, ties by index, as {@link GlobalTopK}).
   *
   * @param masks current masks, or null when dense
   */
  public static byte[][] prune(List<float[]> weights, List<byte[]> masks, long keep) {
    List<float[]> scores = new ArrayList<>();
    for (int l = 0; l < weights.size(); l++) {
      scores.add(keptMagnitudes(weights.get(l), masks == null ? null : masks.get(l)));
    }
    return GlobalTopK.select(scores, keep);
  }

  /** {@code |w|} where the mask keeps a weight, NaN (never selected) where it does not; all kept when null. */
  static float[] keptMagnitudes(float[] w, byte[] m) {
    float[] s = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      s[i] = m != null && m[i] == 0 ? Float.NaN : Math.abs(w[i]);
    }
    return s;
  }
}
