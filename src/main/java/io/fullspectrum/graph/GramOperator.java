package io.fullspectrum.graph;

import java.util.Arrays;

/**
 * {@code x -> B B^T x} on the rows when there are fewer rows than columns, else {@code x -> B^T B x}. Both
 * products are gathers over a row-major and a column-major copy of the edges (no scatter, no scratch to clear).
 */
final class GramOperator {
  private final SparseBiadjacency b;
  private final boolean onRows;
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

  GramOperator(SparseBiadjacency b) {
    this.b = b;
    this.onRows = b.rows() <= b.cols();
    this.unit = b.unit();
  }

  /** The column-major copy of the edges, made on the first product (the dense path for small parts needs none). */
  private void byColumnsReady() {
    if (colPtr != null) {
      return;
    }
    scratch = new double[onRows ? b.cols() : b.rows()];
    int cols = b.cols();
    int[] ptr = new int[cols + 1];
    for (int k = 0; k < b.edges(); k++) {
      ptr[b.col(k) + 1]++;
    }
    for (int j = 0; j < cols; j++) {
      ptr[j + 1] += ptr[j];
    }
    rowOf = new int[b.edges()];
    colValue = unit ? null : new double[b.edges()];
    int[] at = Arrays.copyOf(ptr, cols);
    for (int i = 0; i < b.rows(); i++) {
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        int slot = at[b.col(k)]++;
        rowOf[slot] = i;
        if (!unit) {
          colValue[slot] = b.value(k);
        }
      }
    }
    colPtr = ptr;
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

  double[] apply(double[] x) {
    products++;
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

  /** The Gram matrix itself, for small components. */
  double[][] dense() {
    int n = dim();
    double[][] g = new double[n][n];
    if (onRows) {
      double[][] dense = b.toDense();
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          double s = LanczosSolver.dot(dense[i], dense[j]);
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
