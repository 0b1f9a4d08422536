package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GramOperatorTest {
  /** Outputs x inputs of a random layer at the given sparsity: [0] the mask graph, [1] the weighted graph. */
  private static SparseBiadjacency[] layer(int rows, int cols, double sparsity, long seed) {
    int[] shape = {rows, cols};
    return SparseBiadjacency.ofLayer(rows, cols, RandomLayers.weights(shape, seed),
        RandomLayers.mask(shape, sparsity, seed));
  }

  /** {@code B B^T} or {@code B^T B}, whichever is on the smaller side, by the definition. */
  private static double[][] gramByDefinition(SparseBiadjacency b) {
    double[][] dense = b.toDense();
    boolean onRows = b.rows() <= b.cols();
    int n = onRows ? b.rows() : b.cols();
    int inner = onRows ? b.cols() : b.rows();
    double[][] g = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < inner; j++) {
          g[i][k] += onRows ? dense[i][j] * dense[k][j] : dense[j][i] * dense[j][k];
        }
      }
    }
    return g;
  }

  /** {@code n} entries uniform in [-0.5, 0.5), seeded. */
  private static double[] randomVector(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() - 0.5;
    }
    return x;
  }

  private static void assertProductMatchesDefinition(SparseBiadjacency b, GramOperator gram) {
    double[][] g = gramByDefinition(b);
    double[] x = randomVector(gram.dim(), 3);
    double[] y = gram.apply(x);
    for (int i = 0; i < x.length; i++) {
      double expected = 0;
      for (int k = 0; k < x.length; k++) {
        expected += g[i][k] * x[k];
      }
      assertThat("entry " + i, y[i], closeTo(expected, 1e-12 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void theMaskGraphsGramMatrixOnItsRowsHoldsTheExactCommonNeighbourCounts() {
    SparseBiadjacency mask = layer(24, 144, 0.7, 1)[0];
    GramOperator gram = new GramOperator(mask);
    assertThat(gram.dim(), equalTo(24));
    assertThat(gram.matrix(), equalTo(gramByDefinition(mask)));
  }

  @Test
  void theMaskGraphsGramMatrixOnItsColumnsHoldsTheExactCommonNeighbourCounts() {
    SparseBiadjacency mask = layer(144, 24, 0.7, 2)[0];
    GramOperator gram = new GramOperator(mask);
    assertThat(gram.dim(), equalTo(24));
    assertThat(gram.matrix(), equalTo(gramByDefinition(mask)));
  }

  @Test
  void theWeightedGraphsGramMatrixOnEitherSideIsSymmetricAndMatchesTheDefinition() {
    for (SparseBiadjacency weighted : new SparseBiadjacency[] {layer(24, 144, 0.7, 3)[1], layer(144, 24, 0.7, 4)[1]}) {
      double[][] expected = gramByDefinition(weighted);
      double[][] g = new GramOperator(weighted).matrix();
      for (int i = 0; i < g.length; i++) {
        for (int k = 0; k < g.length; k++) {
          assertThat(i + "," + k, g[i][k], equalTo(g[k][i]));
          assertThat(i + "," + k, g[i][k], closeTo(expected[i][k], 1e-15 * Math.max(1, expected[i][k])));
        }
      }
    }
  }

  @Test
  void aGraphWithManyEdgesForItsSmallerSideIsMultipliedByItsGramMatrix() {
    for (SparseBiadjacency b : layer(50, 300, 0.8, 5)) {
      GramOperator gram = new GramOperator(b);
      assertThat("50^2 entries against 3000 edges", gram.byMatrix(), is(true));
      assertProductMatchesDefinition(b, gram);
    }
  }

  @Test
  void aSparseGraphIsMultipliedByItsEdges() {
    for (SparseBiadjacency b : layer(60, 300, 0.99, 6)) {
      GramOperator gram = new GramOperator(b);
      assertThat("60^2 entries against 180 edges", gram.byMatrix(), is(false));
      assertProductMatchesDefinition(b, gram);
    }
  }

  @Test
  void aGraphWhoseMatrixWouldTakeTooManyEdgePairsToBuildIsMultipliedByItsEdges() {
    // 200 x 300 at half density: 200^2 entries against 30000 edges would do, but each column's ~100 edges make
    // ~50 pairs an edge to add up.
    SparseBiadjacency b = layer(200, 300, 0.5, 7)[1];
    GramOperator gram = new GramOperator(b);
    assertThat("few enough entries", 200L * 200 <= GramOperator.MATRIX_FACTOR * (long) b.edges(), is(true));
    assertThat(gram.byMatrix(), is(false));
    assertProductMatchesDefinition(b, gram);
  }

  @Test
  void twinOperatorsOnALayersTwoGraphsGiveTheBitsOfSeparateOperators() {
    // Rows side and columns side; by the matrix (dense enough) and by the edges (sparse).
    for (SparseBiadjacency[] graphs : new SparseBiadjacency[][] {layer(50, 300, 0.8, 8), layer(300, 50, 0.8, 9),
        layer(60, 300, 0.99, 10), layer(300, 60, 0.99, 11)}) {
      assertThat(graphs[1].sharesEdgesWith(graphs[0]), is(true));
      GramOperator[] twins = GramOperator.ofBoth(graphs[0], graphs[1]);
      for (int g = 0; g < 2; g++) {
        GramOperator alone = new GramOperator(graphs[g]);
        assertThat(twins[g].byMatrix(), equalTo(alone.byMatrix()));
        double[] x = randomVector(alone.dim(), g);
        // The mask operator first: its matrix, where it makes one, makes the weighted twin's too.
        assertThat("graph " + g, twins[g].apply(x), equalTo(alone.apply(x)));
      }
    }
  }

  @Test
  void aWeightedTwinsMatrixMadeBesideTheMaskGraphsEqualsItsOwnToTheBit() {
    SparseBiadjacency[] graphs = layer(40, 200, 0.6, 12);
    GramOperator[] twins = GramOperator.ofBoth(graphs[0], graphs[1]);
    assertThat(twins[0].matrix(), equalTo(new GramOperator(graphs[0]).matrix()));
    assertThat(twins[1].matrix(), equalTo(new GramOperator(graphs[1]).matrix()));
  }

  @Test
  void twinOperatorsAreRefusedForGraphsOnDifferentEdges() {
    SparseBiadjacency[] graphs = layer(40, 200, 0.6, 13);
    SparseBiadjacency other = layer(40, 200, 0.6, 14)[1];
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> GramOperator.ofBoth(graphs[0], other));
  }
}
