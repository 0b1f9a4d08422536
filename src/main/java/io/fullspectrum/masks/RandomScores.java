package io.fullspectrum.masks;

import java.util.ArrayList;
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
        s[i] = (float) io.fullspectrum.nn.InitialWeights.gaussian(random);
      }
      out.add(s);
    }
    return out;
  }
}
