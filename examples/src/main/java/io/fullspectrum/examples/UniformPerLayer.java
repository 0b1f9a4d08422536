package io.fullspectrum.examples;

import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.generators.GeneratorOptions;
import io.fullspectrum.generators.GeneratorProvider;
import io.fullspectrum.generators.MaskGenerator;
import io.fullspectrum.nn.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Example 2's generator, a user's own: every layer at the same density, its kept weights chosen at random (what a
 * global random draw only gives on average). Registered without touching FullSpectrum's code, by its
 * {@link Provider} named in {@code META-INF/services/io.fullspectrum.generators.GeneratorProvider}: then
 * {@code generator=uniform-per-layer} works in any preset, on any runner.
 */
public final class UniformPerLayer implements MaskGenerator {
  /** The preset name. */
  public static final String NAME = "uniform-per-layer";

  /** What the service file names: how FullSpectrum finds the generator in every JVM. */
  public static final class Provider implements GeneratorProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public MaskGenerator create(GeneratorOptions options) {
      return new UniformPerLayer();
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<byte[]> generate(GeneratorInput input, double sparsity, long seed) {
    Architecture arch = input.network().architecture();
    List<String> names = input.network().layerNames();
    long total = arch.totalWeights();
    long keep = (long) Math.floor((1 - sparsity) * total);
    // Each layer's share of the budget, rounded by largest remainders so that the layers keep exactly `keep`.
    long[] kept = new long[names.size()];
    double[] remainder = new double[names.size()];
    long assigned = 0;
    for (int l = 0; l < names.size(); l++) {
      double exact = (double) keep * size(arch, names.get(l)) / total;
      kept[l] = (long) Math.floor(exact);
      remainder[l] = exact - kept[l];
      assigned += kept[l];
    }
    for (long left = keep - assigned; left > 0; left--) {
      int best = 0;
      for (int l = 1; l < remainder.length; l++) {
        best = remainder[l] > remainder[best] ? l : best;
      }
      kept[best]++;
      remainder[best] = -1;
    }
    List<byte[]> masks = new ArrayList<>();
    for (int l = 0; l < names.size(); l++) {
      int n = (int) size(arch, names.get(l));
      masks.add(randomSubset(n, (int) kept[l], new SplittableRandom(seed * 1_000_003L + l)));
    }
    return masks;
  }

  private static long size(Architecture arch, String layer) {
    long n = 1;
    for (int d : arch.shape(layer)) {
      n *= d;
    }
    return n;
  }

  /** {@code k} of {@code n} positions, by a partial Fisher-Yates shuffle. */
  private static byte[] randomSubset(int n, int k, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    byte[] mask = new byte[n];
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      mask[order[i]] = 1;
    }
    return mask;
  }
}
