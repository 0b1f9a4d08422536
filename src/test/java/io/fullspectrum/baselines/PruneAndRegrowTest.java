package io.fullspectrum.baselines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PruneAndRegrowTest {
  private static int count(byte[] m) {
    int n = 0;
    for (byte b : m) {
      n += b;
    }
    return n;
  }

  @Test
  void everyLayerKeepsItsCountAndLosesItsSmallestKeptWeights() {
    SplittableRandom r = new SplittableRandom(1);
    float[] w = new float[200];
    byte[] m = new byte[200];
    for (int i = 0; i < 200; i++) {
      m[i] = (byte) (i % 4 == 0 ? 1 : 0); // 50 kept
      w[i] = m[i] == 1 ? (float) (i + 1) : 0f; // magnitude grows with index
    }
    byte[] next = PruneAndRegrow.update(List.of(w), List.of(m), 0.2, 9).get(0);
    assertThat(count(next), equalTo(50));
    // The 10 smallest kept weights are indices 0, 4, ..., 36: all dropped unless regrown.
    int survivorsAbove = 0;
    for (int i = 40; i < 200; i += 4) {
      survivorsAbove += next[i];
    }
    assertThat(survivorsAbove, equalTo(40));
    int regrown = 0;
    for (int i = 0; i < 200; i++) {
      if (next[i] == 1 && m[i] == 0) {
        regrown++;
      }
    }
    assertThat(regrown, equalTo(10)); // all regrowth lands on positions that were zero before the drop
  }

  @Test
  void theDeathRateDecaysByCosineFromItsStartToTheFloor() {
    assertThat(PruneAndRegrow.deathRate(0.5, 0, 10), closeTo(0.5, 1e-12));
    assertThat(PruneAndRegrow.deathRate(0.5, 5, 10), closeTo((0.5 + PruneAndRegrow.MIN_RATE) / 2, 1e-12));
    assertThat(PruneAndRegrow.deathRate(0.5, 10, 10), closeTo(PruneAndRegrow.MIN_RATE, 1e-12));
  }

  @Test
  void theSameSeedRegrowsTheSamePositions() {
    float[] w = new float[100];
    byte[] m = new byte[100];
    for (int i = 0; i < 30; i++) {
      m[i * 3] = 1;
      w[i * 3] = i;
    }
    assertThat(PruneAndRegrow.update(List.of(w), List.of(m), 0.5, 4).get(0),
        equalTo(PruneAndRegrow.update(List.of(w), List.of(m), 0.5, 4).get(0)));
  }
}
