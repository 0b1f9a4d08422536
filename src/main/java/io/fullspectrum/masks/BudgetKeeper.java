package io.fullspectrum.masks;

import java.util.ArrayList;
import java.util.List;

/**
 * The budget-keeping option of spec §6: CompareMerge takes layers from different draws, so a global generator's
 * total density drifts. This brings a mask set back to exactly {@code keep} weights with the least change by
 * magnitude: surplus kept weights with the smallest {@code |w|} are pruned, or missing ones regrown from the pruned
 * weights with the largest {@code |w|} (ties by global index).
 */
public final class BudgetKeeper {
  private BudgetKeeper() {}

  public static List<byte[]> toBudget(List<float[]> weights, List<byte[]> masks, long keep) {
    long kept = 0;
    for (byte[] m : masks) {
      for (byte b : m) {
        kept += b;
      }
    }
    List<byte[]> out = new ArrayList<>();
    for (byte[] m : masks) {
      out.add(m.clone());
    }
    if (kept == keep) {
      return out;
    }
    boolean prune = kept > keep;
    long change = Math.abs(kept - keep);
    // Candidates: kept weights scored -|w| (prune the smallest first), or pruned weights scored |w|.
    List<float[]> scores = new ArrayList<>();
    long candidates = 0;
    for (int l = 0; l < masks.size(); l++) {
      float[] w = weights.get(l);
      byte[] m = masks.get(l);
      float[] s = new float[m.length];
      for (int i = 0; i < m.length; i++) {
        boolean candidate = prune ? m[i] == 1 : m[i] == 0;
        s[i] = candidate ? (prune ? -Math.abs(w[i]) : Math.abs(w[i])) : Float.NaN;
        candidates += candidate ? 1 : 0;
      }
      scores.add(s);
    }
    if (change > candidates) {
      throw new IllegalArgumentException("cannot reach " + keep + " kept weights from " + kept);
    }
    byte[][] chosen = GlobalTopK.select(scores, change);
    for (int l = 0; l < out.size(); l++) {
      for (int i = 0; i < chosen[l].length; i++) {
        if (chosen[l][i] == 1) {
          out.get(l)[i] = (byte) (prune ? 0 : 1);
        }
      }
    }
    return out;
  }
}
