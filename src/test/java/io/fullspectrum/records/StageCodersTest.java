package io.fullspectrum.records;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class StageCodersTest {
  private static ScoredMask scored(List<long[]> channels) {
    double[][] rows = {{1.5, Double.POSITIVE_INFINITY, -0.0, Double.NaN, 2.25}, {0.1, 0.2, 0.3, 0.4, 0.5}};
    return new ScoredMask(42, List.of("conv1", "layer1.0.conv1"), rows, 0.99, 0.9912, channels);
  }

  @Test
  void aGuardedDrawSurvivesTheCoderWithItsChannelAdjacencyBitForBit() throws Exception {
    ScoredMask value = scored(List.of(new long[] {-1L, 0x8000_0000_0000_0001L}, new long[0], new long[] {7}));
    CoderProperties.coderDecodeEncodeEqual(ScoredMaskCoder.of(), value);
    ScoredMask back = CoderUtils.clone(ScoredMaskCoder.of(), value);
    assertThat(back.channels().get(0), equalTo(new long[] {-1L, 0x8000_0000_0000_0001L}));
    assertThat(Double.doubleToRawLongBits(back.rows()[0][2]), equalTo(Double.doubleToRawLongBits(-0.0)));
  }

  @Test
  void aDrawWithoutChannelAdjacencyComesBackWithoutIt() throws Exception {
    ScoredMask back = CoderUtils.clone(ScoredMaskCoder.of(), scored(null));
    assertThat(back.channels(), nullValue());
    assertThat(back, equalTo(scored(null)));
  }

  @Test
  void equalDrawsEncodeToEqualBytes() throws Exception {
    CoderProperties.coderDeterministic(ScoredMaskCoder.of(), scored(List.of(new long[] {3, 5})),
        scored(List.of(new long[] {3, 5})));
  }

  @Test
  void aMergeEntrySurvivesItsCoderWithAndWithoutChannelAdjacency() throws Exception {
    io.fullspectrum.search.CompareMerge.LayerScores guarded = new io.fullspectrum.search.CompareMerge.LayerScores(
        new double[] {Double.POSITIVE_INFINITY, 0.5}, new double[] {1.25, Double.NaN},
        java.util.Arrays.asList(new long[] {Long.MIN_VALUE, 9}, null, new long[] {1}));
    // The guard drops the adjacency of layers that can no longer enter the best: a null entry travels as one.
    CoderProperties.coderDecodeEncodeEqual(LayerScoresCoder.of(), guarded);
    assertThat(CoderUtils.clone(LayerScoresCoder.of(), guarded).channels().get(1), nullValue());
    io.fullspectrum.search.CompareMerge.LayerScores plain = new io.fullspectrum.search.CompareMerge.LayerScores(
        new double[] {2}, new double[] {3});
    assertThat(CoderUtils.clone(LayerScoresCoder.of(), plain).channels(), nullValue());
    CoderProperties.coderDeterministic(LayerScoresCoder.of(), guarded, CoderUtils.clone(LayerScoresCoder.of(),
        guarded));
  }

  /** Flink unites the fresh and the resumed draws only when their coders are equal after serialisation. */
  @Test
  void theCodersEqualTheirSerialisedCopies() throws Exception {
    CoderProperties.coderSerializable(ScoredMaskCoder.of());
    CoderProperties.coderSerializable(LayerScoresCoder.of());
    assertThat(org.apache.beam.sdk.util.SerializableUtils.clone(ScoredMaskCoder.of()),
        org.hamcrest.Matchers.equalTo(ScoredMaskCoder.of()));
  }
}
