package io.fullspectrum.generators;

import io.fullspectrum.nn.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Erdős–Rényi-Kernel (method §5): layer density {@code eps * (Cout + Cin + kh + kw) / (Cout*Cin*kh*kw)} with
 * {@code eps} solved for the budget, layers that would exceed 1 made dense and {@code eps} solved again. Instead of
 * the code's per-weight Bernoulli draws we keep an exact count per layer (largest remainders, so the total is exact)
 * at uniformly random positions.
 */
public final class ErkGenerator implements MaskGenerator {
  @Override
  public String name() {
    return "erk";
  }

  /** The ERK density of every layer of {@code arch} at global density {@code density}. */
  public static double[] densities(Architecture arch, double density) {
    List<String> names = arch.layerNames();
    int n = names.size();
    double[] raw = new double[n];
    double[] size = new double[n];
    for (int l = 0; l < n; l++) {
      int[] s = arch.shape(names.get(l));
      double numel = Arrays.stream(s).asDoubleStream().reduce(1, (a, b) -> a * b);
      double sum = Arrays.stream(s).asDoubleStream().sum();
      raw[l] = sum / numel;
      size[l] = numel;
    }
    boolean[] dense = new boolean[n];
    double eps;
    while (true) {
      double budget = 0;
      double rawSum = 0;
      for (int l = 0; l < n; l++) {
        budget += density * size[l];
        if (dense[l]) {
          budget -= size[l];
        } else {
          rawSum += raw[l] * size[l];
        }
      }
      eps = budget / rawSum;
      boolean changed = false;
      for (int l = 0; l < n; l++) {
        if (!dense[l] && eps * raw[l] > 1) {
          dense[l] = true;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    double[] out = new double[n];
    for (int l = 0; l < n; l++) {
      out[l] = dense[l] ? 1.0 : eps * raw[l];
    }
    return out;
  }

  @Override
  public List<byte[]> generate(GeneratorInput input, double sparsity, long seed) {
    ScoreBasedGenerator.checkSparsity(sparsity);
    Architecture arch = input.network().architecture();
    double[] density = densities(arch, 1 - sparsity);
    List<String> names = arch.layerNames();
    int n = names.size();
    long[] keep = new long[n];
    double[] remainder = new double[n];
    long total = 0;
    long kept = 0;
    int[] sizes = new int[n];
    for (int l = 0; l < n; l++) {
      sizes[l] = Arrays.stream(arch.shape(names.get(l))).reduce(1, (a, b) -> a * b);
      double exact = density[l] * sizes[l];
      keep[l] = (long) Math.floor(exact);
      remainder[l] = exact - keep[l];
      kept += keep[l];
      total += sizes[l];
    }
    long target = GlobalTopK.keepCount(sparsity, total);
    Integer[] order = new Integer[n];
    for (int l = 0; l < n; l++) {
      order[l] = l;
    }
    Arrays.sort(order, (a, b) -> remainder[b] != remainder[a] ? Double.compare(remainder[b], remainder[a]) : a - b);
    for (int r = 0; kept < target && r < 10 * n; r++) {
      int l = order[r % n];
      if (keep[l] < sizes[l]) {
        keep[l]++;
        kept++;
      }
    }
    List<byte[]> masks = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      masks.add(RandomScores.globalTopK(List.of(sizes[l]), seed * 1_000_003L + l, keep[l])[0]);
    }
    return masks;
  }
}
