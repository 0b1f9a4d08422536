package io.fullspectrum.graph;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The fast path for {@code s1, s2} (method §1): the graph is split into connected components, and on each the top
 * two eigenvalues of the Gram matrix of its smaller side ({@code B B^T} or {@code B^T B}) are found with sparse
 * products only. Small components reduce that Gram matrix to a tridiagonal (Householder) and bisect it; larger ones
 * take Lanczos, in two phases (see {@link #deflatedTopTwo}).
 *
 * <p>Why this is exact enough: (1) Per component the Gram matrix is non-negative and irreducible, so its top
 * eigenvalue is simple (Perron-Frobenius) and Lanczos' blindness to multiplicities cannot hide a repeated
 * {@code s1}; repeated values across components (common at 99% sparsity: many identical small stars) are kept
 * because every component reports its own pair. (2) Each phase stops on the residual bound {@code |beta_k y_k|}
 * of its Ritz value, a rigorous bound on the eigenvalue error of a symmetric matrix: {@code 1e-8 * lambda1} for
 * {@code lambda1} (an error below {@code 5e-9 * s1}), {@code 1e-9 * lambda1} for {@code lambda2}, i.e. an error
 * below {@code 1e-9 * s1^2 / (2 s2)} in {@code s2}, far inside the golden tolerance of 1e-4 (the authors' float32
 * ARPACK is itself only good to about 2.5e-5). (3) After {@code n} steps the Krylov space is the whole space, so the
 * iteration always ends. The start vectors are seeded, so results are deterministic to the bit.
 */
public final class LanczosSolver implements SingularValueSolver {
  /** Components whose smaller side is at most this size take the dense Gram path. */
  static final int DENSE_LIMIT = 48;

  private static final double RESIDUAL_TOLERANCE = 1e-9;
  /**
   * Phase 1's residual bound, relative to {@code lambda1}. 1e-8 rather than 1e-11: 18% less scoring time on
   * ResNet-18 at 99%, values moved by at most 1.2e-13 relative (bench/results/score-groups.txt).
   */
  private static final double PHASE1_TOLERANCE = 1e-8;
  private static final long SEED = 0x5EED_F5L;
  /**
   * How closely a convergence check brackets the top Ritz value, relative: the last component of its eigenvector,
   * found by inverse iteration at the bracket's midpoint, is as good as at the exact value, in two thirds of the
   * bisection steps.
   */
  private static final double CHECK_WIDTH = 1e-10;

  /** Sees each component's Gram operator once its values are found: how a benchmark counts and replays products. */
  interface GramObserver {
    void solved(GramOperator gram);
  }

  private final GramObserver observer;

  public LanczosSolver() {
    this(gram -> { });
  }

  LanczosSolver(GramObserver observer) {
    this.observer = observer;
  }

  @Override
  public SingularPair topTwo(SparseBiadjacency b) {
    if (b.edges() == 0) {
      return SingularPair.ZERO;
    }
    TopTwo top = new TopTwo();
    for (SparseBiadjacency part : b.components().extractAll(b)) {
      top.add(isStar(part) ? starPair(part) : solve(new GramOperator(part), observer));
    }
    return top.pair();
  }

  /**
   * Where the weighted graph is on the mask graph's very edges (a layer without exact-zero kept weights), each
   * component's edges are copied once for both and their two Gram operators share their making ({@link
   * GramOperator#ofBoth}); the values are those {@link #topTwo} gives each, to the bit.
   */
  @Override
  public SingularPair[] topTwoOfBoth(SparseBiadjacency mask, SparseBiadjacency weighted) {
    if (!mask.unit() || weighted.unit() || !weighted.sharesEdgesWith(mask) || mask.edges() == 0) {
      return SingularValueSolver.super.topTwoOfBoth(mask, weighted);
    }
    Components components = mask.components();
    TopTwo maskTop = new TopTwo();
    TopTwo weightedTop = new TopTwo();
    SparseBiadjacency[] maskParts = components.extractAll(mask);
    SparseBiadjacency[] weightedParts = components.extractAllLike(weighted, maskParts);
    for (int c = 0; c < maskParts.length; c++) {
      if (isStar(maskParts[c])) {
        maskTop.add(starPair(maskParts[c]));
        weightedTop.add(starPair(weightedParts[c]));
      } else {
        GramOperator[] grams = GramOperator.ofBoth(maskParts[c], weightedParts[c]);
        maskTop.add(solve(grams[0], observer));
        weightedTop.add(solve(grams[1], observer));
      }
    }
    return new SingularPair[] {maskTop.pair(), weightedTop.pair()};
  }

  /** The two largest of the values the components report, repeats kept. */
  private static final class TopTwo {
    private double best;
    private double second;

    void add(SingularPair pair) {
      for (double s : new double[] {pair.s1(), pair.s2()}) {
        if (s > best) {
          second = best;
          best = s;
        } else if (s > second) {
          second = s;
        }
      }
    }

    SingularPair pair() {
      return new SingularPair(best, second);
    }
  }

  /** Whether a connected component is a star: a single row or a single column. */
  private static boolean isStar(SparseBiadjacency b) {
    return Math.min(b.rows(), b.cols()) == 1;
  }

  /** A star's pair: its one singular value is the norm of its edges. */
  private static SingularPair starPair(SparseBiadjacency b) {
    double sum = 0;
    for (int k = 0; k < b.edges(); k++) {
      sum += b.value(k) * b.value(k);
    }
    return new SingularPair(Math.sqrt(sum), 0);
  }

  /** Top two singular values of a connected biadjacency with no isolated rows or columns, from its Gram operator. */
  private static SingularPair solve(GramOperator gram, GramObserver observer) {
    double[] lambda = gram.dim() <= DENSE_LIMIT ? denseTopTwo(gram) : deflatedTopTwo(gram);
    observer.solved(gram);
    return new SingularPair(Math.sqrt(Math.max(lambda[0], 0)), Math.sqrt(Math.max(lambda[1], 0)));
  }

  /** The top two eigenvalues of a small Gram matrix: Householder to a tridiagonal, then bisection. */
  private static double[] denseTopTwo(GramOperator gram) {
    int n = gram.dim();
    double[] d = new double[n];
    double[] e = new double[n];
    SymmetricTridiagonal.reduce(gram.matrix(), d, e);
    double top = new SymmetricTridiagonal.Top(d, e, n).narrow(SymmetricTridiagonal.FULL_WIDTH).value();
    return new double[] {top, SymmetricTridiagonal.secondLargest(d, e, n, top)};
  }

  /**
   * Two phases. (1) Lanczos finds {@code lambda1} (simple, and well separated by Perron-Frobenius, so it converges in
   * a few dozen steps) and its eigenvector {@code v1} to a residual of {@code 1e-8 * lambda1}: first by the plain
   * three-term recurrence (orthogonality is lost only in the direction of a converged Ritz vector, Paige, so up to
   * convergence it is as good as full reorthogonalisation at a fraction of the vector work), its Ritz vector's
   * residual then measured with one more product; should that miss the bound, or the Krylov space run out, Lanczos
   * with full reorthogonalisation decides both values ({@link #lanczosTopTwo}, exact when the space runs out).
   * (2) Plain three-term Lanczos on the deflated operator {@code P G P}, started from phase 1's second Ritz vector
   * (with 1% of a random vector, so no eigenvector is missing from its Krylov space: 14% fewer sparse products than a
   * random start on ResNet-18 at 99% and 90%), {@code P = I - v1 v1^T}, whose top eigenvalue is {@code lambda2}: with
   * no reorthogonalisation each step costs a sparse product and a few vector operations, and loss of orthogonality can
   * only repeat the top Ritz value once it has converged, never invent a larger one (Paige). The error of {@code v1}
   * perturbs {@code lambda2} by {@code O(sin^2 * lambda1)} with {@code sin <= residual / (lambda1 - lambda2)}
   * (Davis-Kahan): below 1e-14 relative whenever the Perron gap is at least 1% of {@code lambda1}. Should phase 2
   * not converge in {@code 3n} steps, the full-reorthogonalisation method decides.
   */
  private static double[] deflatedTopTwo(GramOperator gram) {
    Phase1 top = threeTermPhase1(gram);
    if (top == null) {
      return lanczosTopTwo(gram);
    }
    Double lambda2 = topOfDeflated(gram, top.v1(), top.lambda1(), top.random(), top.warm());
    return lambda2 != null ? new double[] {top.lambda1(), lambda2} : lanczosTopTwo(gram);
  }

  /**
   * What phase 1 leaves for phase 2: {@code lambda1}, its unit Ritz vector, the next Ritz vector (a warm start) and
   * the random stream.
   */
  private record Phase1(double lambda1, double[] v1, double[] warm, SplittableRandom random) {}

  /**
   * Phase 1 by the three-term recurrence with local reorthogonalisation (against the current and previous vector);
   * null when the measured residual of the Ritz vector misses {@code 1e-8 * lambda1} or the Krylov space runs out,
   * for {@link #lanczosTopTwo} to decide.
   */
  private static Phase1 threeTermPhase1(GramOperator gram) {
    int n = gram.dim();
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] basis = new double[n][];
    double[] alpha = new double[n];
    double[] beta = new double[n];
    double[] q = randomUnit(n, random, basis, 0);
    double lambda1 = 0;
    for (int j = 0; j < n; j++) {
      basis[j] = q;
      double[] w = gram.apply(q);
      // w -= beta q_prev; w -= alpha q; w -= correction q; w -= (w . q_prev) q_prev; each update fused with the
      // product that follows it (the same operations in the same order: the same bits, in half the passes).
      alpha[j] = j > 0 ? axpyDot(-beta[j - 1], basis[j - 1], w, q) : dot(w, q);
      double correction = axpyDot(-alpha[j], q, w, q);
      if (j > 0) {
        double previous = axpyDot(-correction, q, w, basis[j - 1]);
        beta[j] = Math.sqrt(axpyDot(-previous, basis[j - 1], w, w));
      } else {
        beta[j] = Math.sqrt(axpyDot(-correction, q, w, w));
      }
      alpha[j] += correction;
      int k = j + 1;
      if (beta[j] <= 1e-13 * Math.max(Math.abs(alpha[j]), lambda1) || k == n) {
        return null;
      }
      if (k >= 2 && ((k <= 8 && k % 2 == 0) || k % 4 == 0)) {
        SymmetricTridiagonal.Top ritz = new SymmetricTridiagonal.Top(alpha, beta, k).narrow(CHECK_WIDTH);
        lambda1 = ritz.value();
        if (beta[j] * ritz.lastComponent() <= PHASE1_TOLERANCE * lambda1) {
          lambda1 = ritz.narrow(SymmetricTridiagonal.FULL_WIDTH).value();
          double[] v1 = ritzVector(alpha, beta, k, lambda1, basis);
          // The bound above assumed an orthonormal basis; measure the residual itself.
          double[] r = gram.apply(v1);
          axpy(-lambda1, v1, r);
          if (norm(r) > PHASE1_TOLERANCE * lambda1) {
            return null;
          }
          double theta2 = SymmetricTridiagonal.secondLargest(alpha, beta, k, lambda1);
          double[] warm = ritzVector(alpha, beta, k, theta2, basis);
          return new Phase1(lambda1, v1, warm, random);
        }
      }
      q = w;
      scale(1.0 / beta[j], q);
    }
    return null;
  }

  /** Phase 2 of {@link #deflatedTopTwo}; null when it did not converge in {@code 3n} steps. */
  private static Double topOfDeflated(GramOperator gram, double[] v1, double lambda1, SplittableRandom random,
      double[] warm) {
    int n = gram.dim();
    int max = 3 * n;
    double[] alpha = new double[max];
    double[] beta = new double[max];
    double[] previous = new double[n];
    double[] q = randomUnit(n, random, new double[][] {v1}, 1);
    if (warm != null) {
      // Phase 1's second Ritz vector, already rich in the top of the deflated spectrum, with a little of the
      // random start kept so that no eigenvector can be missing from the Krylov space.
      axpy(100.0, warm, q);
      orthogonalise(q, new double[][] {v1}, 1);
      orthogonalise(q, new double[][] {v1}, 1);
      scale(1.0 / norm(q), q);
    }
    double top = 0;
    for (int j = 0; j < max; j++) {
      double[] w = gram.apply(q);
      // w -= (w . v1) v1; w -= alpha q; w -= beta q_prev; then local reorthogonalisation against v1 and the current
      // vector, which keeps the recurrence clean at O(n). Each update is fused with the product that follows it (the
      // same operations in the same order: the same bits, in half the passes).
      alpha[j] = axpyDot(-dot(w, v1), v1, w, q);
      double again = j > 0 ? axpyAxpyDot(-alpha[j], q, -beta[j - 1], previous, w, v1) : axpyDot(-alpha[j], q, w, v1);
      double correction = axpyDot(-again, v1, w, q);
      beta[j] = Math.sqrt(axpyDot(-correction, q, w, w));
      alpha[j] += correction;
      int k = j + 1;
      boolean exhausted = beta[j] <= 1e-13 * lambda1;
      if ((k >= 12 && k % 4 == 0) || (k >= 2 && exhausted)) {
        // The check by bisection (O(k)), to CHECK_WIDTH; once it passes, its bracket narrowed to a few ulps gives
        // the value reported.
        SymmetricTridiagonal.Top ritz = new SymmetricTridiagonal.Top(alpha, beta, k).narrow(CHECK_WIDTH);
        if (exhausted || beta[j] * ritz.lastComponent() <= RESIDUAL_TOLERANCE * lambda1) {
          return ritz.narrow(SymmetricTridiagonal.FULL_WIDTH).value();
        }
      }
      if (exhausted) {
        return top;
      }
      previous = q;
      q = w;
      scale(1.0 / beta[j], q);
    }
    return null;
  }

  /**
   * The unit Ritz vector of Ritz value {@code theta} of the {@code k}-step tridiagonal {@code (alpha, beta)}, in the
   * original space: the tridiagonal's eigenvector by inverse iteration (O(k)), then combined over the basis.
   */
  private static double[] ritzVector(double[] alpha, double[] beta, int k, double theta, double[][] basis) {
    double[] y = SymmetricTridiagonal.eigenvector(alpha, beta, k, theta);
    double[] v = new double[basis[0].length];
    for (int i = 0; i < k; i++) {
      axpy(y[i], basis[i], v);
    }
    scale(1.0 / norm(v), v);
    return v;
  }

  /** Lanczos with full reorthogonalisation for both values: the slow, sure fallback. */
  static double[] lanczosTopTwo(GramOperator gram) {
    int n = gram.dim();
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] basis = new double[n][];
    double[] alpha = new double[n];
    double[] beta = new double[n];
    double[] q = randomUnit(n, random, basis, 0);
    double[] d = new double[n];
    double[] e = new double[n];
    double[] z = new double[n];
    double[] top = {0, 0};
    for (int j = 0; j < n; j++) {
      basis[j] = q;
      double[] w = gram.apply(q);
      alpha[j] = dot(w, q);
      beta[j] = reorthogonalise(w, basis, j + 1);
      int k = j + 1;
      boolean invariant = beta[j] <= 1e-13 * Math.max(Math.abs(alpha[j]), top[0]);
      if (k >= 2 && (k <= 16 || k % 4 == 0 || invariant || k == n)) {
        SymmetricTridiagonal.eigen(alpha, beta, k, d, e, z);
        int i1 = argMax(d, k, -1);
        int i2 = argMax(d, k, i1);
        top = new double[] {d[i1], d[i2]};
        double bound = RESIDUAL_TOLERANCE * Math.abs(d[i1]);
        boolean converged = beta[j] * Math.abs(z[i1]) <= bound && beta[j] * Math.abs(z[i2]) <= bound;
        if (converged || k == n) {
          return top;
        }
      }
      if (j + 1 < n) {
        if (invariant) {
          // The Krylov space is exhausted: continue in a fresh direction, orthogonal to all found so far.
          beta[j] = 0;
          q = randomUnit(n, random, basis, k);
        } else {
          q = w;
          scale(1.0 / beta[j], q);
        }
      }
    }
    return top;
  }

  private static int argMax(double[] d, int k, int skip) {
    int best = -1;
    for (int i = 0; i < k; i++) {
      if (i != skip && (best < 0 || d[i] > d[best])) {
        best = i;
      }
    }
    return best;
  }

  private static double[] randomUnit(int n, SplittableRandom random, double[][] basis, int found) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() - 0.5;
    }
    orthogonalise(v, basis, found);
    orthogonalise(v, basis, found);
    scale(1.0 / norm(v), v);
    return v;
  }

  /**
   * Full reorthogonalisation of {@code w} against the first {@code count} basis vectors (classical Gram-Schmidt),
   * repeated once when the vector lost most of its norm (Kahan-Parlett "twice is enough"): no ghost copies of
   * converged values. Returns the remaining norm.
   */
  private static double reorthogonalise(double[] w, double[][] basis, int count) {
    double before = norm(w);
    orthogonalise(w, basis, count);
    double after = norm(w);
    if (after < 0.7071 * before) {
      orthogonalise(w, basis, count);
      after = norm(w);
    }
    return after;
  }

  private static void orthogonalise(double[] w, double[][] basis, int count) {
    double[] c = new double[count];
    for (int i = 0; i < count; i++) {
      c[i] = dot(w, basis[i]);
    }
    for (int i = 0; i < count; i++) {
      axpy(-c[i], basis[i], w);
    }
  }

  /** Dot product with four accumulators (instruction-level parallelism; the order is fixed, so bit-stable). */
  static double dot(double[] a, double[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * {@code y += a x}, then {@code y . z} with {@link #dot}'s accumulators ({@code z} may be {@code y}): one pass where
   * {@link #axpy} and {@link #dot} take two, with the same bits.
   */
  static double axpyDot(double a, double[] x, double[] y, double[] z) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = y.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      y[i] += a * x[i];
      y[i + 1] += a * x[i + 1];
      y[i + 2] += a * x[i + 2];
      y[i + 3] += a * x[i + 3];
      s0 += y[i] * z[i];
      s1 += y[i + 1] * z[i + 1];
      s2 += y[i + 2] * z[i + 2];
      s3 += y[i + 3] * z[i + 3];
    }
    for (; i < n; i++) {
      y[i] += a * x[i];
      s0 += y[i] * z[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code y += a x}, {@code y += b u} (in that order), then {@code y . z}, as {@link #axpyDot}. */
  static double axpyAxpyDot(double a, double[] x, double b, double[] u, double[] y, double[] z) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = y.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      y[i] = (y[i] + a * x[i]) + b * u[i];
      y[i + 1] = (y[i + 1] + a * x[i + 1]) + b * u[i + 1];
      y[i + 2] = (y[i + 2] + a * x[i + 2]) + b * u[i + 2];
      y[i + 3] = (y[i + 3] + a * x[i + 3]) + b * u[i + 3];
      s0 += y[i] * z[i];
      s1 += y[i + 1] * z[i + 1];
      s2 += y[i + 2] * z[i + 2];
      s3 += y[i + 3] * z[i + 3];
    }
    for (; i < n; i++) {
      y[i] = (y[i] + a * x[i]) + b * u[i];
      s0 += y[i] * z[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  private static void scale(double a, double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= a;
    }
  }
}
