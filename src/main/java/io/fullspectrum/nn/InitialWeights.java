package io.fullspectrum.nn;

import java.util.SplittableRandom;

/**
 * The authors' initialisation ({@code init_random}, method §6): conv weights {@code N(0, sqrt(2 / (k*k*Cout)))},
 * linear weights {@code N(0, 0.01)}; seeded per layer so that a layer's weights do not depend on the others.
 */
public final class InitialWeights {
  private InitialWeights() {}

  /** Standard deviation of a layer's initial weights. */
  public static double std(int[] shape) {
    if (shape.length == 4) {
      return Math.sqrt(2.0 / (shape[2] * shape[3] * shape[0]));
    }
    return 0.01;
  }

  /** Weights for layer number {@code index} of a network seeded with {@code seed}. */
  public static float[] draw(int[] shape, long seed, int index) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double std = std(shape);
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (gaussian(random) * std);
    }
    return w;
  }

  /** A standard normal draw (Box-Muller), since {@link SplittableRandom} has none on Java 17. */
  public static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return gaussian(u, v);
  }

  /**
   * Box-Muller of {@code u} in (0, 1] and {@code v} in [0, 1): never above its radius {@link #radius}{@code (u)},
   * which falls as {@code u} grows.
   */
  public static double gaussian(double u, double v) {
    return radius(u) * Math.cos(2 * Math.PI * v);
  }

  /** {@code sqrt(-2 ln u)}: non-increasing in {@code u} ({@code Math.log} is semi-monotonic, the root exact). */
  public static double radius(double u) {
    return Math.sqrt(-2.0 * Math.log(u));
  }
}
