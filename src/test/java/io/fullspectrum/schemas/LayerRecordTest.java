package io.fullspectrum.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayerRecordTest {
  @Test
  void keptCountsEveryOneOfAMaskWhoseLengthIsNoMultipleOfEight() {
    SplittableRandom random = new SplittableRandom(5);
    for (int length : new int[] {1, 7, 8, 9, 64 * 9 + 5, 4099}) {
      byte[] mask = new byte[length];
      for (int i = 0; i < length; i++) {
        mask[i] = (byte) (random.nextInt(3) == 0 ? 1 : 0);
      }
      mask[length - 1] = 1; // the tail past the last whole word counts too
      long expected = 0;
      for (byte b : mask) {
        expected += b;
      }
      assertThat("length " + length, LayerRecord.of("l", new int[] {length}, null, mask).kept(), equalTo(expected));
    }
  }

  @Test
  void aDenseLayerKeepsEveryWeight() {
    assertThat(LayerRecord.dense("l", new int[] {3, 5, 3, 3}, new float[135]).kept(), equalTo(135L));
  }
}
