package io.fullspectrum.graph;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The fast path for {@code s1, s2} (spec §1): the graph is split into connected components, and on each the top
 * eigenvalues of the Gram matrix of its smaller side ({@code B B^T} or {@code B^T B}) are found by Lanczos with
 * full reorthogonalisation, using only sparse products with {@code B}. Small components take a dense
 * eigen-decomposition of that Gram matrix.
 *
 * <p>Why this is exact enough: (1) Per component, the Gram matrix is non-negative and irreducible, so its top
 * eigenvalue is simple (Perron-Frobenius) and Lanczos' blindness to multiplicities cannot hide a repeated
 * {@code s1}; repeated values across components (common at 99% sparsity: many identical small stars) are kept
 * because every component reports its own pair. (2) Full reorthogonalisation keeps the Krylov basis orthogonal
 * to rounding, so there are no ghost eigenvalues, and after {@code n} steps the result is exact. (3) We stop when
 * the residual bound {@code |beta_k * y_k|} of both top Ritz values is below {@code 1e-11 * theta1}: a rigorous
 * bound on the eigenvalue error of a symmetric matrix, i.e. an absolute error below {@code 1e-11 * s1^2 / s2}
 * in {@code s2}, far inside the golden tolerance of 1e-4. The start vector is seeded, so results are
 * deterministic to the bit.
 */
public final class LanczosSolver implements SingularValueSolver {
  /** Components whose smaller side is at most this size take the dense Gram path. */
  static final int DENSE_LIMIT = 48;

  private static final double RESIDUAL_TOLERANCE = 1e-11;
  private static final long SEED = 0x5EED_F5L;

  @Override
  public SingularPair topTwo(SparseBiadjacency b) {
    if (b.edges() == 0) {
      return SingularPair.ZERO;
    }
    Components components = Components.of(b);
    double best = 0;
    double second = 0;
    for (int c = 0; c < components.count(); c++) {
      SparseBiadjacency part = components.extract(b, c);
      SingularPair pair = topTwoConnected(part);
      for (double s : new double[] {pair.s1(), pair.s2()}) {
        if (s > best) {
          second = best;
          best = s;
        } else if (s > second) {
          second = s;
        }
      }
    }
    return new SingularPair(best, second);
  }

  /** Top two singular values of a connected biadjacency with no isolated rows or columns. */
  static SingularPair topTwoConnected(SparseBiadjacency b) {
    int n = Math.min(b.rows(), b.cols());
    if (n == 1) {
      double sum = 0;
      for (int k = 0; k < b.edges(); k++) {
        sum += b.value(k) * b.value(k);
      }
      return new SingularPair(Math.sqrt(sum), 0);
    }
    GramOperator gram = new GramOperator(b);
    double[] lambda = n <= DENSE_LIMIT ? denseTopTwo(gram) : lanczosTopTwo(gram);
    return new SingularPair(Math.sqrt(Math.max(lambda[0], 0)), Math.sqrt(Math.max(lambda[1], 0)));
  }

  private static double[] denseTopTwo(GramOperator gram) {
    int n = gram.dim();
    DMatrixRMaj g = new DMatrixRMaj(gram.dense());
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
    if (!eig.decompose(g)) {
      throw new ArithmeticException("dense eigen-decomposition did not converge (" + n + "x" + n + ")");
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = eig.getEigenvalue(i).getReal();
    }
    Arrays.sort(values);
    return new double[] {values[n - 1], values[n - 2]};
  }

  private static double[] lanczosTopTwo(GramOperator gram) {
    int n = gram.dim();
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] basis = new double[n][];
    double[] alpha = new double[n];
    double[] beta = new double[n];
    double[] q = randomUnit(n, random, basis, 0);
    double[] d = new double[n];
    double[] e = new double[n];
    double[] z = new double[n];
    double[] top = {0, 0};
    for (int j = 0; j < n; j++) {
      basis[j] = q;
      double[] w = gram.apply(q);
      alpha[j] = dot(w, q);
      // Full reorthogonalisation, twice ("twice is enough", Parlett), replaces the three-term recurrence.
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i <= j; i++) {
          axpy(-dot(w, basis[i]), basis[i], w);
        }
      }
      beta[j] = norm(w);
      int k = j + 1;
      boolean invariant = beta[j] <= 1e-13 * Math.max(Math.abs(alpha[j]), top[0]);
      if (k >= 2 && (k <= 16 || k % 4 == 0 || invariant || k == n)) {
        System.arraycopy(alpha, 0, d, 0, k);
        System.arraycopy(beta, 0, e, 0, k);
        SymmetricTridiagonal.eigen(d, e, z, k);
        int i1 = argMax(d, k, -1);
        int i2 = argMax(d, k, i1);
        top = new double[] {d[i1], d[i2]};
        double bound = RESIDUAL_TOLERANCE * Math.abs(d[i1]);
        boolean converged = beta[j] * Math.abs(z[i1]) <= bound && beta[j] * Math.abs(z[i2]) <= bound;
        if (converged || k == n) {
          return top;
        }
      }
      if (j + 1 < n) {
        if (invariant) {
          // The Krylov space is exhausted: continue in a fresh direction, orthogonal to all found so far.
          beta[j] = 0;
          q = randomUnit(n, random, basis, k);
        } else {
          q = w;
          scale(1.0 / beta[j], q);
        }
      }
    }
    return top;
  }

  private static int argMax(double[] d, int k, int skip) {
    int best = -1;
    for (int i = 0; i < k; i++) {
      if (i != skip && (best < 0 || d[i] > d[best])) {
        best = i;
      }
    }
    return best;
  }

  private static double[] randomUnit(int n, SplittableRandom random, double[][] basis, int found) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() - 0.5;
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < found; i++) {
        axpy(-dot(v, basis[i]), basis[i], v);
      }
    }
    scale(1.0 / norm(v), v);
    return v;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  private static void scale(double a, double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= a;
    }
  }

  /** {@code x -> B B^T x} on the rows when there are fewer rows than columns, else {@code x -> B^T B x}. */
  static final class GramOperator {
    private final SparseBiadjacency b;
    private final boolean onRows;
    private final double[] scratch;

    GramOperator(SparseBiadjacency b) {
      this.b = b;
      this.onRows = b.rows() <= b.cols();
      this.scratch = new double[onRows ? b.cols() : b.rows()];
    }

    int dim() {
      return onRows ? b.rows() : b.cols();
    }

    double[] apply(double[] x) {
      double[] y = new double[dim()];
      Arrays.fill(scratch, 0);
      if (onRows) {
        // scratch = B^T x, y = B scratch
        for (int i = 0; i < b.rows(); i++) {
          double xi = x[i];
          for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
            scratch[b.col(k)] += b.value(k) * xi;
          }
        }
        for (int i = 0; i < b.rows(); i++) {
          double s = 0;
          for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
            s += b.value(k) * scratch[b.col(k)];
          }
          y[i] = s;
        }
      } else {
        // scratch = B x, y = B^T scratch
        for (int i = 0; i < b.rows(); i++) {
          double s = 0;
          for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
            s += b.value(k) * x[b.col(k)];
          }
          scratch[i] = s;
        }
        for (int i = 0; i < b.rows(); i++) {
          double si = scratch[i];
          for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
            y[b.col(k)] += b.value(k) * si;
          }
        }
      }
      return y;
    }

    /** The Gram matrix itself, for small components. */
    double[][] dense() {
      int n = dim();
      double[][] g = new double[n][n];
      if (onRows) {
        double[][] dense = b.toDense();
        for (int i = 0; i < n; i++) {
          for (int j = i; j < n; j++) {
            double s = dot(dense[i], dense[j]);
            g[i][j] = s;
            g[j][i] = s;
          }
        }
      } else {
        for (int i = 0; i < b.rows(); i++) {
          for (int k1 = b.rowStart(i); k1 < b.rowEnd(i); k1++) {
            for (int k2 = b.rowStart(i); k2 < b.rowEnd(i); k2++) {
              g[b.col(k1)][b.col(k2)] += b.value(k1) * b.value(k2);
            }
          }
        }
      }
      return g;
    }
  }
}
