package io.fullspectrum.baselines;

import java.util.List;

/**
 * The distance between two unstructured masks used by Early-Bird (method §6): the size of their symmetric
 * difference over the sum of their sizes, 0 for equal masks and 1 for disjoint ones. (EB's channel masks divide by
 * the channel count; at 98% sparsity the plain Hamming fraction would never exceed 0.04, so we normalise by the
 * kept weights.)
 */
public final class MaskDistance {
  private MaskDistance() {}

  public static double between(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("masks of " + a.size() + " and " + b.size() + " layers");
    }
    long differ = 0;
    long kept = 0;
    for (int l = 0; l < a.size(); l++) {
      byte[] x = a.get(l);
      byte[] y = b.get(l);
      if (x.length != y.length) {
        throw new IllegalArgumentException("layer " + l + ": masks of " + x.length + " and " + y.length + " weights");
      }
      for (int i = 0; i < x.length; i++) {
        boolean p = x[i] != 0;
        boolean q = y[i] != 0;
        differ += p != q ? 1 : 0;
        kept += (p ? 1 : 0) + (q ? 1 : 0);
      }
    }
    return kept == 0 ? 0 : (double) differ / kept;
  }
}
