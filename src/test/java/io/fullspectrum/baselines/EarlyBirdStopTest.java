package io.fullspectrum.baselines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyBirdStopTest {
  private static List<byte[]> mask(int... kept) {
    byte[] m = new byte[10];
    for (int k : kept) {
      m[k] = 1;
    }
    return List.of(m);
  }

  @Test
  void theDistanceIsTheChangedShareOfTheKeptWeights() {
    assertThat(MaskDistance.between(mask(0, 1, 2, 3), mask(0, 1, 2, 3)), equalTo(0.0));
    assertThat(MaskDistance.between(mask(0, 1, 2, 3), mask(0, 1, 2, 4)), closeTo(2.0 / 8, 1e-12));
    assertThat(MaskDistance.between(mask(0, 1), mask(2, 3)), equalTo(1.0));
  }

  @Test
  void itStopsAtTheFirstCheckWhoseLastWindowOfDistancesAllFallUnderTheThreshold() {
    EarlyBirdStop stop = new EarlyBirdStop(2, 0.3);
    assertThat(stop.offer(mask(0, 1, 2, 3)), equalTo(false)); // no distance yet
    assertThat(stop.offer(mask(4, 5, 6, 7)), equalTo(false)); // 1.0
    assertThat(stop.offer(mask(4, 5, 6, 8)), equalTo(false)); // 0.25, but the window still holds 1.0
    assertThat(stop.offer(mask(4, 5, 6, 9)), equalTo(true)); // 0.25, 0.25: both under 0.3
    assertThat(stop.distances(), contains(1.0, 0.25, 0.25));
  }

  @Test
  void itKeepsGoingWhileAnyDistanceInTheWindowIsAtOrAboveTheThreshold() {
    EarlyBirdStop stop = new EarlyBirdStop(2, 0.3);
    stop.offer(mask(0, 1, 2, 3));
    assertThat(stop.offer(mask(0, 1, 2, 4)), equalTo(false)); // 0.25: window not full
    assertThat(stop.offer(mask(0, 1, 2, 5)), equalTo(true)); // 0.25, 0.25 < 0.3
    EarlyBirdStop strict = new EarlyBirdStop(2, 0.25);
    strict.offer(mask(0, 1, 2, 3));
    strict.offer(mask(0, 1, 2, 4));
    assertThat(strict.offer(mask(0, 1, 2, 5)), equalTo(false)); // 0.25 is not under 0.25
  }
}
