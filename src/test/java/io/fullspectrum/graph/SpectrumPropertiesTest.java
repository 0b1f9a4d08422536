package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties the spectral maths must have whatever the golden cases cover. */
class SpectrumPropertiesTest {
  private final LanczosSolver sparse = new LanczosSolver();

  /** A {@code d}-regular circulant bipartite mask on {@code n + n} nodes: output i feeds inputs i..i+d-1. */
  private static byte[] circulant(int n, int d) {
    byte[] mask = new byte[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        mask[i * n + (i + k) % n] = 1;
      }
    }
    return mask;
  }

  @Test
  void aRegularBipartiteGraphHasTopSingularValueItsDegree() {
    for (int d : new int[] {3, 5, 9}) {
      SingularPair pair = sparse.topTwo(SparseBiadjacency.ofMask(200, 200, circulant(200, d)));
      assertThat("d=" + d, pair.s1(), closeTo(d, 1e-9));
    }
  }

  @Test
  void aCompleteBipartiteGraphHasSecondSingularValueZero() {
    int a = 70;
    int b = 130;
    byte[] ones = new byte[a * b];
    java.util.Arrays.fill(ones, (byte) 1);
    SingularPair pair = sparse.topTwo(SparseBiadjacency.ofMask(a, b, ones));
    assertThat(pair.s1(), closeTo(Math.sqrt(a * b), 1e-9));
    assertThat(pair.s2(), closeTo(0, 1e-6));
  }

  @Test
  void twoEqualComponentsGiveARepeatedTopSingularValue() {
    // Two disjoint copies of one 5-regular graph: s1 has multiplicity 2, so s2 = s1 (Lanczos alone would miss it).
    int n = 100;
    byte[] one = circulant(n, 5);
    byte[] two = new byte[4 * n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        two[i * 2 * n + j] = one[i * n + j];
        two[(n + i) * 2 * n + n + j] = one[i * n + j];
      }
    }
    SingularPair pair = sparse.topTwo(SparseBiadjacency.ofMask(2 * n, 2 * n, two));
    assertThat(pair.s1(), closeTo(5, 1e-9));
    assertThat(pair.s2(), closeTo(5, 1e-9));
  }

  @Test
  void permutingInputsAndOutputsChangesNoScore() {
    int[] shape = {64, 32, 3, 3};
    float[] w = RandomLayers.weights(shape, 1);
    byte[] m = RandomLayers.mask(shape, 0.9, 2);
    int rows = 64;
    int cols = 32 * 9;
    int[] rowPerm = permutation(rows, 3);
    int[] colPerm = permutation(cols, 4);
    float[] pw = new float[w.length];
    byte[] pm = new byte[m.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        pw[rowPerm[i] * cols + colPerm[j]] = w[i * cols + j];
        pm[rowPerm[i] * cols + colPerm[j]] = m[i * cols + j];
      }
    }
    LayerSpectrum a = SpectralScorer.sparse().score(shape, w, m);
    LayerSpectrum b = SpectralScorer.sparse().score(shape, pw, pm);
    assertThat(b.dr(), closeTo(a.dr(), 1e-9));
    assertThat(b.drImdb(), closeTo(a.drImdb(), 1e-9));
    assertThat(b.lambda(), closeTo(a.lambda(), 1e-9));
    assertThat(b.lambdaImsg(), closeTo(a.lambdaImsg(), 1e-9));
  }

  @Test
  void scalingAllWeightsByCScalesLambdaByC() {
    int[] shape = {128, 64, 3, 3};
    float[] w = RandomLayers.weights(shape, 5);
    byte[] m = RandomLayers.mask(shape, 0.9, 6);
    float c = 3.5f;
    float[] scaled = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      scaled[i] = w[i] * c;
    }
    LayerSpectrum a = SpectralScorer.sparse().score(shape, w, m);
    LayerSpectrum b = SpectralScorer.sparse().score(shape, scaled, m);
    assertThat(a.lambda(), greaterThan(0.0));
    assertThat(b.lambda(), closeTo(c * a.lambda(), 1e-6 * c * a.lambda()));
    assertThat(b.lambdaImsg(), closeTo(c * a.lambdaImsg(), 1e-6 * c * Math.abs(a.lambdaImsg())));
    assertThat("dr depends on the mask alone", b.dr(), equalTo(a.dr()));
  }

  @Test
  void aLayerFailingTheDegreeGateHasInfiniteGapsAndZeroMagnitudeFromThem() {
    // Each output keeps 2 inputs: dL = 2 < 3.
    int[] shape = {10, 40};
    byte[] m = new byte[400];
    for (int i = 0; i < 10; i++) {
      m[i * 40 + i] = 1;
      m[i * 40 + i + 20] = 1;
    }
    LayerSpectrum s = SpectralScorer.sparse().score(shape, RandomLayers.weights(shape, 1), m);
    assertThat(s.dr(), equalTo(Double.POSITIVE_INFINITY));
    assertThat(s.lambda(), equalTo(Double.POSITIVE_INFINITY));
    assertThat(s.magnitude(), closeTo(Math.hypot(s.drImdb(), s.lambdaImsg()), 1e-12));
  }

  private static int[] permutation(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
