package io.fullspectrum.graph;

/** Computes the two largest singular values of a sparse biadjacency matrix. */
public interface SingularValueSolver {
  SingularPair topTwo(SparseBiadjacency b);

  /**
   * The top two of a layer's mask graph and of its {@code |W ⊙ M|} graph on the same nodes, {@code {mask, weighted}}:
   * what {@link #topTwo} gives for each, where a solver may share the work the two graphs' edges have in common.
   */
  default SingularPair[] topTwoOfBoth(SparseBiadjacency mask, SparseBiadjacency weighted) {
    return new SingularPair[] {topTwo(mask), topTwo(weighted)};
  }
}
