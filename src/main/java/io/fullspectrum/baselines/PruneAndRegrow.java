package io.fullspectrum.baselines;

import io.fullspectrum.generators.GlobalTopK;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One topology update of dynamic sparse training, as in the ITOP observation (method §6): per layer, drop the
 * {@code rate} share of kept weights with the smallest {@code |w|} and regrow as many at random among the
 * positions that were zero before the drop, so every layer keeps its count. Regrown weights start at zero.
 */
public final class PruneAndRegrow {
  /** The cosine schedule's floor, as in the ITOP code's CosineDecay (eta_min 0.005). */
  public static final double MIN_RATE = 0.005;

  private PruneAndRegrow() {}

  /** The death rate at update {@code u} of {@code total}: cosine-decayed from {@code initial} to the floor. */
  public static double deathRate(double initial, long u, long total) {
    if (total <= 0) {
      return initial;
    }
    double t = Math.min(1, (double) u / total);
    return MIN_RATE + (initial - MIN_RATE) * (1 + Math.cos(Math.PI * t)) / 2;
  }

  /** The new masks; {@code seed} fixes where weights regrow. */
  public static List<byte[]> update(List<float[]> weights, List<byte[]> masks, double rate, long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("death rate " + rate + " is outside [0, 1)");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (int l = 0; l < weights.size(); l++) {
      float[] w = weights.get(l);
      byte[] m = masks.get(l);
      int kept = 0;
      for (byte b : m) {
        kept += b != 0 ? 1 : 0;
      }
      int drop = (int) Math.floor(rate * kept);
      int zeros = m.length - kept;
      drop = Math.min(drop, zeros); // a nearly dense layer cannot regrow more than it has free
      byte[] next = m.clone();
      if (drop > 0) {
        List<float[]> one = List.of(MagnitudePruning.keptMagnitudes(w, m));
        byte[] survivors = GlobalTopK.select(one, kept - drop)[0];
        // Regrow among the positions free before the drop: a partial Fisher-Yates shuffle over them.
        int[] free = new int[zeros];
        int f = 0;
        for (int i = 0; i < m.length; i++) {
          if (m[i] == 0) {
            free[f++] = i;
          }
        }
        for (int i = 0; i < drop; i++) {
          int j = i + random.nextInt(zeros - i);
          int t = free[i];
          free[i] = free[j];
          free[j] = t;
        }
        next = survivors;
        for (int i = 0; i < drop; i++) {
          next[free[i]] = 1;
        }
      }
      out.add(next);
    }
    return out;
  }
}
