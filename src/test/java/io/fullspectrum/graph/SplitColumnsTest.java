package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
}
