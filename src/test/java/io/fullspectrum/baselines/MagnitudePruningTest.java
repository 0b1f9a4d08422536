package io.fullspectrum.baselines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagnitudePruningTest {
  @Test
  void theScheduleRemovesTwentyPercentOfTheRemainingWeightsPerRound() {
    long[] kept = MagnitudePruning.schedule(10_000, 0.9, 0.2);
    assertThat(kept[0], equalTo(8_000L));
    assertThat(kept[1], equalTo(6_400L));
    assertThat(kept[2], equalTo(5_120L));
  }

  @Test
  void theScheduleLandsExactlyOnTheTargetAfterTheComputedNumberOfRounds() {
    // 0.8^20 = 1.15% > 1% and 0.8^21 = 0.92%: 21 rounds to 99%, the last clamped to floor(0.01 * total).
    long[] kept = MagnitudePruning.schedule(1_000_000, 0.99, 0.2);
    assertThat(kept.length, equalTo(21));
    assertThat(kept[20], equalTo(10_000L));
    assertThat(MagnitudePruning.schedule(421_408, 0.98, 0.2).length, equalTo(18));
  }

  @Test
  void pruningKeepsTheLargestMagnitudesAmongTheKeptWeightsOnly() {
    List<float[]> w = List.of(new float[] {0.9f, -0.1f, 0.5f}, new float[] {-0.8f, 0.3f, 0.95f});
    // 0.95 is already pruned: it must not come back although it is the largest.
    List<byte[]> m = List.of(new byte[] {1, 1, 1}, new byte[] {1, 1, 0});
    byte[][] out = MagnitudePruning.prune(w, m, 3);
    assertThat(out[0], equalTo(new byte[] {1, 0, 1}));
    assertThat(out[1], equalTo(new byte[] {1, 0, 0}));
  }

  @Test
  void aRateOutsideTheOpenUnitIntervalIsRefusedByName() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MagnitudePruning.schedule(100, 0.9, 1.0));
    assertThat(e.getMessage(), equalTo("pruning rate 1.0 is outside (0, 1)"));
  }
}
