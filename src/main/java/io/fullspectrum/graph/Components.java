package io.fullspectrum.graph;

/**
 * The connected components of a bipartite graph (union-find over outputs and inputs), isolated nodes left out,
 * and the extraction of each component as its own trimmed biadjacency.
 */
final class Components {
  private final int[] rowComponent;
  private final int[] colComponent;
  private final int[] rowCount;
  private final int[] colCount;
  private final int[] edgeCount;
  private final int count;

  private Components(int[] rowComponent, int[] colComponent, int[] rowCount, int[] colCount, int[] edgeCount,
      int count) {
    this.rowComponent = rowComponent;
    this.colComponent = colComponent;
    this.rowCount = rowCount;
    this.colCount = colCount;
    this.edgeCount = edgeCount;
    this.count = count;
  }

  static Components of(SparseBiadjacency b) {
    int rows = b.rows();
    int[] parent = new int[rows + b.cols()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < rows; i++) {
      // Row i's root found once for its edges, not once an edge: the same unions (the larger root under the smaller).
      int root = find(parent, i);
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        int other = find(parent, rows + b.col(k));
        if (other > root) {
          parent[other] = root;
        } else if (other < root) {
          parent[root] = other;
          root = other;
        }
      }
    }
    int[] label = new int[parent.length];
    java.util.Arrays.fill(label, -1);
    int[] rowComponent = new int[rows];
    int[] colComponent = new int[b.cols()];
    int count = 0;
    boolean[] colUsed = new boolean[b.cols()];
    for (int k = 0; k < b.edges(); k++) {
      colUsed[b.col(k)] = true;
    }
    for (int i = 0; i < rows; i++) {
      if (b.rowEnd(i) == b.rowStart(i)) {
        rowComponent[i] = -1;
        continue;
      }
      int root = find(parent, i);
      if (label[root] < 0) {
        label[root] = count++;
      }
      rowComponent[i] = label[root];
    }
    for (int j = 0; j < b.cols(); j++) {
      colComponent[j] = colUsed[j] ? label[find(parent, rows + j)] : -1;
    }
    int[] rowCount = new int[count];
    int[] colCount = new int[count];
    int[] edgeCount = new int[count];
    for (int i = 0; i < rows; i++) {
      if (rowComponent[i] >= 0) {
        rowCount[rowComponent[i]]++;
        edgeCount[rowComponent[i]] += b.rowEnd(i) - b.rowStart(i);
      }
    }
    for (int j = 0; j < b.cols(); j++) {
      if (colComponent[j] >= 0) {
        colCount[colComponent[j]]++;
      }
    }
    return new Components(rowComponent, colComponent, rowCount, colCount, edgeCount, count);
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  int count() {
    return count;
  }

  /**
   * Every component as a trimmed biadjacency ({@code [c]} is component {@code c}, rows and columns renumbered in their
   * original order), all in one pass over the edges: what {@link #extract} gives for each.
   */
  SparseBiadjacency[] extractAll(SparseBiadjacency b) {
    if (count == 1 && rowCount[0] == b.rows() && colCount[0] == b.cols()) {
      return new SparseBiadjacency[] {b};
    }
    int[] colIndex = new int[b.cols()];
    int[] width = new int[count];
    for (int j = 0; j < b.cols(); j++) {
      int c = colComponent[j];
      colIndex[j] = c >= 0 ? width[c]++ : -1;
    }
    int[][] ptr = new int[count][];
    int[][] idx = new int[count][];
    for (int c = 0; c < count; c++) {
      ptr[c] = new int[rowCount[c] + 1];
      idx[c] = new int[edgeCount[c]];
    }
    int[] rowAt = new int[count];
    int[] edgeAt = new int[count];
    for (int i = 0; i < b.rows(); i++) {
      int c = rowComponent[i];
      if (c < 0) {
        continue;
      }
      int e = edgeAt[c];
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        idx[c][e++] = colIndex[b.col(k)];
      }
      edgeAt[c] = e;
      ptr[c][++rowAt[c]] = e;
    }
    double[][] val = b.unit() ? new double[count][] : valuesByComponent(b);
    SparseBiadjacency[] parts = new SparseBiadjacency[count];
    for (int c = 0; c < count; c++) {
      parts[c] = new SparseBiadjacency(rowCount[c], colCount[c], ptr[c], idx[c], val[c]);
    }
    return parts;
  }

  /** {@code b}'s edge values split by component, each in row order (the order {@link #extractAll} keeps). */
  private double[][] valuesByComponent(SparseBiadjacency b) {
    double[][] val = new double[count][];
    for (int c = 0; c < count; c++) {
      val[c] = new double[edgeCount[c]];
    }
    int[] edgeAt = new int[count];
    for (int i = 0; i < b.rows(); i++) {
      int c = rowComponent[i];
      if (c < 0) {
        continue;
      }
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        val[c][edgeAt[c]++] = b.value(k);
      }
    }
    return val;
  }

  /**
   * The components of a weighted graph on a mask graph's very edges ({@link SparseBiadjacency#sharesEdgesWith}), given
   * the mask graph's ({@link #extractAll}): each on its mask component's edge arrays, with its own values.
   */
  SparseBiadjacency[] extractAllLike(SparseBiadjacency weighted, SparseBiadjacency[] maskParts) {
    if (maskParts.length == 1 && maskParts[0].sharesEdgesWith(weighted)) {
      return new SparseBiadjacency[] {weighted};
    }
    double[][] val = valuesByComponent(weighted);
    SparseBiadjacency[] parts = new SparseBiadjacency[count];
    for (int c = 0; c < count; c++) {
      parts[c] = maskParts[c].withValues(val[c]);
    }
    return parts;
  }

  /** Component {@code c} alone, as {@link #extractAll} gives it. */
  SparseBiadjacency extract(SparseBiadjacency b, int c) {
    return extractAll(b)[c];
  }
}
