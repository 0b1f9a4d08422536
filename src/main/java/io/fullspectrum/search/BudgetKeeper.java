package io.fullspectrum.search;

import io.fullspectrum.generators.GlobalTopK;
import java.util.ArrayList;
import java.util.List;

/**
 * The budget-keeping option of method §6 ({@code budget=exact}): CompareMerge takes layers from different draws, so a
 * global generator's total density drifts from the target. The drift is undone where it arose: each layer's drift
 * is its kept count minus the reference's (the baseline draw's, i.e. the generator's own allocation), and the total
 * surplus (or shortfall) is taken from the layers that drifted that way, in proportion to their drift (largest
 * remainders, ties by layer order), never past the reference. Within a layer the smallest {@code |w|} kept weights
 * are pruned, or the largest pruned ones regrown (ties by index). Weights never move between layers by global
 * magnitude: init scales differ by layer, and a global trim would land on the linear layers.
 */
public final class BudgetKeeper {
  private BudgetKeeper() {}

  /**
   * @param reference per-layer kept counts the drift is measured from (the baseline draw's)
   * @param keep the total to reach
   */
  public static List<byte[]> toBudget(List<float[]> weights, List<byte[]> masks, long[] reference, long keep) {
    int layers = masks.size();
    long[] kept = new long[layers];
    long total = 0;
    long capacity = 0;
    for (int l = 0; l < layers; l++) {
      for (byte b : masks.get(l)) {
        kept[l] += b;
      }
      total += kept[l];
      capacity += masks.get(l).length;
    }
    if (keep < 0 || keep > capacity) {
      throw new IllegalArgumentException("cannot keep " + keep + " of " + capacity + " weights");
    }
    List<byte[]> out = new ArrayList<>();
    for (byte[] m : masks) {
      out.add(m.clone());
    }
    long change = total - keep;
    if (change == 0) {
      return out;
    }
    boolean prune = change > 0;
    long need = Math.abs(change);
    // How far each layer may move: its drift the right way, and what it has to give (or room to grow).
    long[] drift = new long[layers];
    long[] room = new long[layers];
    long driftSum = 0;
    for (int l = 0; l < layers; l++) {
      long d = prune ? kept[l] - reference[l] : reference[l] - kept[l];
      room[l] = prune ? kept[l] : masks.get(l).length - kept[l];
      drift[l] = Math.max(0, Math.min(d, room[l]));
      driftSum += drift[l];
    }
    long[] moves = driftSum >= need ? proportional(drift, need)
        : add(drift, proportional(minus(room, drift), need - driftSum));
    for (int l = 0; l < layers; l++) {
      if (moves[l] > 0) {
        adjust(weights.get(l), out.get(l), moves[l], prune);
      }
    }
    return out;
  }

  /** {@code amount} split over the layers in proportion to {@code weight}, by largest remainders. */
  static long[] proportional(long[] weight, long amount) {
    long sum = 0;
    for (long w : weight) {
      sum += w;
    }
    long[] share = new long[weight.length];
    if (amount == 0) {
      return share;
    }
    if (sum < amount) {
      throw new IllegalArgumentException("cannot move " + amount + " weights within " + sum);
    }
    double[] remainder = new double[weight.length];
    long given = 0;
    for (int l = 0; l < weight.length; l++) {
      double exact = (double) amount * weight[l] / sum;
      share[l] = (long) Math.floor(exact);
      remainder[l] = exact - share[l];
      given += share[l];
    }
    while (given < amount) {
      int best = -1;
      for (int l = 0; l < weight.length; l++) {
        if (share[l] < weight[l] && (best < 0 || remainder[l] > remainder[best])) {
          best = l;
        }
      }
      share[best]++;
      remainder[best] = -1;
      given++;
    }
    return share;
  }

  private static long[] minus(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static long[] add(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  /** Prunes the {@code count} smallest-magnitude kept weights, or regrows the largest pruned ones. */
  private static void adjust(float[] w, byte[] mask, long count, boolean prune) {
    float[] score = new float[mask.length];
    for (int i = 0; i < mask.length; i++) {
      boolean candidate = prune ? mask[i] == 1 : mask[i] == 0;
      score[i] = candidate ? (prune ? -Math.abs(w[i]) : Math.abs(w[i])) : Float.NaN;
    }
    byte[] chosen = GlobalTopK.select(List.of(score), count)[0];
    for (int i = 0; i < mask.length; i++) {
      if (chosen[i] == 1) {
        mask[i] = (byte) (prune ? 0 : 1);
      }
    }
  }
}
