package io.fullspectrum.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetKeeperTest {
  private static final List<float[]> W = List.of(new float[] {0.5f, -0.1f, 0.3f, 0.05f}, new float[] {-0.9f, 0.2f});

  @Test
  void aSurplusIsPrunedInTheLayerThatDriftedFromItsSmallestKeptMagnitudes() {
    // Reference: 2 + 1 kept. Layer 0 drifted to 4 (+2), layer 1 kept its 1: both surplus weights leave layer 0,
    // although layer 1's 0.2 is smaller than layer 0's 0.3 (a global trim would have taken it).
    List<byte[]> out = BudgetKeeper.toBudget(W, List.of(new byte[] {1, 1, 1, 1}, new byte[] {0, 1}),
        new long[] {2, 1}, 3);
    assertThat(out.get(0), equalTo(new byte[] {1, 0, 1, 0}));
    assertThat(out.get(1), equalTo(new byte[] {0, 1}));
  }

  @Test
  void aShortfallIsRegrownInTheLayersThatLostWeightsInProportionToTheirLoss() {
    // Reference 2 + 2; layer 0 fell to 1 (-1), layer 1 to 0 (-2); one weight is missing overall (keep 3 of 4).
    List<byte[]> out = BudgetKeeper.toBudget(List.of(new float[] {0.5f, -0.1f, 0.3f, 0.05f},
        new float[] {-0.9f, 0.2f, 0.4f}), List.of(new byte[] {0, 0, 0, 1}, new byte[] {0, 0, 0}),
        new long[] {2, 2}, 3);
    assertThat(out.get(0), equalTo(new byte[] {1, 0, 0, 1}));
    assertThat(out.get(1), equalTo(new byte[] {1, 0, 0}));
  }

  @Test
  void aMaskOnBudgetIsLeftAlone() {
    List<byte[]> in = List.of(new byte[] {0, 1, 0, 1}, new byte[] {1, 0});
    List<byte[]> out = BudgetKeeper.toBudget(W, in, new long[] {1, 2}, 3);
    assertThat(out.get(0), equalTo(in.get(0)));
    assertThat(out.get(1), equalTo(in.get(1)));
  }

  @Test
  void aSharedSurplusIsSplitInProportionToEachLayersDrift() {
    assertThat(BudgetKeeper.proportional(new long[] {30, 10, 0}, 8), equalTo(new long[] {6, 2, 0}));
  }
}
