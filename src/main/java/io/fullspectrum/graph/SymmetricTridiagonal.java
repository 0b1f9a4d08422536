package io.fullspectrum.graph;

/**
 * Eigenvalues of a symmetric tridiagonal matrix by the implicit QL method with Wilkinson shifts, tracking only
 * the last row of the eigenvector matrix: what Lanczos needs for its residual bounds, in O(k^2) not O(k^3).
 * Plain {@code sqrt(a*a + b*b)} replaces {@code Math.hypot}, which is several times slower; Lanczos' tridiagonal
 * entries lie far from overflow.
 */
final class SymmetricTridiagonal {
  private static final double EPS = Math.ulp(1.0);

  private SymmetricTridiagonal() {}

  /**
   * Diagonalises in place.
   *
   * @param d diagonal (k values); on return, the eigenvalues (unordered)
   * @param e off-diagonal: {@code e[i]} couples {@code i} and {@code i+1}; length k, {@code e[k-1]} ignored;
   *     destroyed
   * @param z on return {@code z[i]} is the last component of the unit eigenvector of {@code d[i]}
   */
  static void eigen(double[] d, double[] e, double[] z, int k) {
    java.util.Arrays.fill(z, 0, k, 0.0);
    z[k - 1] = 1.0;
    e[k - 1] = 0.0;
    for (int l = 0; l < k; l++) {
      int iter = 0;
      int m;
      do {
        for (m = l; m < k - 1; m++) {
          double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
          if (Math.abs(e[m]) <= EPS * dd) {
            break;
          }
        }
        if (m != l) {
          if (iter++ == 100) {
            throw new ArithmeticException("tridiagonal QL did not converge");
          }
          double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
          double r = Math.sqrt(g * g + 1.0);
          g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
          double s = 1.0;
          double c = 1.0;
          double p = 0.0;
          int i;
          boolean underflow = false;
          for (i = m - 1; i >= l; i--) {
            double f = s * e[i];
            double b = c * e[i];
            r = Math.sqrt(f * f + g * g);
            e[i + 1] = r;
            if (r == 0.0) {
              d[i + 1] -= p;
              e[m] = 0.0;
              underflow = true;
              break;
            }
            s = f / r;
            c = g / r;
            g = d[i + 1] - p;
            r = (d[i] - g) * s + 2.0 * c * b;
            p = s * r;
            d[i + 1] = g + p;
            g = c * r - b;
            double zf = z[i + 1];
            z[i + 1] = s * z[i] + c * zf;
            z[i] = c * z[i] - s * zf;
          }
          if (underflow) {
            continue;
          }
          d[l] -= p;
          e[l] = g;
          e[m] = 0.0;
        }
      } while (m != l);
    }
  }

  /**
   * The eigenvalues of the leading {@code k x k} part of a Lanczos tridiagonal ({@code alpha} on the diagonal,
   * {@code beta} beside it, both kept) into {@code d}, unordered, with the last components of their unit
   * eigenvectors in {@code z}; {@code e} is scratch. See {@link #eigen(double[], double[], double[], int)}.
   */
  static void eigen(double[] alpha, double[] beta, int k, double[] d, double[] e, double[] z) {
    System.arraycopy(alpha, 0, d, 0, k);
    System.arraycopy(beta, 0, e, 0, k);
    eigen(d, e, z, k);
  }

  /** Bisection's stopping width, relative: the eigenvalue to a few ulps. */
  static final double FULL_WIDTH = 4 * EPS;

  /**
   * The largest eigenvalue of a {@code k x k} tridiagonal {@code (d, e)} as a bisection bracket on Sturm counts, and
   * the last component of its unit eigenvector by inverse iteration: O(k) per step where {@link #eigen} is O(k^2), for
   * Lanczos' convergence checks. The bracket is narrowed in steps: a check that fails needs the value only roughly
   * (the last component barely moves), and one that passes narrows the same bracket on to {@link #FULL_WIDTH}, which
   * gives the very value a single bisection to that width would, the one reported. {@code d, e} are kept, not copied.
   */
  static final class Top {
    private final double[] d;
    private final double[] e;
    private final int k;
    private final double scale;
    private final double pivmin;
    /** {@code {lo, hi}}: fewer than k eigenvalues below lo, all k below hi. */
    private final double[] bracket;

    Top(double[] d, double[] e, int k) {
      this.d = d;
      this.e = e;
      this.k = k;
      bracket = gershgorin(d, e, k);
      scale = Math.max(Math.abs(bracket[0]), Math.abs(bracket[1]));
      pivmin = pivmin(scale);
    }

    /** Bisects until the bracket is at most {@code relativeWidth} of its ends' magnitude wide. */
    Top narrow(double relativeWidth) {
      bisect(d, e, k, k, pivmin, bracket, relativeWidth);
      return this;
    }

    /** The bracket's midpoint. */
    double value() {
      return 0.5 * (bracket[0] + bracket[1]);
    }

    /** {@code |z_last|} of the unit eigenvector at {@link #value}, by inverse iteration. */
    double lastComponent() {
      return SymmetricTridiagonal.lastComponent(d, e, k, value(), scale);
    }
  }

  /**
   * Reduces the dense symmetric {@code a} ({@code n x n}, overwritten) to a tridiagonal with the same eigenvalues by
   * Householder reflections: the diagonal into {@code d}, the coupling of {@code i} and {@code i+1} into {@code e[i]}.
   * 4n^3/3 operations, for the small components whose Gram matrix is cheaper to diagonalise than to iterate on.
   */
  static void reduce(double[][] a, double[] d, double[] e) {
    int n = a.length;
    double[] v = new double[n];
    double[] w = new double[n];
    for (int k = 0; k + 2 < n; k++) {
      double norm = 0;
      for (int i = k + 1; i < n; i++) {
        norm += a[i][k] * a[i][k];
      }
      norm = Math.sqrt(norm);
      double head = a[k + 1][k];
      double alpha = head > 0 ? -norm : norm;
      // v = x - alpha e1, scaled so that H = I - 2 v v^T / (v^T v) = I - tau v v^T.
      double vv = 0;
      for (int i = k + 1; i < n; i++) {
        v[i] = a[i][k];
      }
      v[k + 1] -= alpha;
      for (int i = k + 1; i < n; i++) {
        vv += v[i] * v[i];
      }
      e[k] = alpha;
      if (vv == 0) {
        e[k] = head;
        continue;
      }
      double tau = 2 / vv;
      // w = tau A v; then w -= (tau/2)(w . v) v; A -= v w^T + w v^T on the trailing block.
      double wv = 0;
      for (int i = k + 1; i < n; i++) {
        double sum = 0;
        for (int j = k + 1; j < n; j++) {
          sum += a[i][j] * v[j];
        }
        w[i] = tau * sum;
        wv += w[i] * v[i];
      }
      double half = 0.5 * tau * wv;
      for (int i = k + 1; i < n; i++) {
        w[i] -= half * v[i];
      }
      for (int i = k + 1; i < n; i++) {
        for (int j = k + 1; j < n; j++) {
          a[i][j] -= v[i] * w[j] + w[i] * v[j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      d[i] = a[i][i];
    }
    if (n >= 2) {
      e[n - 2] = a[n - 1][n - 2];
    }
    e[n - 1] = 0;
  }

  /**
   * The second largest eigenvalue of the {@code k x k} tridiagonal {@code (d, e)}, {@code k >= 2}, by bisection on
   * Sturm counts below {@code top}, its largest: what a Ritz vector for a warm start needs, without the O(k^2)
   * diagonalisation.
   */
  static double secondLargest(double[] d, double[] e, int k, double top) {
    double[] bounds = gershgorin(d, e, k);
    double[] bracket = {bounds[0], top};
    // Fewer than k - 1 eigenvalues below lo, at least k - 1 below or at hi.
    bisect(d, e, k, k - 1, pivmin(Math.max(Math.abs(bounds[0]), Math.abs(bounds[1]))), bracket, FULL_WIDTH);
    return 0.5 * (bracket[0] + bracket[1]);
  }

  /**
   * Bisection on Sturm counts: narrows {@code bracket = {lo, hi}}, with fewer than {@code count} eigenvalues below
   * lo and at least {@code count} below hi, until it is at most {@code relativeWidth} of its ends' magnitude wide.
   *
   * <p>Two steps a pass: a step's midpoint and both midpoints the next step may take are counted together
   * ({@link #belowAtThree}: three independent recurrences, whose divisions overlap where one alone waits on each), and
   * the next step then takes the very midpoint and decision it would take alone. So the bracket is the one plain
   * bisection gives, to the bit, in about half the time (the recurrence is bound by the division's latency).
   */
  private static void bisect(double[] d, double[] e, int k, int count, double pivmin, double[] bracket,
      double relativeWidth) {
    double lo = bracket[0];
    double hi = bracket[1];
    int[] counts = new int[3];
    while (wider(lo, hi, relativeWidth)) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      double midLow = 0.5 * (lo + mid);
      double midHigh = 0.5 * (mid + hi);
      belowAtThree(d, e, k, mid, midLow, midHigh, pivmin, counts);
      double next;
      int nextCount;
      if (counts[0] >= count) {
        hi = mid;
        next = midLow;
        nextCount = counts[1];
      } else {
        lo = mid;
        next = midHigh;
        nextCount = counts[2];
      }
      // The second step, with the checks the loop would make before it.
      if (!wider(lo, hi, relativeWidth) || next <= lo || next >= hi) {
        break;
      }
      if (nextCount >= count) {
        hi = next;
      } else {
        lo = next;
      }
    }
    bracket[0] = lo;
    bracket[1] = hi;
  }

  /** Whether the bracket is still wider than {@code relativeWidth} of its ends' magnitude. */
  private static boolean wider(double lo, double hi, double relativeWidth) {
    return hi - lo > relativeWidth * Math.max(Math.abs(lo), Math.abs(hi)) + Double.MIN_NORMAL;
  }

  /** {@link #below} at {@code x0, x1, x2} in one pass, into {@code counts}: the same operations for each, interleaved. */
  private static void belowAtThree(double[] d, double[] e, int k, double x0, double x1, double x2, double pivmin,
      int[] counts) {
    int c0 = 0;
    int c1 = 0;
    int c2 = 0;
    double q0 = d[0] - x0;
    double q1 = d[0] - x1;
    double q2 = d[0] - x2;
    for (int i = 0; ; i++) {
      if (Math.abs(q0) < pivmin) {
        q0 = -pivmin;
      }
      if (Math.abs(q1) < pivmin) {
        q1 = -pivmin;
      }
      if (Math.abs(q2) < pivmin) {
        q2 = -pivmin;
      }
      c0 += q0 < 0 ? 1 : 0;
      c1 += q1 < 0 ? 1 : 0;
      c2 += q2 < 0 ? 1 : 0;
      if (i + 1 == k) {
        break;
      }
      double next = d[i + 1];
      double coupling = e[i] * e[i];
      q0 = next - x0 - coupling / q0;
      q1 = next - x1 - coupling / q1;
      q2 = next - x2 - coupling / q2;
    }
    counts[0] = c0;
    counts[1] = c1;
    counts[2] = c2;
  }

  /** The smallest pivot magnitude of the Sturm sequence for a tridiagonal whose spectrum lies within {@code scale}. */
  static double pivmin(double scale) {
    return Double.MIN_NORMAL * Math.max(1.0, scale * scale);
  }

  /**
   * The number of eigenvalues below {@code x} (Sturm sequence of the LDL^T pivots of {@code T - x I}), at one point:
   * the recurrence {@link #belowAtThree} runs three at a time, and the tests' one-step-at-a-time reference.
   */
  static int below(double[] d, double[] e, int k, double x, double pivmin) {
    int count = 0;
    double q = d[0] - x;
    for (int i = 0; ; i++) {
      if (Math.abs(q) < pivmin) {
        q = -pivmin;
      }
      if (q < 0) {
        count++;
      }
      if (i + 1 == k) {
        return count;
      }
      q = d[i + 1] - x - e[i] * e[i] / q;
    }
  }

  /** {@code |x_last|} of the unit eigenvector {@link #eigenvector} finds. */
  private static double lastComponent(double[] d, double[] e, int k, double theta, double scale) {
    return Math.abs(eigenvector(d, e, k, theta, scale)[k - 1]);
  }

  /**
   * The unit eigenvector of eigenvalue {@code theta} (known to working accuracy) of the {@code k x k} tridiagonal
   * {@code (d, e)}: two steps of inverse iteration {@code (T - theta I) x = b} from {@code b = 1}, by Gaussian
   * elimination with partial pivoting (a near-zero pivot becomes {@code eps * max|T|}). O(k); {@code d, e} kept.
   */
  static double[] eigenvector(double[] d, double[] e, int k, double theta) {
    double[] bounds = gershgorin(d, e, k);
    return eigenvector(d, e, k, theta, Math.max(Math.abs(bounds[0]), Math.abs(bounds[1])));
  }

  /** {@code {lo, hi}}: an interval holding every eigenvalue of the {@code k x k} tridiagonal (Gershgorin's discs). */
  private static double[] gershgorin(double[] d, double[] e, int k) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      double radius = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i + 1 < k ? Math.abs(e[i]) : 0);
      lo = Math.min(lo, d[i] - radius);
      hi = Math.max(hi, d[i] + radius);
    }
    return new double[] {lo, hi};
  }

  private static double[] eigenvector(double[] d, double[] e, int k, double theta, double scale) {
    if (k == 1) {
      return new double[] {1.0};
    }
    double tiny = EPS * Math.max(scale, Double.MIN_NORMAL);
    // LU with partial pivoting of T - theta I: U has three diagonals (u0, u1, u2), L one multiplier per row.
    double[] u0 = new double[k];
    double[] u1 = new double[k];
    double[] u2 = new double[k];
    double[] mult = new double[k];
    boolean[] swapped = new boolean[k];
    double diag = d[0] - theta;
    double upper = e[0];
    double upper2 = 0;
    for (int i = 0; i < k - 1; i++) {
      double below = e[i];
      double nextDiag = d[i + 1] - theta;
      double nextUpper = i + 2 < k ? e[i + 1] : 0;
      if (Math.abs(diag) >= Math.abs(below)) {
        double m = below / (diag == 0 ? tiny : diag);
        u0[i] = diag == 0 ? tiny : diag;
        u1[i] = upper;
        u2[i] = upper2;
        mult[i] = m;
        diag = nextDiag - m * upper;
        upper = nextUpper - m * upper2;
        upper2 = 0;
      } else {
        double m = diag / below;
        u0[i] = below;
        u1[i] = nextDiag;
        u2[i] = nextUpper;
        mult[i] = m;
        swapped[i] = true;
        diag = upper - m * nextDiag;
        upper = upper2 - m * nextUpper;
        upper2 = 0;
      }
    }
    u0[k - 1] = Math.abs(diag) < tiny ? tiny : diag;
    double[] x = new double[k];
    java.util.Arrays.fill(x, 1.0);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < k - 1; i++) {
        if (swapped[i]) {
          double t = x[i];
          x[i] = x[i + 1];
          x[i + 1] = t;
        }
        x[i + 1] -= mult[i] * x[i];
      }
      x[k - 1] /= u0[k - 1];
      x[k - 2] = (x[k - 2] - u1[k - 2] * x[k - 1]) / u0[k - 2];
      for (int i = k - 3; i >= 0; i--) {
        x[i] = (x[i] - u1[i] * x[i + 1] - u2[i] * x[i + 2]) / u0[i];
      }
      double norm = 0;
      for (int i = 0; i < k; i++) {
        norm = Math.max(norm, Math.abs(x[i]));
      }
      double sum = 0;
      for (int i = 0; i < k; i++) {
        x[i] /= norm;
        sum += x[i] * x[i];
      }
      double length = Math.sqrt(sum);
      for (int i = 0; i < k; i++) {
        x[i] /= length;
      }
    }
    return x;
  }
}
