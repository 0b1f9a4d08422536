package io.fullspectrum.graph;

/** Computes the two largest singular values of a sparse biadjacency matrix. */
public interface SingularValueSolver {
  SingularPair topTwo(SparseBiadjacency b);
}
