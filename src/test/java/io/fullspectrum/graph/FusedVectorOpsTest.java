package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FusedVectorOpsTest {
  private final SplittableRandom random = new SplittableRandom(21);

  @Test
  void anUpdateFusedWithTheDotProductAfterItGivesTheBitsOfTheTwoPasses() {
    for (int n : new int[] {1, 3, 4, 5, 8, 13, 100, 517}) {
      double[] x = vector(n);
      double[] y = vector(n);
      double[] z = vector(n);
      double[] separate = y.clone();
      LanczosSolver.axpy(-0.37, x, separate);
      double expected = LanczosSolver.dot(separate, z);
      double fused = LanczosSolver.axpyDot(-0.37, x, y, z);
      assertThat("n=" + n, fused, equalTo(expected));
      assertThat("n=" + n, y, equalTo(separate));
    }
  }

  @Test
  void anUpdateFusedWithTheNormOfItsResultGivesTheBitsOfTheTwoPasses() {
    for (int n : new int[] {1, 6, 99}) {
      double[] x = vector(n);
      double[] y = vector(n);
      double[] separate = y.clone();
      LanczosSolver.axpy(1.9, x, separate);
      assertThat("n=" + n, LanczosSolver.axpyDot(1.9, x, y, y), equalTo(LanczosSolver.dot(separate, separate)));
    }
  }

  @Test
  void twoUpdatesFusedWithTheDotProductAfterThemGiveTheBitsOfTheThreePasses() {
    for (int n : new int[] {1, 4, 7, 64, 301}) {
      double[] x = vector(n);
      double[] u = vector(n);
      double[] y = vector(n);
      double[] z = vector(n);
      double[] separate = y.clone();
      LanczosSolver.axpy(-1.25, x, separate);
      LanczosSolver.axpy(0.61, u, separate);
      double expected = LanczosSolver.dot(separate, z);
      assertThat("n=" + n, LanczosSolver.axpyAxpyDot(-1.25, x, 0.61, u, y, z), equalTo(expected));
      assertThat("n=" + n, y, equalTo(separate));
    }
  }

  private double[] vector(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() * 2 - 1;
    }
    return v;
  }
}
