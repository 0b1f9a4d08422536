package io.fullspectrum.nn.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
  /** 200 images whose first pixel is their index (mod 256) and whose second is index / 256: each is unique. */
  private static ImageSet numbered(int n) {
    byte[] pixels = new byte[n * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      pixels[i * 4] = (byte) i;
      pixels[i * 4 + 1] = (byte) (i >>> 8);
      labels[i] = i % 10;
    }
    return new ImageSet("numbered", 1, 2, 2, 10, pixels, labels);
  }

  private static int id(ImageSet set, int i) {
    return set.pixel(i, 0, 0, 0) | set.pixel(i, 0, 0, 1) << 8;
  }

  @Test
  void theHeldOutImagesNeverAppearAmongTheTrainingImagesAndTogetherTheyAreTheWholeSet() {
    ImageSet set = numbered(200);
    ValidationSplit split = ValidationSplit.carve(set, 30, 7);
    Set<Integer> train = new HashSet<>();
    for (int i = 0; i < split.train().size(); i++) {
      train.add(id(split.train(), i));
    }
    Set<Integer> held = new HashSet<>();
    for (int i = 0; i < split.validation().size(); i++) {
      assertThat(train.contains(id(split.validation(), i)), equalTo(false));
      held.add(id(split.validation(), i));
      assertThat(split.validation().label(i), equalTo(id(split.validation(), i) % 10));
    }
    assertThat(held.size(), equalTo(30));
    assertThat(train.size(), equalTo(170));
  }

  @Test
  void theSameSeedHoldsOutTheSameImagesForEveryBranch() {
    ImageSet set = numbered(200);
    assertThat(ValidationSplit.carve(set, 30, 7).heldOut(), equalTo(ValidationSplit.carve(set, 30, 7).heldOut()));
    assertThat(ValidationSplit.carve(set, 30, 7).heldOut(), not(equalTo(ValidationSplit.carve(set, 30, 8)
        .heldOut())));
  }

  @Test
  void holdingOutEveryImageIsRefusedWithTheSetsSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ValidationSplit.carve(numbered(20), 20, 0));
    assertThat(e.getMessage(), equalTo("validation split of 20 images: the training set numbered holds 20; hold "
        + "out between 0 and 19"));
  }
}
