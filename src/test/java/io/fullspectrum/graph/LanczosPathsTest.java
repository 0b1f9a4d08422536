package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fallback path and the parallel network scorer give what the main paths give. */
class LanczosPathsTest {

  @Test
  void theFullReorthogonalisationFallbackAgreesWithTheDenseSvd() {
    int[] shape = {256, 128, 3, 3};
    for (double sparsity : new double[] {0.5, 0.99}) {
      SparseBiadjacency b = SparseBiadjacency.ofWeights(256, 1152, RandomLayers.weights(shape, 3),
          RandomLayers.mask(shape, sparsity, 4));
      Components components = Components.of(b);
      SparseBiadjacency largest = components.extract(b, 0);
      double[] lambda = LanczosSolver.lanczosTopTwo(new GramOperator(largest));
      SingularPair dense = new DenseSvdSolver().topTwo(largest);
      assertThat(Math.sqrt(lambda[0]), closeTo(dense.s1(), 1e-8 * dense.s1()));
      assertThat(Math.sqrt(lambda[1]), closeTo(dense.s2(), 1e-7 * dense.s1()));
    }
  }

  @Test
  void aRankTwoComponentWhoseKrylovSpaceRunsOutAtStepTwoGetsItsExactPair() {
    // Two complete bipartite blocks joined by one edge: B B^T has two large eigenvalues and 0 many times over, so
    // Lanczos exhausts its Krylov space within a few steps, past the three-term recurrence's reach.
    int rows = 60;
    int cols = 80;
    byte[] mask = new byte[rows * cols];
    float[] weights = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        boolean block = (i < 30) == (j < 40);
        if (block || (i == 0 && j == 79)) {
          mask[i * cols + j] = 1;
          weights[i * cols + j] = i < 30 ? 1f : 2f;
        }
      }
    }
    SparseBiadjacency b = SparseBiadjacency.ofWeights(rows, cols, weights, mask);
    SingularPair sparse = new LanczosSolver().topTwo(b);
    SingularPair dense = new DenseSvdSolver().topTwo(b);
    assertThat(sparse.s1(), closeTo(dense.s1(), 1e-10 * dense.s1()));
    assertThat(sparse.s2(), closeTo(dense.s2(), 1e-10 * dense.s1()));
  }

  @Test
  void aLayersTwoGraphsSolvedTogetherGiveTheBitsEachGivesAlone() {
    // 99.7%: many components (stars, small ones by Householder, a large one by Lanczos); 99%: one, by Lanczos on its
    // edges; 90%: by the Gram matrix.
    for (double sparsity : new double[] {0.997, 0.99, 0.9, 0.5}) {
      int[] shape = {256, 1152};
      SparseBiadjacency[] graphs = SparseBiadjacency.ofLayer(256, 1152, RandomLayers.weights(shape, 5),
          RandomLayers.mask(shape, sparsity, 6));
      assertThat(graphs[1].sharesEdgesWith(graphs[0]), equalTo(true));
      if (sparsity == 0.997) {
        assertThat(graphs[0].components().count(), greaterThan(10));
      }
      LanczosSolver solver = new LanczosSolver();
      SingularPair[] both = solver.topTwoOfBoth(graphs[0], graphs[1]);
      assertThat("mask at " + sparsity, both[0], equalTo(solver.topTwo(graphs[0])));
      assertThat("weighted at " + sparsity, both[1], equalTo(solver.topTwo(graphs[1])));
    }
  }

  @Test
  void theParallelNetworkScorerGivesBitIdenticalCoordinates() {
    List<WeightedLayer> layers = List.of(
        layer("a", new int[] {64, 32, 3, 3}, 0.9, 1),
        layer("b", new int[] {128, 64, 3, 3}, 0.99, 2),
        layer("c", new int[] {10, 512}, 0.5, 3));
    FullSpectrumCoordinate one = NetworkScorer.sparse().score(layers);
    FullSpectrumCoordinate many = NetworkScorer.sparse().parallel().score(layers);
    assertThat(many.names(), equalTo(one.names()));
    assertThat(many.layers(), equalTo(one.layers()));
  }

  private static WeightedLayer layer(String name, int[] shape, double sparsity, long seed) {
    float[] w = RandomLayers.weights(shape, seed);
    byte[] m = RandomLayers.mask(shape, sparsity, seed + 1);
    return new WeightedLayer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int[] shape() {
        return shape;
      }

      @Override
      public float[] weights() {
        return w;
      }

      @Override
      public byte[] mask() {
        return m;
      }
    };
  }
}
