package io.fullspectrum.graph;

import java.util.SplittableRandom;

/** Seeded random layers in PyTorch layout with an exact number of kept weights, as the generators make them. */
final class RandomLayers {
  private RandomLayers() {}

  static int numel(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  static float[] weights(int[] shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] w = new float[numel(shape)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextDouble() * 2 - 1) * 0.1f;
    }
    return w;
  }

  /** A mask keeping exactly {@code round(numel * (1 - sparsity))} weights, uniformly at random. */
  static byte[] mask(int[] shape, double sparsity, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = numel(shape);
    int keep = (int) Math.round(n * (1 - sparsity));
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    byte[] mask = new byte[n];
    for (int i = 0; i < keep; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      mask[order[i]] = 1;
    }
    return mask;
  }
}
