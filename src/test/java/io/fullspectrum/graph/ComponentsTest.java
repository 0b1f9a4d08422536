package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

class ComponentsTest {
  /**
   * 4 outputs x 5 inputs: output 2 joins output 0's piece through input 3 after it has already taken input 0 (a later
   * edge meets a smaller root), outputs 1 and 3 each hold one input of their own, input 2 has no edge.
   */
  private static final byte[] MASK = {
      0, 0, 0, 1, 0,
      0, 0, 0, 0, 1,
      1, 0, 0, 1, 0,
      0, 1, 0, 0, 0};

  @Test
  void aGraphSplitsIntoItsConnectedPiecesNumberedByTheirFirstOutputWithIsolatedInputsLeftOut() {
    SparseBiadjacency b = SparseBiadjacency.ofMask(4, 5, MASK);
    Components components = Components.of(b);
    assertThat(components.count(), equalTo(3));
    assertThat(components.extract(b, 0).toDense(), equalTo(new double[][] {{0, 1}, {1, 1}}));
    assertThat(components.extract(b, 1).toDense(), equalTo(new double[][] {{1}}));
    assertThat(components.extract(b, 2).toDense(), equalTo(new double[][] {{1}}));
  }

  @Test
  void aWeightedGraphsPiecesShareTheMaskGraphsPiecesEdgesAndKeepTheirOwnWeights() {
    float[] weights = {
        0, 0, 0, -2, 0,
        0, 0, 0, 0, 5,
        3, 0, 0, 0.5f, 0,
        0, -7, 0, 0, 0};
    SparseBiadjacency[] graphs = SparseBiadjacency.ofLayer(4, 5, weights, MASK);
    Components components = graphs[0].components();
    SparseBiadjacency[] maskParts = components.extractAll(graphs[0]);
    SparseBiadjacency[] weightedParts = components.extractAllLike(graphs[1], maskParts);
    assertThat(weightedParts.length, equalTo(3));
    for (int c = 0; c < 3; c++) {
      assertThat("piece " + c, weightedParts[c].sharesEdgesWith(maskParts[c]), equalTo(true));
    }
    assertThat(weightedParts[0].toDense(), equalTo(new double[][] {{0, 2}, {3, 0.5}}));
    assertThat(weightedParts[1].toDense(), equalTo(new double[][] {{5}}));
    assertThat(weightedParts[2].toDense(), equalTo(new double[][] {{7}}));
  }
}
