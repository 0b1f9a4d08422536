package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.sameInstance;

import org.junit.jupiter.api.Test;

class SplitColumnsTest {
  @Test
  void splittingAllGroupsInOnePassGivesWhatSelectingEachGroupGives() {
    int[] shape = {32, 16, 3, 3};
    SparseBiadjacency[] graphs = SparseBiadjacency.ofLayer(32, 16 * 9, RandomLayers.weights(shape, 5),
        RandomLayers.mask(shape, 0.9, 5));
    int[] degree = graphs[0].colDegrees();
    int groups = 4;
    int[] group = new int[degree.length];
    for (int j = 0; j < degree.length; j++) {
      group[j] = degree[j] == 0 ? -1 : degree[j] % groups;
    }
    SparseBiadjacency[] split = graphs[1].splitColumns(group, groups);
    for (int g = 0; g < groups; g++) {
      boolean[] keep = new boolean[degree.length];
      for (int j = 0; j < degree.length; j++) {
        keep[j] = group[j] == g;
      }
      assertThat("group " + g, split[g].toDense(), equalTo(graphs[1].selectColumns(keep).toDense()));
      assertThat("group " + g, split[g].edges(), equalTo(graphs[1].selectColumns(keep).edges()));
    }
  }

  @Test
  void theWeightedGraphSplitLikeItsMaskGraphHoldsTheSameSubgraphsAndSharesTheirEdgesAndComponents() {
    int[] shape = {32, 16, 3, 3};
    SparseBiadjacency[] graphs = SparseBiadjacency.ofLayer(32, 16 * 9, RandomLayers.weights(shape, 6),
        RandomLayers.mask(shape, 0.9, 6));
    int[] group = groupsByDegree(graphs[0], 3);
    SparseBiadjacency[] maskSplit = graphs[0].splitColumns(group, 3);
    SparseBiadjacency[] like = graphs[1].splitColumnsLike(graphs[0], maskSplit, group);
    SparseBiadjacency[] full = graphs[1].splitColumns(group, 3);
    for (int g = 0; g < 3; g++) {
      assertThat("group " + g, like[g].toDense(), equalTo(full[g].toDense()));
      assertThat("group " + g, like[g].sharesEdgesWith(maskSplit[g]), equalTo(true));
      assertThat("group " + g, like[g].components(), sameInstance(maskSplit[g].components()));
    }
  }

  @Test
  void aWeightedGraphWithAnExactZeroWeightIsSplitInFullNotLikeItsMaskGraph() {
    int[] shape = {32, 16, 3, 3};
    float[] weights = RandomLayers.weights(shape, 7);
    byte[] mask = RandomLayers.mask(shape, 0.9, 7);
    int first = 0;
    while (mask[first] == 0) {
      first++;
    }
    weights[first] = 0f;
    SparseBiadjacency[] graphs = SparseBiadjacency.ofLayer(32, 16 * 9, weights, mask);
    int[] group = groupsByDegree(graphs[0], 3);
    SparseBiadjacency[] maskSplit = graphs[0].splitColumns(group, 3);
    SparseBiadjacency[] like = graphs[1].splitColumnsLike(graphs[0], maskSplit, group);
    int g = group[first % (16 * 9)];
    assertThat(like[g].edges(), equalTo(maskSplit[g].edges() - 1));
    assertThat(like[g].sharesEdgesWith(maskSplit[g]), equalTo(false));
    assertThat(like[g].toDense(), equalTo(graphs[1].splitColumns(group, 3)[g].toDense()));
  }

  private static int[] groupsByDegree(SparseBiadjacency graph, int groups) {
    int[] degree = graph.colDegrees();
    int[] group = new int[degree.length];
    for (int j = 0; j < degree.length; j++) {
      group[j] = degree[j] == 0 ? -1 : degree[j] % groups;
    }
    return group;
  }
}
