package io.fullspectrum.records;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetFixtures;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class MaskSetCoderTest {

  @Test
  void aMaskSetSurvivesTheCoderUnchanged() throws Exception {
    MaskSet set = MaskSetFixtures.sample(3);
    CoderProperties.coderDecodeEncodeEqual(MaskSetCoder.of(), set);
    assertThat(CoderUtils.clone(MaskSetCoder.of(), set), equalTo(set));
  }

  @Test
  void equalSetsEncodeToEqualBytes() throws Exception {
    CoderProperties.coderDeterministic(MaskSetCoder.of(), MaskSetFixtures.sample(5), MaskSetFixtures.sample(5));
  }

  @Test
  void theCoderKeepsSetsApartThatDifferInOneMaskBit() throws Exception {
    MaskSet a = MaskSetFixtures.sample(7);
    byte[] flipped = a.layers().get(2).mask().clone();
    flipped[0] ^= 1;
    MaskSet b = MaskSet.of(a.generator(), a.seed(), a.sparsity(), a.sampleIndex(),
        java.util.List.of(a.layers().get(0), a.layers().get(1), a.layers().get(2).withMask(flipped)));
    assertThat(CoderUtils.clone(MaskSetCoder.of(), b), equalTo(b));
    assertThat(CoderUtils.clone(MaskSetCoder.of(), b), not(equalTo(a)));
  }

  @Test
  void masksAreBitPackedOnTheWire() throws Exception {
    // Each extra mask entry costs two bits (value + Arrow validity bitmap), far below a byte per entry.
    int small = encodedSize(64 * 80);
    int large = encodedSize(8 * 64 * 80);
    int extraEntries = 7 * 64 * 80;
    assertThat(large - small, lessThan(extraEntries / 3));
  }

  private static int encodedSize(int entries) throws Exception {
    MaskSet set = MaskSet.of("random", 1, 0.5, 0,
        java.util.List.of(LayerRecord.of("big", new int[] {entries / 80, 80}, null, new byte[entries])));
    return CoderUtils.encodeToByteArray(MaskSetCoder.of(), set).length;
  }

  @Test
  void aLayerRecordSurvivesItsCoderUnchanged() throws Exception {
    LayerRecord layer = MaskSetFixtures.sample(9).layers().get(0);
    CoderProperties.coderDecodeEncodeEqual(LayerRecordCoder.of(), layer);
  }
}
