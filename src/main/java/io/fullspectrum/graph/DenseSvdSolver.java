package io.fullspectrum.graph;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The dense reference path: a full singular value decomposition (EJML, float64) of the whole biadjacency.
 * Exact to rounding and slow; the tests and the benchmark hold the sparse solver against it.
 */
public final class DenseSvdSolver implements SingularValueSolver {
  @Override
  public SingularPair topTwo(SparseBiadjacency b) {
    if (b.edges() == 0) {
      return SingularPair.ZERO;
    }
    DMatrixRMaj dense = new DMatrixRMaj(b.toDense());
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(dense.numRows, dense.numCols, false, false, true);
    if (!svd.decompose(dense)) {
      throw new ArithmeticException("dense SVD did not converge on " + b);
    }
    double[] s = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
    Arrays.sort(s);
    int n = s.length;
    return new SingularPair(s[n - 1], n > 1 ? s[n - 2] : 0);
  }
}
