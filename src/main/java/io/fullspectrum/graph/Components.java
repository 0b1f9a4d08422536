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
   * Component {@code c} of a mask graph and of a weighted graph on its very edges ({@link
   * SparseBiadjacency#sharesEdgesWith}), {@code {mask, weighted}}: as {@link #extract} gives each, on one copy of the
   * component's edges.
   */
  SparseBiadjacency[] extractBoth(SparseBiadjacency mask, SparseBiadjacency weighted, int c) {
    SparseBiadjacency part = extract(mask, c);
    if (part == mask) {
      return new SparseBiadjacency[] {mask, weighted};
    }
    double[] val = new double[edgeCount[c]];
    int e = 0;
    for (int i = 0; i < weighted.rows(); i++) {
      if (rowComponent[i] == c) {
        for (int k = weighted.rowStart(i); k < weighted.rowEnd(i); k++) {
          val[e++] = weighted.value(k);
        }
      }
    }
    return new SparseBiadjacency[] {part, part.withValues(val)};
  }

  /** Component {@code c} as a trimmed biadjacency, rows and columns renumbered in their original order. */
  SparseBiadjacency extract(SparseBiadjacency b, int c) {
    if (count == 1 && rowCount[0] == b.rows() && colCount[0] == b.cols()) {
      return b;
    }
    int[] colIndex = new int[b.cols()];
    int at = 0;
    for (int j = 0; j < b.cols(); j++) {
      colIndex[j] = colComponent[j] == c ? at++ : -1;
    }
    int[] ptr = new int[rowCount[c] + 1];
    int[] idx = new int[edgeCount[c]];
    double[] val = b.unit() ? null : new double[edgeCount[c]];
    int row = 0;
    int e = 0;
    for (int i = 0; i < b.rows(); i++) {
      if (rowComponent[i] != c) {
        continue;
      }
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        if (val != null) {
          val[e] = b.value(k);
        }
        idx[e++] = colIndex[b.col(k)];
      }
      ptr[++row] = e;
    }
    return new SparseBiadjacency(rowCount[c], colCount[c], ptr, idx, val);
  }
}
