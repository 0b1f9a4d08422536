package io.fullspectrum.graph;

/**
 * The two largest singular values {@code s1 >= s2} of a biadjacency matrix; by method §1 they are {@code mu0} and
 * {@code mu_hat}, the largest and second-largest eigenvalue magnitudes of the bipartite adjacency.
 */
public record SingularPair(double s1, double s2) {
  public static final SingularPair ZERO = new SingularPair(0, 0);

  /** {@code s1 - s2}, the spectral gap. */
  public double gap() {
    return s1 - s2;
  }
}
