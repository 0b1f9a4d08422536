package io.fullspectrum.schemas;

import java.util.List;
import java.util.Random;

/** Small mask sets with every shape kind and an absent-weights layer, for the encoding tests. */
public final class MaskSetFixtures {
  private MaskSetFixtures() {}

  public static MaskSet sample(long seed) {
    Random random = new Random(seed);
    return MaskSet.of("snip", seed, 0.9, 17, List.of(
        layer(random, "conv1", new int[] {4, 3, 3, 3}, true),
        layer(random, "layer1.0.shortcut.0", new int[] {8, 4, 1, 1}, true),
        layer(random, "fc", new int[] {10, 8}, false)));
  }

  private static LayerRecord layer(Random random, String name, int[] shape, boolean withWeights) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] w = new float[n];
    byte[] m = new byte[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) random.nextGaussian();
      m[i] = (byte) (random.nextDouble() < 0.3 ? 1 : 0);
    }
    return LayerRecord.of(name, shape, withWeights ? w : null, m);
  }
}
