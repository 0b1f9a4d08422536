package io.fullspectrum.generators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.util.List;
import org.junit.jupiter.api.Test;

class RandomScoresTest {
  /** A small ResNet-like set of layer sizes: a stem, two 3x3 convs, a shortcut and a classifier. */
  private static final List<Integer> SIZES = List.of(64 * 3 * 9, 64 * 64 * 9, 128 * 64 * 9, 128 * 64, 10 * 128);

  private static long total() {
    return SIZES.stream().mapToLong(Integer::longValue).sum();
  }

  private static void assertSameMasksAsTheFullDraw(long seed, long keep) {
    byte[][] want = GlobalTopK.select(RandomScores.draw(SIZES, seed), keep);
    byte[][] got = RandomScores.globalTopK(SIZES, seed, keep);
    for (int l = 0; l < SIZES.size(); l++) {
      assertThat("seed " + seed + " keep " + keep + " layer " + l, got[l], equalTo(want[l]));
    }
  }

  @Test
  void skippingTheDrawsBelowTheFloorKeepsTheMasksOfTheFullDraw() {
    for (double sparsity : new double[] {0.9, 0.98, 0.99, 0.999}) {
      long keep = GlobalTopK.keepCount(sparsity, total());
      double bound = RandomScores.radiusBound(total(), keep);
      for (long seed = 1; seed <= 4; seed++) {
        // The situation itself: the draws above the floor cover the budget, so the full draw is not consulted.
        RandomScores.Found found = RandomScores.aboveFloor(SIZES, seed, bound);
        assertThat("sparsity " + sparsity + " seed " + seed, (long) found.count(), greaterThan(keep));
        assertThat("and they are a small part of all draws", found.count() < total() / 5, equalTo(true));
        assertSameMasksAsTheFullDraw(seed, keep);
      }
    }
  }

  @Test
  void aBudgetTooLargeForAnyFloorFallsBackToTheFullDraw() {
    long keep = GlobalTopK.keepCount(0.5, total());
    assertThat(Double.isNaN(RandomScores.radiusBound(total(), keep)), equalTo(true));
    assertSameMasksAsTheFullDraw(7, keep);
  }

  /** {@code P(Z > t)} by Simpson's rule over [t, t + 20] (error far below 1e-9 here). */
  private static double normalTail(double t) {
    int steps = 200_000;
    double h = 20.0 / steps;
    double sum = 0;
    for (int i = 0; i <= steps; i++) {
      double x = t + i * h;
      double weight = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
      sum += weight * Math.exp(-x * x / 2);
    }
    return sum * h / 3 / Math.sqrt(2 * Math.PI);
  }

  @Test
  void theFloorLeavesMoreThanTheBudgetAboveItWithAWideMargin() {
    // 1% of ResNet-18's 11.2M weights: the bound's tail holds the budget plus ten standard deviations and 100.
    long total = 11_164_352;
    long keep = GlobalTopK.keepCount(0.99, total);
    double t = RandomScores.radiusBound(total, keep);
    double tail = normalTail(t);
    assertThat(tail * total, greaterThan(keep + 10 * Math.sqrt(keep) + 100));
    assertThat("and the floor is not needlessly low (within 1% of the budget's quantile)",
        tail * total < 1.05 * keep + 10 * Math.sqrt(keep) + 100, equalTo(true));
  }

  @Test
  void theSkippingStreamGivesTheJdkSplittableRandomsDoublesValueForValue() {
    for (long seed : new long[] {0, 1, -1, 42, Long.MAX_VALUE, 1_000_003L * 7 + 3}) {
      java.util.SplittableRandom jdk = new java.util.SplittableRandom(seed);
      RandomScores.SplitMix ours = new RandomScores.SplitMix(seed);
      for (int i = 0; i < 10_000; i++) {
        if (i % 3 == 1) {
          jdk.nextDouble();
          ours.skip();
        } else {
          assertThat("seed " + seed + " step " + i, ours.nextDouble(), equalTo(jdk.nextDouble()));
        }
      }
    }
  }
}
