package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hamcrest.Matcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sparse solver agrees with the dense SVD on random layers of every shape the networks use. */
class SparseAgreesWithDenseTest {
  /** Distinct prunable shapes of CIFAR ResNet-18/34, VGG-16 and the small Fashion-MNIST CNN. */
  private static final int[][] SHAPES = {
      {64, 3, 3, 3}, {64, 64, 3, 3}, {128, 64, 3, 3}, {128, 128, 3, 3}, {128, 64, 1, 1},
      {256, 128, 3, 3}, {256, 128, 1, 1}, {512, 256, 1, 1}, {10, 512}, {100, 512},
      {32, 1, 3, 3}, {64, 32, 3, 3}, {128, 3136}, {512, 256, 3, 3},
  };

  static Stream<Arguments> layers() {
    List<Arguments> out = new ArrayList<>();
    int seed = 0;
    for (int[] shape : SHAPES) {
      for (double sparsity : new double[] {0.5, 0.9, 0.99}) {
        out.add(Arguments.of(Arrays.toString(shape), shape, sparsity, seed++));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} at sparsity {2}")
  @MethodSource("layers")
  void sparseAndDenseSolversGiveTheSameTopTwo(String label, int[] shape, double sparsity, int seed) {
    byte[] mask = RandomLayers.mask(shape, sparsity, seed);
    float[] weights = RandomLayers.weights(shape, seed + 1000);
    int rows = shape[0];
    int cols = mask.length / rows;
    for (SparseBiadjacency b : List.of(SparseBiadjacency.ofMask(rows, cols, mask),
        SparseBiadjacency.ofWeights(rows, cols, weights, mask))) {
      SingularPair dense = new DenseSvdSolver().topTwo(b);
      SingularPair sparse = new LanczosSolver().topTwo(b);
      assertThat(label + " s1", sparse.s1(), closeTo(dense.s1(), 1e-8 * dense.s1() + 1e-12));
      assertThat(label + " s2", sparse.s2(), closeTo(dense.s2(), 1e-7 * dense.s1() + 1e-12));
    }
  }

  @ParameterizedTest(name = "{0} at sparsity {2}")
  @MethodSource("layers")
  void sparseAndDenseScorersGiveTheSameLayerScores(String label, int[] shape, double sparsity, int seed) {
    if (RandomLayers.numel(shape) > 300_000) {
      return;
    }
    byte[] mask = RandomLayers.mask(shape, sparsity, seed);
    float[] weights = RandomLayers.weights(shape, seed + 1000);
    LayerSpectrum dense = SpectralScorer.dense().score(shape, weights, mask);
    LayerSpectrum sparse = SpectralScorer.sparse().score(shape, weights, mask);
    assertThat(sparse.edges(), equalTo(dense.edges()));
    assertThat(sparse.dr(), sameAs(dense.dr(), 1e-6));
    assertThat(sparse.drImdb(), sameAs(dense.drImdb(), 1e-6));
    assertThat(sparse.lambda(), sameAs(dense.lambda(), 1e-7));
    assertThat(sparse.lambdaImsg(), sameAs(dense.lambdaImsg(), 1e-7));
  }

  /** Equal infinities, or finite values within {@code tolerance}. */
  private static Matcher<Double> sameAs(double expected, double tolerance) {
    return Double.isFinite(expected) ? closeTo(expected, tolerance) : equalTo(expected);
  }
}
