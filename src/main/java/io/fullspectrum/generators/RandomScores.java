package io.fullspectrum.generators;

import io.fullspectrum.nn.InitialWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The Random generator's scores (method §5): global N(0, 1) draws, seeded per sample. */
public final class RandomScores {
  private RandomScores() {}

  public static List<float[]> draw(List<Integer> layerSizes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> out = new ArrayList<>();
    for (int n : layerSizes) {
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = (float) InitialWeights.gaussian(random);
      }
      out.add(s);
    }
    return out;
  }

  /**
   * The masks {@code GlobalTopK.select(draw(layerSizes, seed), keep)} gives, to the bit, without finishing the draws
   * that cannot reach them. A Box-Muller draw is never above its radius, and the radius falls as {@code u} grows: a
   * bound {@code u0} chosen so that, with a wide margin, more than {@code keep} draws exceed the radius at
   * {@code u0} leaves every draw with {@code u >= u0} at or below that radius (the floor). Only the others (7% at
   * 99% sparsity) take the logarithm and the cosine, and only those above the floor are ranked. Should fewer than
   * {@code keep} clear the floor, the full draw decides. The same stream and arithmetic as {@link #draw}.
   */
  public static byte[][] globalTopK(List<Integer> layerSizes, long seed, long keep) {
    long total = 0;
    for (int n : layerSizes) {
      total += n;
    }
    double bound = radiusBound(total, keep);
    if (!(keep > 0 && keep <= total && bound > 0)) {
      return GlobalTopK.select(draw(layerSizes, seed), keep);
    }
    Found found = aboveFloor(layerSizes, seed, bound);
    if (found.count() < keep) {
      return GlobalTopK.select(draw(layerSizes, seed), keep);
    }
    // Every draw left out is at or below the floor and every one found above it, so the top keep of those found,
    // ties by the lower index (they are in index order), are the top keep of all.
    int[] at = found.at();
    byte[] chosen = GlobalTopK.select(List.of(Arrays.copyOf(found.value(), found.count())), keep)[0];
    byte[][] masks = new byte[layerSizes.size()][];
    for (int l = 0; l < masks.length; l++) {
      masks[l] = new byte[layerSizes.get(l)];
    }
    int layer = 0;
    long start = 0;
    for (int j = 0; j < found.count(); j++) {
      while (at[j] >= start + masks[layer].length) {
        start += masks[layer++].length;
      }
      masks[layer][(int) (at[j] - start)] = chosen[j];
    }
    return masks;
  }

  /** The draws above the floor: their global indices (ascending) and scores, in arrays of at least {@code count}. */
  record Found(int[] at, float[] value, int count) {}

  /** Every draw whose score is above the floor of radius bound {@code bound} (see {@link #globalTopK}). */
  static Found aboveFloor(List<Integer> layerSizes, long seed, double bound) {
    double u0 = Math.exp(-bound * bound / 2);
    float floor = (float) InitialWeights.radius(u0);
    SplitMix stream = new SplitMix(seed);
    int[] at = new int[1 << 12];
    float[] value = new float[1 << 12];
    int found = 0;
    int global = 0;
    for (int n : layerSizes) {
      for (int i = 0; i < n; i++, global++) {
        double u = 1.0 - stream.nextDouble();
        if (u >= u0) {
          stream.skip(); // v: its value is not needed below the floor, only its step
          continue;
        }
        float s = (float) InitialWeights.gaussian(u, stream.nextDouble());
        if (s > floor) {
          if (found == at.length) {
            at = Arrays.copyOf(at, found * 2);
            value = Arrays.copyOf(value, found * 2);
          }
          at[found] = global;
          value[found++] = s;
        }
      }
    }
    return new Found(at, value, found);
  }

  /**
   * {@link SplittableRandom}'s stream for {@code new SplittableRandom(seed)} (Steele, Lea and Flood's SplitMix64:
   * the state steps by the golden gamma, each output mixes the state), with a step that skips the mixing of an
   * output nobody reads. RandomScoresTest checks it against the JDK's own, value for value.
   */
  static final class SplitMix {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    SplitMix(long seed) {
      this.state = seed;
    }

    double nextDouble() {
      return (mix64(state += GOLDEN_GAMMA) >>> 11) * 0x1.0p-53;
    }

    void skip() {
      state += GOLDEN_GAMMA;
    }

    private static long mix64(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }

  /**
   * A radius {@code t >= 1} that more than {@code keep} of {@code total} N(0, 1) draws exceed with a margin of ten
   * standard deviations and 100 (by the lower bound {@code t / (1 + t^2) phi(t)} of the normal tail), or NaN when
   * there is none (a large {@code keep}: every draw is needed).
   */
  static double radiusBound(long total, long keep) {
    double need = keep + 10 * Math.sqrt(keep) + 100;
    if (tailLowerBound(1) * total < need) {
      return Double.NaN;
    }
    double lo = 1;
    double hi = 40;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (tailLowerBound(mid) * total >= need) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A lower bound on {@code P(Z > t)} for {@code t > 0}, decreasing for {@code t >= 1}. */
  private static double tailLowerBound(double t) {
    return t / (1 + t * t) * Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
  }
}
