package io.fullspectrum.graph;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeptIndicesTest {
  @Test
  void theKeptIndicesAreEveryNonZeroEntryInOrderWhateverItsValueAndTheMaskLength() {
    SplittableRandom random = new SplittableRandom(18);
    byte[] values = {1, 2, 4, 8, 16, 32, 64, (byte) 0x80, (byte) 0xFF, 3};
    for (int length : new int[] {0, 1, 7, 8, 9, 63, 64, 1001}) {
      // Densities on both sides of the switch to KeptIndices.ofMany (one kept entry in 20).
      for (double density : new double[] {0.0, 0.01, 0.04, 0.1, 0.5, 1.0}) {
        byte[] mask = new byte[length];
        for (int i = 0; i < length; i++) {
          mask[i] = random.nextDouble() < density ? values[random.nextInt(values.length)] : 0;
        }
        int[] expected = IntStream.range(0, length).filter(i -> mask[i] != 0).toArray();
        assertThat("length " + length + ", density " + density + ": " + Arrays.toString(mask),
            KeptIndices.of(mask), equalTo(expected));
      }
    }
  }

  @Test
  void countSumsTheEntriesOfAZeroOneMask() {
    byte[] mask = new byte[77];
    for (int i = 0; i < mask.length; i += 3) {
      mask[i] = 1;
    }
    assertThat(KeptIndices.count(mask), equalTo(26L));
  }
}
