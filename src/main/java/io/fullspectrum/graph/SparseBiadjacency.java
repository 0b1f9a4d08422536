package io.fullspectrum.graph;

import java.util.Arrays;

/**
 * The biadjacency matrix {@code B} of a layer's bipartite graph (method §1) in compressed sparse rows: one row per
 * output channel ({@code Cout}), one column per input ({@code Cin*kh*kw}). Values are 1 for the unweighted
 * (mask) graph and {@code |w|} for the weighted one. Never dense: memory is O(edges + rows + cols).
 */
public final class SparseBiadjacency {
  private final int rows;
  private final int cols;
  private final int[] rowPtr;
  private final int[] colIdx;
  /** Null for the mask graph: every value is 1. */
  private final double[] values;
  /** The graph whose edges these are, when they are shared (a layer's two graphs): its components serve both. */
  private final SparseBiadjacency sameEdgesAs;
  private Components components;

  SparseBiadjacency(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
    this(rows, cols, rowPtr, colIdx, values, null);
  }

  private SparseBiadjacency(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values,
      SparseBiadjacency sameEdgesAs) {
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
    this.sameEdgesAs = sameEdgesAs;
  }

  /**
   * The unweighted graph of a {@code rows x cols} mask in row-major order: an edge wherever the mask is non-zero.
   */
  public static SparseBiadjacency ofMask(int rows, int cols, byte[] mask) {
    checkSize(rows, cols, mask.length);
    return fromKept(rows, cols, KeptIndices.of(mask), null);
  }

  /**
   * The weighted graph {@code |W ⊙ M|}: an edge wherever the mask is non-zero and the weight is not exactly zero
   * (method §1: an exact-zero weight under a mask 1 is no edge).
   *
   * @throws IllegalArgumentException when a kept weight is NaN or infinite
   */
  public static SparseBiadjacency ofWeights(int rows, int cols, float[] weights, byte[] mask) {
    checkSize(rows, cols, mask.length);
    checkSize(rows, cols, weights.length);
    return fromKept(rows, cols, KeptIndices.of(mask), weights);
  }

  /**
   * Both graphs of a layer from one scan of its mask; where no kept weight is exactly zero (the usual case) they
   * share their edge arrays and their connected components.
   */
  public static SparseBiadjacency[] ofLayer(int rows, int cols, float[] weights, byte[] mask) {
    checkSize(rows, cols, mask.length);
    checkSize(rows, cols, weights.length);
    int[] kept = KeptIndices.of(mask);
    SparseBiadjacency unweighted = fromKept(rows, cols, kept, null);
    double[] values = new double[kept.length];
    for (int e = 0; e < kept.length; e++) {
      float w = checkedWeight(weights, kept[e]);
      if (w == 0f) {
        return new SparseBiadjacency[] {unweighted, fromKept(rows, cols, kept, weights)};
      }
      values[e] = Math.abs((double) w);
    }
    return new SparseBiadjacency[] {unweighted,
        new SparseBiadjacency(rows, cols, unweighted.rowPtr, unweighted.colIdx, values, unweighted)};
  }

  /** CSR from ascending flat indices; with weights, exact zeros are dropped and values are {@code |w|}. */
  private static SparseBiadjacency fromKept(int rows, int cols, int[] kept, float[] weights) {
    int edges = kept.length;
    if (weights != null) {
      for (int flat : kept) {
        if (checkedWeight(weights, flat) == 0f) {
          edges--;
        }
      }
    }
    int[] rowPtr = new int[rows + 1];
    int[] colIdx = new int[edges];
    double[] values = weights == null ? null : new double[edges];
    int at = 0;
    for (int flat : kept) {
      if (weights != null) {
        if (weights[flat] == 0f) {
          continue;
        }
        values[at] = Math.abs((double) weights[flat]);
      }
      int row = flat / cols;
      rowPtr[row + 1]++;
      colIdx[at++] = flat - row * cols;
    }
    for (int r = 0; r < rows; r++) {
      rowPtr[r + 1] += rowPtr[r];
    }
    return new SparseBiadjacency(rows, cols, rowPtr, colIdx, values);
  }

  /** Each edge's column, row by row: the backing array, for loops that pass it on (read only). */
  int[] colIndices() {
    return colIdx;
  }

  /** Each edge's value, row by row; null for the mask graph, whose values are all 1 (the backing array, read only). */
  double[] valuesOrNull() {
    return values;
  }

  /** A kept weight; NaN or infinite is an error naming its flat index. */
  private static float checkedWeight(float[] weights, int flat) {
    float w = weights[flat];
    if (!Float.isFinite(w)) {
      throw new IllegalArgumentException("weight at index " + flat + " is " + w);
    }
    return w;
  }

  private static void checkSize(int rows, int cols, int length) {
    if ((long) rows * cols != length) {
      throw new IllegalArgumentException(
          "a " + rows + "x" + cols + " biadjacency needs " + (long) rows * cols + " values, got " + length);
    }
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int edges() {
    return rowPtr[rows];
  }

  int rowStart(int row) {
    return rowPtr[row];
  }

  int rowEnd(int row) {
    return rowPtr[row + 1];
  }

  int col(int entry) {
    return colIdx[entry];
  }

  double value(int entry) {
    return values == null ? 1.0 : values[entry];
  }

  /**
   * A graph on this one's very edge arrays (and components) with other values: a component of a layer's weighted
   * graph beside the same component of its mask graph.
   */
  SparseBiadjacency withValues(double[] newValues) {
    return new SparseBiadjacency(rows, cols, rowPtr, colIdx, newValues, this);
  }

  /** Whether this graph's edge arrays are {@code other}'s own (not just equal). */
  boolean sharesEdgesWith(SparseBiadjacency other) {
    return rowPtr == other.rowPtr && colIdx == other.colIdx;
  }

  /** Whether every value is 1 (the mask graph and its subgraphs). */
  boolean unit() {
    return values == null;
  }

  /** Its connected components, computed once (and once for a layer's two graphs when they share their edges). */
  Components components() {
    if (sameEdgesAs != null) {
      return sameEdgesAs.components();
    }
    if (components == null) {
      components = Components.of(this);
    }
    return components;
  }

  /** Number of edges at each input (column). */
  public int[] colDegrees() {
    int[] degree = new int[cols];
    for (int k = 0; k < edges(); k++) {
      degree[colIdx[k]]++;
    }
    return degree;
  }

  /** Outputs (rows) with at least one edge. */
  public int nonIsolatedRows() {
    int n = 0;
    for (int i = 0; i < rows; i++) {
      if (rowPtr[i + 1] > rowPtr[i]) {
        n++;
      }
    }
    return n;
  }

  /** Inputs (columns) with at least one edge. */
  public int nonIsolatedCols() {
    int n = 0;
    for (int d : colDegrees()) {
      if (d > 0) {
        n++;
      }
    }
    return n;
  }

  /** The subgraph on the chosen inputs and all outputs; columns are renumbered in their original order. */
  public SparseBiadjacency selectColumns(boolean[] keep) {
    int[] newIndex = new int[cols];
    int kept = 0;
    for (int j = 0; j < cols; j++) {
      newIndex[j] = keep[j] ? kept++ : -1;
    }
    int edges = 0;
    for (int k = 0; k < edges(); k++) {
      if (keep[colIdx[k]]) {
        edges++;
      }
    }
    int[] ptr = new int[rows + 1];
    int[] idx = new int[edges];
    double[] val = values == null ? null : new double[edges];
    int at = 0;
    for (int i = 0; i < rows; i++) {
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        int j = newIndex[colIdx[k]];
        if (j >= 0) {
          if (val != null) {
            val[at] = values[k];
          }
          idx[at++] = j;
        }
      }
      ptr[i + 1] = at;
    }
    return new SparseBiadjacency(rows, kept, ptr, idx, val);
  }

  /**
   * The subgraphs on each group of inputs, all in one pass over the edges: subgraph {@code g} holds the inputs
   * {@code j} with {@code group[j] == g} (renumbered in their original order) and all outputs, exactly as
   * {@link #selectColumns} would build it; inputs with a negative group belong to none.
   */
  public SparseBiadjacency[] splitColumns(int[] group, int groups) {
    int[] newIndex = new int[cols];
    int[] width = new int[groups];
    for (int j = 0; j < cols; j++) {
      newIndex[j] = group[j] >= 0 ? width[group[j]]++ : -1;
    }
    int[] edgeCount = new int[groups];
    for (int k = 0; k < edges(); k++) {
      int g = group[colIdx[k]];
      if (g >= 0) {
        edgeCount[g]++;
      }
    }
    int[][] ptr = new int[groups][rows + 1];
    int[][] idx = new int[groups][];
    double[][] val = new double[groups][];
    int[] at = new int[groups];
    for (int g = 0; g < groups; g++) {
      idx[g] = new int[edgeCount[g]];
      val[g] = values == null ? null : new double[edgeCount[g]];
    }
    for (int i = 0; i < rows; i++) {
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        int c = colIdx[k];
        int g = group[c];
        if (g >= 0) {
          if (values != null) {
            val[g][at[g]] = values[k];
          }
          idx[g][at[g]++] = newIndex[c];
        }
      }
      for (int g = 0; g < groups; g++) {
        ptr[g][i + 1] = at[g];
      }
    }
    SparseBiadjacency[] out = new SparseBiadjacency[groups];
    for (int g = 0; g < groups; g++) {
      out[g] = new SparseBiadjacency(rows, width[g], ptr[g], idx[g], val[g]);
    }
    return out;
  }

  /**
   * What {@link #splitColumns} gives, for a graph whose edges are {@code split}'s source's (a layer's weighted graph
   * beside its mask graph, {@link #ofLayer}): only the values are copied, and each subgraph shares its edges and
   * connected components with the mask graph's. Any other graph is split in full.
   *
   * @param source the graph {@code split} was split from
   * @param split {@code source.splitColumns(group, split.length)}
   */
  public SparseBiadjacency[] splitColumnsLike(SparseBiadjacency source, SparseBiadjacency[] split, int[] group) {
    if (sameEdgesAs != source || values == null) {
      return splitColumns(group, split.length);
    }
    double[][] val = new double[split.length][];
    for (int g = 0; g < split.length; g++) {
      val[g] = new double[split[g].edges()];
    }
    int[] at = new int[split.length];
    int edges = edges();
    for (int k = 0; k < edges; k++) {
      int g = group[colIdx[k]];
      if (g >= 0) {
        val[g][at[g]++] = values[k];
      }
    }
    SparseBiadjacency[] out = new SparseBiadjacency[split.length];
    for (int g = 0; g < split.length; g++) {
      SparseBiadjacency edgesOf = split[g];
      out[g] = new SparseBiadjacency(edgesOf.rows, edgesOf.cols, edgesOf.rowPtr, edgesOf.colIdx, val[g], edgesOf);
    }
    return out;
  }

  /** A dense copy, for the reference path and tests only. */
  public double[][] toDense() {
    double[][] dense = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        dense[i][colIdx[k]] = value(k);
      }
    }
    return dense;
  }

  @Override
  public String toString() {
    return "SparseBiadjacency{" + rows + "x" + cols + ", edges=" + edges() + ", rowPtr=" +
        Arrays.toString(Arrays.copyOf(rowPtr, Math.min(rowPtr.length, 8))) + "...}";
  }
}
