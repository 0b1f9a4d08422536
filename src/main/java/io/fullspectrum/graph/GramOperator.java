package io.fullspectrum.graph;

import java.util.Arrays;

/**
 * {@code x -> B B^T x} on the rows when there are fewer rows than columns, else {@code x -> B^T B x}: the operator
 * whose top two eigenvalues {@link LanczosSolver} finds. A sparse graph's product is two gathers over a row-major and
 * a column-major copy of the edges (no scatter, no scratch to clear); a graph with many edges for its smaller side (as
 * at 90% sparsity) is multiplied by its Gram matrix itself, built once from the edges, whose row sweeps stream memory
 * where the gathers jump ({@link #byMatrix()} says which).
 */
final class GramOperator {
  /**
   * The largest ratio of Gram entries ({@code dim^2}) to edges at which products go by the Gram matrix, whose row
   * sweep costs a fraction of a gathered edge visit per entry and whose making costs a few products. On ResNet-18 at
   * 90% (bench/results/score-groups.txt has the figures): 4 takes a third off scoring; 2 and 8 took 14% and 3% more
   * than 4 in a one-off comparison. At 99% no component has that many edges: nothing changes there.
   */
  static final int MATRIX_FACTOR = 4;

  /**
   * The most edge pairs per edge {@link #matrix} may add up (about half the other side's mean degree): at 32, building
   * costs about as much as 23 sparse products (0.5 ns a pair, 0.35 ns an edge visit), which the cheaper products of a
   * Lanczos run (a few dozen) repay. ResNet-18's layers need at most 25 at 90% sparsity; a 1024-channel 3x3
   * convolution (1024 x 9216) at 90% would need 51 (48M pair updates, about what its products by the matrix save)
   * and goes by its edges.
   */
  static final int MATRIX_PAIRS_PER_EDGE = 32;

  /** The largest Gram matrix made: 2048^2 entries, 32 MiB (and 16 MiB of counts while the mask graph's is built). */
  static final int MATRIX_MAX_DIM = 2048;

  /** The side of the square tiles in which {@link #matrix} sums its two triangles. */
  private static final int TILE = 32;

  private final SparseBiadjacency b;
  private final boolean onRows;
  /** Whether products go by {@link #matrix}: see {@link #byMatrix()}. */
  private final boolean byMatrix;
  /** The Gram matrix, full (both triangles), for products by rows; null until the first product. */
  private double[][] matrix;
  private double[] scratch;
  /** The edges by column: {@code colPtr} into {@code rowOf} and {@code colValue}; null until the first product. */
  private int[] colPtr;
  private int[] rowOf;
  private double[] colValue;
  /**
   * The mask graph (every value 1): the products skip the multiplications, which are exact there, so the result is
   * the same to the bit with a third less memory traffic.
   */
  private final boolean unit;
  private int products;
  /**
   * For a mask graph's operator made with {@link #ofBoth}: the weighted graph's on the same edges, whose Gram matrix
   * this one's making makes too; null otherwise.
   */
  private GramOperator weightedTwin;
  /** For the weighted operator of {@link #ofBoth}: the mask graph's, whose column-major edge copy it shares. */
  private final GramOperator edgesOf;
  /** A Gram matrix made beside the mask graph's ({@link #ofBoth}), for this operator's first {@link #matrix} call. */
  private double[][] madeByTwin;

  GramOperator(SparseBiadjacency b) {
    this.b = b;
    this.onRows = b.rows() <= b.cols();
    this.unit = b.unit();
    this.edgesOf = null;
    long edges = b.edges();
    this.byMatrix = (long) dim() * dim() <= MATRIX_FACTOR * edges && dim() <= MATRIX_MAX_DIM
        && pairCount() <= MATRIX_PAIRS_PER_EDGE * edges;
  }

  /** The weighted twin of {@code mask}, on the same edges: the same decisions, the column-major copy shared. */
  private GramOperator(SparseBiadjacency weighted, GramOperator mask) {
    this.b = weighted;
    this.onRows = mask.onRows;
    this.unit = false;
    this.edgesOf = mask;
    this.byMatrix = mask.byMatrix;
  }

  /**
   * The operators of a mask graph and of a weighted graph on the very same edge arrays ({@code |W ⊙ M|} beside
   * {@code M}, or the same component of each): one column-major copy of the edges between them, and their two Gram
   * matrices, where either is made, made in one pass over the edge pairs. Each gives the bits it would alone.
   */
  static GramOperator[] ofBoth(SparseBiadjacency mask, SparseBiadjacency weighted) {
    if (!mask.unit() || weighted.unit() || !weighted.sharesEdgesWith(mask)) {
      throw new IllegalArgumentException("not a mask graph and a weighted graph on the same edges");
    }
    GramOperator unitOperator = new GramOperator(mask);
    GramOperator weightedOperator = new GramOperator(weighted, unitOperator);
    unitOperator.weightedTwin = weightedOperator;
    return new GramOperator[] {unitOperator, weightedOperator};
  }

  /**
   * The column-major copy of the edges, made on the first product by the edges or for the Gram matrix of the rows (and
   * its pair count); products by the matrix of the columns, and the small components' matrix of the columns, need none.
   */
  private void byColumnsReady() {
    if (colPtr != null) {
      return;
    }
    scratch = new double[onRows ? b.cols() : b.rows()];
    if (edgesOf != null) {
      edgesOf.byColumnsReady();
      rowOf = edgesOf.rowOf;
      colValue = valuesByColumn(edgesOf.colPtr);
      colPtr = edgesOf.colPtr;
      return;
    }
    int cols = b.cols();
    int[] ptr = new int[cols + 1];
    for (int k = 0; k < b.edges(); k++) {
      ptr[b.col(k) + 1]++;
    }
    for (int j = 0; j < cols; j++) {
      ptr[j + 1] += ptr[j];
    }
    rowOf = new int[b.edges()];
    int[] at = Arrays.copyOf(ptr, cols);
    for (int i = 0; i < b.rows(); i++) {
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        rowOf[at[b.col(k)]++] = i;
      }
    }
    colValue = unit ? null : valuesByColumn(ptr);
    colPtr = ptr;
  }

  /** The edges' values in column-major order, given where each column starts ({@code ptr}). */
  private double[] valuesByColumn(int[] ptr) {
    double[] byColumn = new double[b.edges()];
    int[] at = Arrays.copyOf(ptr, b.cols());
    for (int i = 0; i < b.rows(); i++) {
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        byColumn[at[b.col(k)]++] = b.value(k);
      }
    }
    return byColumn;
  }

  int dim() {
    return onRows ? b.rows() : b.cols();
  }

  /** How many products this operator has computed. */
  int products() {
    return products;
  }

  /** The edges each product passes over twice. */
  int edges() {
    return b.edges();
  }

  /**
   * Whether products go by the Gram matrix rather than by the edges: when it has at most {@link #MATRIX_FACTOR} entries
   * an edge, at most {@link #MATRIX_MAX_DIM} rows, and takes at most {@link #MATRIX_PAIRS_PER_EDGE} edge pairs an edge
   * to build.
   */
  boolean byMatrix() {
    return byMatrix;
  }

  /** The edge pairs {@link #matrix} adds up: {@code d (d + 1) / 2} for each line of the other side, of degree d. */
  private long pairCount() {
    long pairs = 0;
    if (onRows) {
      byColumnsReady();
      for (int j = 0; j + 1 < colPtr.length; j++) {
        long d = colPtr[j + 1] - colPtr[j];
        pairs += d * (d + 1) / 2;
      }
    } else {
      for (int i = 0; i < b.rows(); i++) {
        long d = b.rowEnd(i) - b.rowStart(i);
        pairs += d * (d + 1) / 2;
      }
    }
    return pairs;
  }

  double[] apply(double[] x) {
    products++;
    if (byMatrix) {
      if (matrix == null) {
        matrix = matrix();
      }
      return timesMatrix(x);
    }
    byColumnsReady();
    double[] y = new double[dim()];
    if (onRows) {
      // scratch = B^T x (by columns), y = B scratch (by rows)
      byColumns(x, scratch);
      byRows(scratch, y);
    } else {
      // scratch = B x (by rows), y = B^T scratch (by columns)
      byRows(x, scratch);
      byColumns(scratch, y);
    }
    return y;
  }

  /** {@code out = B v}. */
  private void byRows(double[] v, double[] out) {
    if (unit) {
      for (int i = 0; i < b.rows(); i++) {
        double s = 0;
        for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
          s += v[b.col(k)];
        }
        out[i] = s;
      }
      return;
    }
    for (int i = 0; i < b.rows(); i++) {
      double s = 0;
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        s += b.value(k) * v[b.col(k)];
      }
      out[i] = s;
    }
  }

  /** {@code out = B^T v}. */
  private void byColumns(double[] v, double[] out) {
    if (unit) {
      for (int j = 0; j < out.length; j++) {
        double s = 0;
        for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
          s += v[rowOf[k]];
        }
        out[j] = s;
      }
      return;
    }
    for (int j = 0; j < out.length; j++) {
      double s = 0;
      for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
        s += colValue[k] * v[rowOf[k]];
      }
      out[j] = s;
    }
  }

  /**
   * {@code y = G x} by rows of the symmetric {@code G}: {@code y += x_k G[k]}, four rows a sweep (contiguous, so the
   * loop vectorises; a quarter of the loads and stores of {@code y}).
   */
  private double[] timesMatrix(double[] x) {
    int n = matrix.length;
    double[] y = new double[n];
    int k = 0;
    for (; k + 3 < n; k += 4) {
      double x0 = x[k];
      double x1 = x[k + 1];
      double x2 = x[k + 2];
      double x3 = x[k + 3];
      double[] g0 = matrix[k];
      double[] g1 = matrix[k + 1];
      double[] g2 = matrix[k + 2];
      double[] g3 = matrix[k + 3];
      for (int i = 0; i < n; i++) {
        y[i] += (x0 * g0[i] + x1 * g1[i]) + (x2 * g2[i] + x3 * g3[i]);
      }
    }
    for (; k < n; k++) {
      double xk = x[k];
      double[] gk = matrix[k];
      for (int i = 0; i < n; i++) {
        y[i] += xk * gk[i];
      }
    }
    return y;
  }

  /**
   * The Gram matrix, full, a new one each call (for products by the matrix, and for the small components that
   * {@link LanczosSolver} reduces to a tridiagonal): from each line of the other side (a column of {@code B} for
   * {@code B B^T}, a row for {@code B^T B}) every pair of its edges, each pair once, so {@code sum (degree^2) / 2}
   * updates; then the two triangles summed. The mask graph's entries are counts, kept as {@code int}s while counting
   * (half the memory the updates touch) and exact either way.
   */
  double[][] matrix() {
    if (madeByTwin != null) {
      double[][] made = madeByTwin;
      madeByTwin = null;
      return made;
    }
    int n = dim();
    double[][] g = new double[n][n];
    int[][] counts = unit ? new int[n][n] : null;
    // With a weighted twin whose matrix is still to make: both from the same pairs (its own sums in its own order).
    GramOperator twin = weightedTwin != null && weightedTwin.madeByTwin == null ? weightedTwin : null;
    double[][] twinMatrix = twin != null ? new double[n][n] : null;
    if (onRows) {
      byColumnsReady();
      if (twin != null) {
        twin.byColumnsReady();
      }
      for (int j = 0; j + 1 < colPtr.length; j++) {
        if (twin != null) {
          addPairsBoth(colPtr[j], colPtr[j + 1], rowOf, twin.colValue, counts, twinMatrix);
        } else {
          addPairs(colPtr[j], colPtr[j + 1], rowOf, colValue, g, counts);
        }
      }
    } else {
      for (int i = 0; i < b.rows(); i++) {
        if (twin != null) {
          addPairsBoth(b.rowStart(i), b.rowEnd(i), b.colIndices(), twin.b.valuesOrNull(), counts, twinMatrix);
        } else {
          addPairs(b.rowStart(i), b.rowEnd(i), b.colIndices(), b.valuesOrNull(), g, counts);
        }
      }
    }
    symmetrize(g, counts);
    if (twin != null) {
      symmetrize(twinMatrix, null);
      twin.madeByTwin = twinMatrix;
    }
    return g;
  }

  /**
   * Fills the full symmetric {@code g} from the pairs added above and below its diagonal ({@code counts} instead of
   * {@code g}'s own entries for a mask graph): in tiles, so that the column walk of the lower triangle stays in cache.
   */
  private static void symmetrize(double[][] g, int[][] counts) {
    int n = g.length;
    for (int i0 = 0; i0 < n; i0 += TILE) {
      for (int k0 = i0; k0 < n; k0 += TILE) {
        for (int i = i0; i < Math.min(n, i0 + TILE); i++) {
          if (k0 == i0 && counts != null) {
            g[i][i] = counts[i][i];
          }
          for (int k = Math.max(k0, i + 1); k < Math.min(n, k0 + TILE); k++) {
            double v = counts != null ? counts[i][k] + counts[k][i] : g[i][k] + g[k][i];
            g[i][k] = v;
            g[k][i] = v;
          }
        }
      }
    }
  }

  /**
   * {@link #addPairs} for a mask graph and its weighted twin at once: each pair of the line's edges counted into
   * {@code counts} and its product of {@code value}s added into {@code g}.
   */
  private static void addPairsBoth(int from, int to, int[] index, double[] value, int[][] counts, double[][] g) {
    for (int a = from; a < to; a++) {
      int[] countRow = counts[index[a]];
      double[] row = g[index[a]];
      double va = value[a];
      for (int c = a; c < to; c++) {
        int k = index[c];
        countRow[k]++;
        row[k] += va * value[c];
      }
    }
  }

  /** Adds each pair of the edges {@code from..to} of one line into {@code g} (or {@code counts}, unit values). */
  private static void addPairs(int from, int to, int[] index, double[] value, double[][] g, int[][] counts) {
    for (int a = from; a < to; a++) {
      if (counts != null) {
        int[] row = counts[index[a]];
        for (int c = a; c < to; c++) {
          row[index[c]]++;
        }
      } else {
        double[] row = g[index[a]];
        double va = value[a];
        for (int c = a; c < to; c++) {
          row[index[c]] += va * value[c];
        }
      }
    }
  }
}
