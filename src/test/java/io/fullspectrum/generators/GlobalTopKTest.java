package io.fullspectrum.generators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlobalTopKTest {
  /** The definition: sort every weight by (score desc, global index asc), NaN lowest, keep the first k. */
  private static byte[][] reference(List<float[]> scores, long keep) {
    List<int[]> all = new ArrayList<>();
    for (int l = 0; l < scores.size(); l++) {
      for (int i = 0; i < scores.get(l).length; i++) {
        all.add(new int[] {l, i, all.size()});
      }
    }
    Comparator<int[]> byScore = Comparator.comparingDouble(a -> {
      float v = scores.get(a[0])[a[1]];
      return Float.isNaN(v) ? Double.POSITIVE_INFINITY : v == 0f ? 0.0 : -(double) v; // -0 and 0 tie
    });
    all.sort(byScore.thenComparingInt(a -> a[2]));
    byte[][] masks = new byte[scores.size()][];
    for (int l = 0; l < scores.size(); l++) {
      masks[l] = new byte[scores.get(l).length];
    }
    for (int r = 0; r < keep; r++) {
      masks[all.get(r)[0]][all.get(r)[1]] = 1;
    }
    return masks;
  }

  @Test
  void selectionKeepsExactlyWhatAFullSortByScoreThenIndexKeeps() {
    SplittableRandom random = new SplittableRandom(4);
    for (int trial = 0; trial < 40; trial++) {
      List<float[]> scores = new ArrayList<>();
      int layers = 1 + random.nextInt(4);
      long total = 0;
      for (int l = 0; l < layers; l++) {
        float[] s = new float[1 + random.nextInt(300)];
        for (int i = 0; i < s.length; i++) {
          // Few distinct values (ties), negatives, zeros of both signs and NaN.
          int kind = random.nextInt(20);
          s[i] = kind == 0 ? Float.NaN : kind == 1 ? -0f : (float) (random.nextInt(7) - 3) / 2;
        }
        scores.add(s);
        total += s.length;
      }
      long keep = random.nextLong(total + 1);
      byte[][] got = GlobalTopK.select(scores, keep);
      byte[][] want = reference(scores, keep);
      for (int l = 0; l < layers; l++) {
        assertThat("trial " + trial + " layer " + l, got[l], equalTo(want[l]));
      }
      assertThat(Arrays.stream(got).mapToLong(m -> { long n = 0; for (byte b : m) { n += b; } return n; }).sum(),
          equalTo(keep));
    }
  }

  @Test
  void selectionOfContinuousScoresSpreadOverManyBucketsKeepsWhatAFullSortKeeps() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 12; trial++) {
      List<float[]> scores = new ArrayList<>();
      long total = 0;
      for (int l = 0; l < 3; l++) {
        float[] s = new float[2000 + random.nextInt(3000)];
        for (int i = 0; i < s.length; i++) {
          // Magnitudes from 1e-30 to 1e30 of both signs, so keys differ in their high and low halves alike,
          // with some exact repeats of one value to tie at the threshold.
          double magnitude = Math.pow(10, random.nextDouble(-30, 30));
          s[i] = random.nextInt(50) == 0 ? 0.125f : (float) (random.nextBoolean() ? magnitude : -magnitude);
        }
        scores.add(s);
        total += s.length;
      }
      long keep = random.nextLong(total + 1);
      byte[][] got = GlobalTopK.select(scores, keep);
      byte[][] want = reference(scores, keep);
      for (int l = 0; l < scores.size(); l++) {
        assertThat("trial " + trial + " layer " + l, got[l], equalTo(want[l]));
      }
    }
  }

  @Test
  void sortableKeysOrderFloatsNumericallyWithBothZerosEqualAndNanLowest() {
    float[] ascending = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE,
        1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
    for (int i = 1; i < ascending.length; i++) {
      assertThat(ascending[i] + " above " + ascending[i - 1],
          GlobalTopK.sortable(ascending[i]) > GlobalTopK.sortable(ascending[i - 1]), equalTo(true));
      assertThat(GlobalTopK.number(GlobalTopK.sortable(ascending[i])), equalTo(ascending[i]));
    }
    assertThat(GlobalTopK.sortable(-0f), equalTo(GlobalTopK.sortable(0f)));
    assertThat(GlobalTopK.sortable(Float.NaN), equalTo(Integer.MIN_VALUE));
    assertThat(GlobalTopK.sortable(Float.intBitsToFloat(0xffc00000)), equalTo(Integer.MIN_VALUE));
    assertThat(GlobalTopK.sortable(Float.NEGATIVE_INFINITY) > Integer.MIN_VALUE, equalTo(true));
  }
}
