package io.fullspectrum.nn.data;

import java.util.SplittableRandom;

/**
 * A seeded, learnable synthetic set for fast tests: each class has a random prototype image and every sample is
 * its prototype plus noise, clipped to bytes.
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  public static ImageSet generate(int n, int channels, int height, int width, int classes, long seed) {
    return generate(n, channels, height, width, classes, seed, seed);
  }

  /**
   * Samples drawn with {@code sampleSeed} around the prototypes of {@code prototypeSeed}: a train and a test split
   * of one task share the prototype seed and differ in the sample seed.
   */
  public static ImageSet generate(int n, int channels, int height, int width, int classes, long prototypeSeed,
      long sampleSeed) {
    SplittableRandom random = new SplittableRandom(prototypeSeed);
    int size = channels * height * width;
    int[][] prototypes = new int[classes][size];
    for (int[] p : prototypes) {
      for (int i = 0; i < size; i++) {
        p[i] = random.nextInt(256);
      }
    }
    if (sampleSeed != prototypeSeed) {
      random = new SplittableRandom(sampleSeed * 1_000_003L + 17);
    }
    byte[] pixels = new byte[n * size];
    int[] labels = new int[n];
    for (int s = 0; s < n; s++) {
      int label = random.nextInt(classes);
      labels[s] = label;
      for (int i = 0; i < size; i++) {
        int v = prototypes[label][i] + (int) ((random.nextDouble() - 0.5) * 160);
        pixels[s * size + i] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    return new ImageSet("synthetic-" + prototypeSeed + "-" + sampleSeed, channels, height, width, classes, pixels,
        labels);
  }
}
