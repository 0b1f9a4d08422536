package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.generators.RandomGenerator;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.data.SyntheticImages;
import io.fullspectrum.nn.train.Checkpoint;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds make a run repeatable, and a run resumed from its checkpoint ends where the straight run ends. */
class CheckpointResumeTest {
  private static final Preprocessing GREY = new Preprocessing(new float[] {0.5f}, new float[] {0.25f}, 0, false);
  private static final Architecture ARCH = Architecture.of("fmnist-cnn", 4);
  private static final Recipe RECIPE = Recipe.of(0.05f, 0.9f, 5e-4f, true, 16, 2, List.of(1), 0.1f, 3);
  private static final ImageSet DATA = SyntheticImages.generate(12 * 16, 1, 28, 28, 4, 21);
  @TempDir Path dir;

  private static List<byte[]> masks(MaskedTrainer seedOnly) {
    return new RandomGenerator().generate(new GeneratorInput(seedOnly.network(), List.of()), 0.8, 5);
  }

  private static List<float[]> weights(MaskedTrainer t) {
    List<float[]> out = new ArrayList<>();
    for (String name : t.network().layerNames()) {
      out.add(t.network().weights(name));
    }
    return out;
  }

  private static List<float[]> straightRun() {
    try (MaskedTrainer probe = MaskedTrainer.create(Networks.build(ARCH, 1, 28, 28), 9, RECIPE, null)) {
      List<byte[]> masks = masks(probe);
      try (MaskedTrainer t = MaskedTrainer.create(Networks.build(ARCH, 1, 28, 28), 9, RECIPE, masks)) {
        ImageBatches batches = ImageBatches.training(DATA, GREY, 16, RECIPE.seed());
        for (int e = 0; e < RECIPE.epochs(); e++) {
          t.trainEpoch(batches, e, -1, null);
        }
        return weights(t);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameWeights() {
    List<float[]> a = straightRun();
    List<float[]> b = straightRun();
    for (int l = 0; l < a.size(); l++) {
      assertThat(b.get(l), equalTo(a.get(l)));
    }
  }

  @Test
  void aRunResumedFromItsCheckpointEndsWithTheStraightRunsWeights() throws IOException {
    List<float[]> expected = straightRun();
    Path checkpoint = dir.resolve("ckpt.zip");
    List<byte[]> masks;
    try (MaskedTrainer probe = MaskedTrainer.create(Networks.build(ARCH, 1, 28, 28), 9, RECIPE, null)) {
      masks = masks(probe);
    }
    try (MaskedTrainer first = MaskedTrainer.create(Networks.build(ARCH, 1, 28, 28), 9, RECIPE, masks)) {
      first.trainEpoch(ImageBatches.training(DATA, GREY, 16, RECIPE.seed()), 0, -1, null);
      Checkpoint.save(first, 1, checkpoint);
    }
    try (MaskedTrainer resumed = MaskedTrainer.create(Networks.build(ARCH, 1, 28, 28), 1234, RECIPE, masks)) {
      int next = Checkpoint.restore(resumed, checkpoint);
      assertThat(next, equalTo(1));
      assertThat(resumed.step(), equalTo(12L));
      ImageBatches batches = ImageBatches.training(DATA, GREY, 16, RECIPE.seed());
      for (int e = next; e < RECIPE.epochs(); e++) {
        resumed.trainEpoch(batches, e, -1, null);
      }
      List<float[]> actual = weights(resumed);
      for (int l = 0; l < expected.size(); l++) {
        assertThat(ARCH.layerNames().get(l), actual.get(l), equalTo(expected.get(l)));
      }
    }
  }

  @Test
  void aTruncatedCheckpointIsRejectedByName() throws IOException {
    Path checkpoint = dir.resolve("ckpt.zip");
    try (MaskedTrainer t = MaskedTrainer.create(Networks.build(ARCH, 1, 28, 28), 9, RECIPE, null)) {
      Checkpoint.save(t, 0, checkpoint);
      byte[] bytes = Files.readAllBytes(checkpoint);
      Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length / 3));
      IOException e = assertThrows(IOException.class, () -> Checkpoint.restore(t, checkpoint));
      assertThat(e.getMessage(), containsString(checkpoint.toString()));
    }
  }
}
