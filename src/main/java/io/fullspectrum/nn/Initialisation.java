package io.fullspectrum.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How a fresh network's parameters are drawn, by name ({@code init} in a preset). Every draw is seeded per
 * parameter, so one layer's values never depend on another's.
 * <ul>
 *   <li>{@code authors}: the authors' {@code init_random} (method §6): conv weights N(0, sqrt(2 / (k k Cout))),
 *       linear weights N(0, 0.01), batch-norm gamma 0.5 and beta 0, biases 0. What PAGS draws on.
 *   <li>{@code pytorch}: PyTorch's defaults, what the authors' PEGS script pre-trains from: conv and linear weights
 *       and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)) ({@code kaiming_uniform_(a=sqrt(5))}), gamma 1, beta 0.
 * </ul>
 */
public abstract class Initialisation {
  private static final Map<String, Initialisation> REGISTRY = new LinkedHashMap<>();

  public static final Initialisation AUTHORS = register(new Initialisation("authors") {
    @Override
    public float[] weights(int[] shape, long seed, int index) {
      return InitialWeights.draw(shape, seed, index);
    }

    @Override
    public float[] biases(int n, int fanIn, long seed, int index) {
      return new float[n];
    }

    @Override
    public float gamma() {
      return 0.5f;
    }
  });

  public static final Initialisation PYTORCH = register(new Initialisation("pytorch") {
    @Override
    public float[] weights(int[] shape, long seed, int index) {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return uniform(n, fanIn(shape), new SplittableRandom(seed * 1_000_003L + index));
    }

    @Override
    public float[] biases(int n, int fanIn, long seed, int index) {
      return uniform(n, fanIn, new SplittableRandom(seed * 1_000_003L + 700_001L + index));
    }

    @Override
    public float gamma() {
      return 1f;
    }
  });

  private final String name;

  private Initialisation(String name) {
    this.name = name;
  }

  private static Initialisation register(Initialisation init) {
    REGISTRY.put(init.name, init);
    return init;
  }

  /**
   * The scheme called {@code name}.
   *
   * @throws IllegalArgumentException naming the known schemes
   */
  public static Initialisation named(String name) {
    Initialisation init = REGISTRY.get(name);
    if (init == null) {
      throw new IllegalArgumentException("init=" + name + " is not one of " + String.join(", ", REGISTRY.keySet()));
    }
    return init;
  }

  public String name() {
    return name;
  }

  /** The weights of prunable layer number {@code index} (shape as PyTorch's: out, in, kh, kw). */
  public abstract float[] weights(int[] shape, long seed, int index);

  /** The {@code n} biases of the layer whose weight has fan-in {@code fanIn}, parameter number {@code index}. */
  public abstract float[] biases(int n, int fanIn, long seed, int index);

  /** Every batch norm's initial scale. */
  public abstract float gamma();

  /** Inputs feeding one output: in x kh x kw for a conv weight, in for a linear one. */
  public static int fanIn(int[] shape) {
    int f = 1;
    for (int i = 1; i < shape.length; i++) {
      f *= shape[i];
    }
    return f;
  }

  private static float[] uniform(int n, int fanIn, SplittableRandom random) {
    double bound = 1 / Math.sqrt(fanIn);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    return out;
  }
}
