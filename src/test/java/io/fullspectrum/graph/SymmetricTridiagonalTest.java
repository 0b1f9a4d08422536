package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class SymmetricTridiagonalTest {

  @Test
  void eigenvaluesAndLastEigenvectorComponentsMatchEjml() {
    SplittableRandom random = new SplittableRandom(7);
    for (int k : new int[] {2, 3, 10, 57}) {
      double[] d = new double[k];
      double[] e = new double[k];
      DMatrixRMaj t = new DMatrixRMaj(k, k);
      for (int i = 0; i < k; i++) {
        d[i] = random.nextDouble() * 10;
        t.set(i, i, d[i]);
        if (i + 1 < k) {
          e[i] = random.nextDouble() + 0.1;
          t.set(i, i + 1, e[i]);
          t.set(i + 1, i, e[i]);
        }
      }
      double[] z = new double[k];
      SymmetricTridiagonal.eigen(d, e, z, k);
      EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
      eig.decompose(t.copy());
      for (int i = 0; i < k; i++) {
        double value = eig.getEigenvalue(i).getReal();
        int match = nearest(d, value);
        assertThat("k=" + k, d[match], closeTo(value, 1e-9));
        DMatrixRMaj vector = eig.getEigenVector(i);
        double norm = Math.sqrt(Arrays.stream(vector.data).map(x -> x * x).sum());
        assertThat("k=" + k, Math.abs(z[match]), closeTo(Math.abs(vector.get(k - 1, 0)) / norm, 1e-7));
      }
    }
  }

  @Test
  void theTopEigenvalueByBisectionAndItsLastComponentMatchTheQlMethod() {
    SplittableRandom random = new SplittableRandom(11);
    for (int k : new int[] {1, 2, 3, 10, 57, 400}) {
      double[] d = diagonal(random, k);
      double[] e = offDiagonal(random, k);
      double[] top = top(d, e, k);
      double[] dq = d.clone();
      double[] eq = e.clone();
      double[] z = new double[k];
      SymmetricTridiagonal.eigen(dq, eq, z, k);
      int best = 0;
      for (int i = 1; i < k; i++) {
        best = dq[i] > dq[best] ? i : best;
      }
      assertThat("k=" + k, top[0], closeTo(dq[best], 1e-13 * Math.abs(dq[best])));
      assertThat("k=" + k, top[1], closeTo(Math.abs(z[best]), 1e-8));
    }
  }

  @Test
  void theSecondLargestEigenvalueByBisectionMatchesTheQlMethod() {
    SplittableRandom random = new SplittableRandom(12);
    for (int k : new int[] {2, 3, 10, 57, 400}) {
      double[] d = diagonal(random, k);
      double[] e = offDiagonal(random, k);
      double[] sorted = d.clone();
      SymmetricTridiagonal.eigen(sorted, e.clone(), new double[k], k);
      Arrays.sort(sorted);
      double second = SymmetricTridiagonal.secondLargest(d, e, k, top(d, e, k)[0]);
      assertThat("k=" + k, second, closeTo(sorted[k - 2], 1e-13 * Math.abs(sorted[k - 1])));
    }
  }

  @Test
  void theSecondLargestOfATwiceRepeatedTopIsTheTopAgain() {
    double[] d = {5, 1, 5};
    double[] e = {0, 0, 0};
    assertThat(SymmetricTridiagonal.secondLargest(d, e, 3, top(d, e, 3)[0]), closeTo(5, 1e-14));
  }

  @Test
  void aBracketNarrowedForACheckAndThenToFullWidthGivesTheSameBitsAsOneBisection() {
    SplittableRandom random = new SplittableRandom(13);
    for (int k : new int[] {1, 2, 5, 40, 300}) {
      double[] d = diagonal(random, k);
      double[] e = offDiagonal(random, k);
      SymmetricTridiagonal.Top check = new SymmetricTridiagonal.Top(d, e, k).narrow(1e-10);
      double full = top(d, e, k)[0];
      assertThat("k=" + k, check.value(), closeTo(full, 1e-10 * Math.abs(full)));
      assertThat("k=" + k, check.narrow(SymmetricTridiagonal.FULL_WIDTH).value(), equalTo(full));
    }
  }

  @Test
  void bisectionTwoStepsAPassGivesTheBitsOfBisectionOneStepAtATime() {
    SplittableRandom random = new SplittableRandom(29);
    for (int k : new int[] {1, 2, 3, 7, 40, 300}) {
      double[] d = diagonal(random, k);
      double[] e = offDiagonal(random, k);
      double scale = Math.max(Math.abs(gershgorinLow(d, e, k)), Math.abs(gershgorinHigh(d, e, k)));
      double pivmin = SymmetricTridiagonal.pivmin(scale);
      for (double width : new double[] {1e-3, 1e-10, SymmetricTridiagonal.FULL_WIDTH}) {
        double[] reference =
            oneStepAtATime(d, e, k, k, pivmin, gershgorinLow(d, e, k), gershgorinHigh(d, e, k), width);
        assertThat("k=" + k + " width=" + width, new SymmetricTridiagonal.Top(d, e, k).narrow(width).value(),
            equalTo(0.5 * (reference[0] + reference[1])));
      }
      if (k >= 2) {
        double top = top(d, e, k)[0];
        double[] second = oneStepAtATime(d, e, k, k - 1, pivmin, gershgorinLow(d, e, k), top,
            SymmetricTridiagonal.FULL_WIDTH);
        assertThat("k=" + k, SymmetricTridiagonal.secondLargest(d, e, k, top),
            equalTo(0.5 * (second[0] + second[1])));
      }
    }
  }

  /** Plain bisection on {@link SymmetricTridiagonal#below}, one count a step: the reference for the bits. */
  private static double[] oneStepAtATime(double[] d, double[] e, int k, int count, double pivmin, double lo,
      double hi, double width) {
    while (hi - lo > width * Math.max(Math.abs(lo), Math.abs(hi)) + Double.MIN_NORMAL) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (SymmetricTridiagonal.below(d, e, k, mid, pivmin) >= count) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return new double[] {lo, hi};
  }

  private static double gershgorinLow(double[] d, double[] e, int k) {
    double lo = Double.POSITIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      lo = Math.min(lo, d[i] - (i > 0 ? Math.abs(e[i - 1]) : 0) - (i + 1 < k ? Math.abs(e[i]) : 0));
    }
    return lo;
  }

  private static double gershgorinHigh(double[] d, double[] e, int k) {
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      hi = Math.max(hi, d[i] + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i + 1 < k ? Math.abs(e[i]) : 0));
    }
    return hi;
  }

  @Test
  void aDenseSymmetricMatrixReducedToATridiagonalKeepsEveryEigenvalue() {
    SplittableRandom random = new SplittableRandom(14);
    for (int n : new int[] {1, 2, 3, 9, 48}) {
      double[][] a = new double[n][n];
      DMatrixRMaj m = new DMatrixRMaj(n, n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          double x = random.nextDouble() < 0.3 ? 0 : random.nextDouble() * 4 - 1;
          a[i][j] = x;
          a[j][i] = x;
          m.set(i, j, x);
          m.set(j, i, x);
        }
      }
      double[] d = new double[n];
      double[] e = new double[n];
      SymmetricTridiagonal.reduce(a, d, e);
      SymmetricTridiagonal.eigen(d, e, new double[n], n);
      EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
      eig.decompose(m);
      double[] expected = new double[n];
      for (int i = 0; i < n; i++) {
        expected[i] = eig.getEigenvalue(i).getReal();
      }
      Arrays.sort(expected);
      Arrays.sort(d);
      for (int i = 0; i < n; i++) {
        assertThat("n=" + n + ", eigenvalue " + i, d[i], closeTo(expected[i], 1e-12 * (1 + Math.abs(expected[n - 1]))));
      }
    }
  }

  @Test
  void theTopEigenvalueOfADiagonalMatrixIsItsLargestEntry() {
    double[] d = {1, 7, 3};
    double[] e = {0, 0, 0};
    double[] top = top(d, e, 3);
    assertThat(top[0], closeTo(7, 1e-14));
    assertThat(top[1], closeTo(0, 1e-12));
  }

  /** {@code {theta, |z_last|}} of the largest eigenvalue, bisected to full width, as Lanczos reports it. */
  private static double[] top(double[] d, double[] e, int k) {
    SymmetricTridiagonal.Top top = new SymmetricTridiagonal.Top(d, e, k).narrow(SymmetricTridiagonal.FULL_WIDTH);
    return new double[] {top.value(), top.lastComponent()};
  }

  /** A random diagonal in [0, 10). */
  private static double[] diagonal(SplittableRandom random, int k) {
    double[] d = new double[k];
    for (int i = 0; i < k; i++) {
      d[i] = random.nextDouble() * 10;
    }
    return d;
  }

  /** A random coupling in [0.1, 1.1) beside each diagonal entry but the last (which holds 0). */
  private static double[] offDiagonal(SplittableRandom random, int k) {
    double[] e = new double[k];
    for (int i = 0; i + 1 < k; i++) {
      e[i] = random.nextDouble() + 0.1;
    }
    return e;
  }

  private static int nearest(double[] d, double value) {
    int best = 0;
    for (int i = 1; i < d.length; i++) {
      if (Math.abs(d[i] - value) < Math.abs(d[best] - value)) {
        best = i;
      }
    }
    return best;
  }
}
