package io.fullspectrum.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.fullspectrum.nn.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectivityTest {
  private static List<byte[]> dense(Architecture arch) {
    List<byte[]> masks = new ArrayList<>();
    for (String name : arch.layerNames()) {
      byte[] m = new byte[Arrays.stream(arch.shape(name)).reduce(1, (a, b) -> a * b)];
      Arrays.fill(m, (byte) 1);
      masks.add(m);
    }
    return masks;
  }

  /** Zeroes, in a conv or linear mask of {@code Cout x N}, every weight whose input falls in channels [from, to). */
  private static void cutInputs(byte[] mask, int cout, int perChannel, int from, int to) {
    int n = mask.length / cout;
    for (int co = 0; co < cout; co++) {
      for (int j = from * perChannel; j < to * perChannel; j++) {
        mask[co * n + j] = 0;
      }
    }
  }

  @Test
  void aDenseNetworkHasEveryWeightEffective() {
    Architecture arch = Architecture.of("resnet18", 10);
    Connectivity.Result r = Connectivity.of("resnet18", 10).effective(dense(arch));
    assertThat(r.effective(), equalTo(arch.totalWeights()));
    assertThat(r.effectiveSparsity(), closeTo(0, 0));
    assertThat(r.connected(), is(true));
  }

  @Test
  void aConvReadingOnlyChannelsItsPredecessorNoLongerFeedsIsDisconnected() {
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    List<byte[]> masks = dense(arch);
    // conv1 feeds channels 0..15 only; conv2 reads channels 16..31 only.
    byte[] conv1 = masks.get(0);
    Arrays.fill(conv1, 16 * 9, 32 * 9, (byte) 0);
    cutInputs(masks.get(1), 64, 9, 0, 16);
    Connectivity c = Connectivity.of("fmnist-cnn", 10);
    Connectivity.Result r = c.effective(masks);
    assertThat(r.connected(), is(false));
    assertThat(r.effective(), equalTo(0L));
    assertThat(r.effectiveSparsity(), closeTo(1, 0));
    assertThat(c.connected(c.channelAdjacency(masks)), is(false));
  }

  @Test
  void fc1WeightsReadingADeadConvChannelAreNotEffective() {
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    List<byte[]> masks = dense(arch);
    // conv2 output channel 5 gets no kept weight: fc1's 49 inputs per output from channel 5 lie on no path.
    Arrays.fill(masks.get(1), 5 * 32 * 9, 6 * 32 * 9, (byte) 0);
    Connectivity.Result r = Connectivity.of("fmnist-cnn", 10).effective(masks);
    assertThat(r.effectiveByLayer()[2], equalTo(128L * (3136 - 49)));
    assertThat(r.effectiveByLayer()[0], equalTo(32L * 9));
    assertThat(r.connected(), is(true));
  }

  @Test
  void anEmptyResidualBranchLeavesTheIdentityPathAndMakesItsFirstConvIneffective() {
    Architecture arch = Architecture.of("resnet18", 10);
    List<byte[]> masks = dense(arch);
    int conv2 = arch.layerNames().indexOf("layer1.0.conv2");
    int conv1 = arch.layerNames().indexOf("layer1.0.conv1");
    Arrays.fill(masks.get(conv2), (byte) 0);
    Connectivity.Result r = Connectivity.of("resnet18", 10).effective(masks);
    assertThat(r.connected(), is(true));
    assertThat(r.effectiveByLayer()[conv1], equalTo(0L));
    assertThat(r.effective(), equalTo(arch.totalWeights() - 2L * 64 * 64 * 9));
  }

  @Test
  void aGuardedMergeRefusesTheLayerSwapThatWouldDisconnectTheNetwork() {
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    Connectivity c = Connectivity.of("fmnist-cnn", 10);
    List<byte[]> baseline = dense(arch);
    List<byte[]> cutting = dense(arch);
    cutInputs(cutting.get(1), 64, 9, 0, 32);
    CompareMerge.LayerScores base = new CompareMerge.LayerScores(new double[] {1, 1, 1, 1},
        new double[] {1, 1, 1, 1}, c.channelAdjacency(baseline));
    // Draw 1 beats the baseline on every layer, but its conv2 reads nothing.
    CompareMerge.LayerScores better = new CompareMerge.LayerScores(new double[] {2, 2, 2, 2},
        new double[] {2, 2, 2, 2}, c.channelAdjacency(cutting));
    java.util.Map<Long, CompareMerge.LayerScores> scores = java.util.Map.of(0L, base, 1L, better);
    long[] unguarded = CompareMerge.fold(scores, 1).get(0).sourceOfLayer();
    long[] guarded = CompareMerge.fold(scores, 1, c).get(0).sourceOfLayer();
    assertThat(unguarded, equalTo(new long[] {1, 1, 1, 1}));
    assertThat(guarded, equalTo(new long[] {1, 0, 1, 1}));
  }

  @Test
  void channelAdjacencySetsABitExactlyForTheChannelPairsJoinedByAKeptWeight() {
    Architecture arch = Architecture.of("resnet18", 10);
    List<byte[]> masks = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (String name : arch.layerNames()) {
      byte[] m = new byte[Arrays.stream(arch.shape(name)).reduce(1, (a, b) -> a * b)];
      for (int i = 0; i < m.length; i++) {
        m[i] = (byte) (random.nextInt(300) == 0 ? 1 : 0);
      }
      masks.add(m);
    }
    List<long[]> adjacency = Connectivity.of("resnet18", 10).measure(masks).adjacency();
    for (int l = 0; l < masks.size(); l++) {
      int[] shape = arch.shape(arch.layerNames().get(l));
      int cout = shape[0];
      int cin = shape[1];
      int per = masks.get(l).length / cout / cin;
      for (int co = 0; co < cout; co++) {
        for (int ci = 0; ci < cin; ci++) {
          boolean joined = false;
          for (int j = 0; j < per; j++) {
            joined |= masks.get(l)[(co * cin + ci) * per + j] != 0;
          }
          int bit = co * cin + ci;
          boolean set = (adjacency.get(l)[bit >>> 6] >>> (bit & 63) & 1L) != 0;
          assertThat(arch.layerNames().get(l) + " " + co + "<-" + ci, set, equalTo(joined));
        }
      }
      assertThat(adjacency.get(l), equalTo(Connectivity.of("resnet18", 10).channelAdjacency(l, masks.get(l))));
    }
  }
}
