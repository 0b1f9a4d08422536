package io.fullspectrum.masks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetKeeperTest {
  private static final List<float[]> W = List.of(new float[] {0.5f, -0.1f, 0.3f, 0.05f}, new float[] {-0.9f, 0.2f});

  @Test
  void aSurplusIsPrunedFromTheSmallestKeptMagnitudes() {
    List<byte[]> out = BudgetKeeper.toBudget(W, List.of(new byte[] {1, 1, 1, 1}, new byte[] {0, 1}), 3);
    assertThat(out.get(0), equalTo(new byte[] {1, 0, 1, 0}));
    assertThat(out.get(1), equalTo(new byte[] {0, 1}));
  }

  @Test
  void aShortfallIsRegrownFromTheLargestPrunedMagnitudes() {
    List<byte[]> out = BudgetKeeper.toBudget(W, List.of(new byte[] {0, 0, 0, 1}, new byte[] {0, 0}), 3);
    assertThat(out.get(0), equalTo(new byte[] {1, 0, 0, 1}));
    assertThat(out.get(1), equalTo(new byte[] {1, 0}));
  }

  @Test
  void aMaskOnBudgetIsLeftAlone() {
    List<byte[]> in = List.of(new byte[] {0, 1, 0, 1}, new byte[] {1, 0});
    List<byte[]> out = BudgetKeeper.toBudget(W, in, 3);
    assertThat(out.get(0), equalTo(in.get(0)));
    assertThat(out.get(1), equalTo(in.get(1)));
  }
}
