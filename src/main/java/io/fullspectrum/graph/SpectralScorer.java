package io.fullspectrum.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores one layer's graph as the authors' code does (method §2, {@code ramanujan.py}): the whole-graph Ramanujan
 * and weighted spectral gaps behind the degree gate, and their iterative means over the regular subgraphs that
 * group inputs by degree, each weighted by the code's Cheeger factor.
 */
public final class SpectralScorer {
  private final SingularValueSolver solver;

  public SpectralScorer(SingularValueSolver solver) {
    this.solver = solver;
  }

  /** The fast scorer: sparse Lanczos per connected component. */
  public static SpectralScorer sparse() {
    return new SpectralScorer(new LanczosSolver());
  }

  /** The dense reference scorer: a full SVD per graph. */
  public static SpectralScorer dense() {
    return new SpectralScorer(new DenseSvdSolver());
  }

  /**
   * Scores a layer given in PyTorch layout.
   *
   * @param shape {@code Cout x Cin x kh x kw} or {@code Cout x Cin}
   * @param weights row-major float32 weights
   * @param mask row-major 0/1 mask of the same length
   */
  public LayerSpectrum score(int[] shape, float[] weights, byte[] mask) {
    int rows = shape[0];
    int cols = mask.length / rows;
    SparseBiadjacency[] graphs = SparseBiadjacency.ofLayer(rows, cols, weights, mask);
    return score(graphs[0], graphs[1]);
  }

  /** Scores a layer from its two graphs: the mask graph and the {@code |W ⊙ M|} graph on the same nodes. */
  public LayerSpectrum score(SparseBiadjacency unweighted, SparseBiadjacency weighted) {
    int edges = unweighted.edges();
    double dr = Double.POSITIVE_INFINITY;
    double lambda = Double.POSITIVE_INFINITY;
    if (edges > 0) {
      double dL = (double) edges / unweighted.nonIsolatedRows();
      double dR = (double) edges / unweighted.nonIsolatedCols();
      if (passesGate(dL, dR)) {
        SingularPair[] both = solver.topTwoOfBoth(unweighted, weighted);
        dr = ramanujanBound(dL, dR) - both[0].s2();
        lambda = both[1].gap();
      }
    }
    double[] means = iterativeMeans(unweighted, weighted);
    return LayerSpectrum.of(unweighted.cols(), unweighted.rows(), edges, dr, means[0], lambda, means[1]);
  }

  /** Spec §2 gate: scorable iff {@code dL >= 3} and {@code dR > 1}. */
  static boolean passesGate(double dL, double dR) {
    return dL >= 3 && dR > 1;
  }

  /** The bi-regular Ramanujan bound {@code sqrt(dL - 1) + sqrt(dR - 1)}. */
  static double ramanujanBound(double dL, double dR) {
    return Math.sqrt(dL - 1) + Math.sqrt(dR - 1);
  }

  /**
   * {@code (dr_imdb, lambda_imsg)}: means over the degree-grouped subgraphs (method §2, {@code iterative_mean_score}).
   * Degrees are visited in order of first occurrence over the inputs; a degree held by fewer than 2 inputs, a
   * zero degree, or a subgraph failing the gate is skipped for both means; none kept gives {@code (0, 0)}.
   */
  double[] iterativeMeans(SparseBiadjacency unweighted, SparseBiadjacency weighted) {
    int[] degree = unweighted.colDegrees();
    Map<Integer, Integer> countByDegree = new LinkedHashMap<>();
    for (int d : degree) {
      countByDegree.merge(d, 1, Integer::sum);
    }
    // The degree groups that can be scored, in order of first occurrence; all their subgraphs in one pass.
    java.util.List<Integer> scored = new java.util.ArrayList<>();
    Map<Integer, Integer> groupOfDegree = new java.util.HashMap<>();
    for (Map.Entry<Integer, Integer> group : countByDegree.entrySet()) {
      if (group.getKey() != 0 && group.getValue() >= 2) {
        groupOfDegree.put(group.getKey(), scored.size());
        scored.add(group.getKey());
      }
    }
    int[] groupOfCol = new int[degree.length];
    for (int j = 0; j < degree.length; j++) {
      groupOfCol[j] = groupOfDegree.getOrDefault(degree[j], -1);
    }
    SparseBiadjacency[] subs = unweighted.splitColumns(groupOfCol, scored.size());
    SparseBiadjacency[] weightedSubs = null;
    double drSum = 0;
    double lambdaSum = 0;
    int kept = 0;
    for (int g = 0; g < scored.size(); g++) {
      int d = scored.get(g);
      int nd = countByDegree.get(d);
      SparseBiadjacency sub = subs[g];
      int nOut = sub.nonIsolatedRows();
      double dR = (double) nd * d / nOut;
      if (!passesGate(d, dR)) {
        continue;
      }
      if (weightedSubs == null) {
        weightedSubs = weighted.splitColumnsLike(unweighted, subs, groupOfCol);
      }
      double cheeger = (double) Math.max(nd, nOut) / (nd + nOut - 1);
      SingularPair[] both = solver.topTwoOfBoth(sub, weightedSubs[g]);
      drSum += cheeger * (ramanujanBound(d, dR) - both[0].s2());
      lambdaSum += cheeger * both[1].gap();
      kept++;
    }
    return kept == 0 ? new double[] {0, 0} : new double[] {drSum / kept, lambdaSum / kept};
  }

  @Override
  public String toString() {
    return "SpectralScorer{" + solver.getClass().getSimpleName() + "}";
  }
}
