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
}
