package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import io.fullspectrum.generators.GlobalTopK;
import io.fullspectrum.generators.RandomScores;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.data.SyntheticImages;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskedTrainerTest {
  private static final Preprocessing GREY = new Preprocessing(new float[] {0.5f}, new float[] {0.25f}, 0, false);

  private static List<byte[]> randomMasks(Architecture arch, double sparsity, long seed) {
    List<Integer> sizes = new ArrayList<>();
    for (String name : arch.layerNames()) {
      sizes.add(Arrays.stream(arch.shape(name)).reduce(1, (a, b) -> a * b));
    }
    return Arrays.asList(GlobalTopK.select(RandomScores.draw(sizes, seed),
        GlobalTopK.keepCount(sparsity, arch.totalWeights())));
  }

  @Test
  void maskedWeightsStayExactlyZeroAfterFiftySteps() {
    Architecture arch = Architecture.of("fmnist-cnn", 4);
    ImageSet data = SyntheticImages.generate(50 * 16, 1, 28, 28, 4, 1);
    List<byte[]> masks = randomMasks(arch, 0.9, 3);
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, 16, 1, List.of(), 0.1f, 5);
    try (MaskedTrainer trainer = MaskedTrainer.create(Networks.build(arch, 1, 28, 28), 7, recipe, masks)) {
      trainer.trainEpoch(ImageBatches.training(data, GREY, 16, 5), 0, 50, null);
      assertThat(trainer.step(), equalTo(50L));
      List<String> names = arch.layerNames();
      for (int l = 0; l < names.size(); l++) {
        float[] w = trainer.network().weights(names.get(l));
        int movedKept = 0;
        for (int i = 0; i < w.length; i++) {
          if (masks.get(l)[i] == 0) {
            assertThat(names.get(l) + "[" + i + "]", Math.abs(w[i]), equalTo(0f));
          } else if (w[i] != 0f) {
            movedKept++;
          }
        }
        assertThat(names.get(l), movedKept, greaterThan(0));
      }
    }
  }

  @Test
  void trainingOnALearnableSetBeatsChanceAndLowersTheLoss() {
    Architecture arch = Architecture.of("fmnist-cnn", 4);
    ImageSet train = SyntheticImages.generate(640, 1, 28, 28, 4, 11);
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, 32, 2, List.of(), 0.1f, 5);
    try (MaskedTrainer trainer = MaskedTrainer.create(Networks.build(arch, 1, 28, 28), 7, recipe, null)) {
      ImageBatches eval = ImageBatches.evaluation(train, GREY, 64);
      Evaluation before = trainer.evaluate(eval);
      ImageBatches batches = ImageBatches.training(train, GREY, 32, 5);
      trainer.trainEpoch(batches, 0, -1, null);
      trainer.trainEpoch(batches, 1, -1, null);
      Evaluation after = trainer.evaluate(eval);
      assertThat(after.loss(), lessThan(before.loss()));
      assertThat(after.accuracy(), greaterThan(0.9));
    }
  }

  @Test
  void everyShippedArchitectureBuildsWithItsPrunableShapes() {
    // The shipped ones by name: other test classes register architectures of their own in this JVM.
    for (String name : java.util.List.of("resnet18", "resnet34", "vgg16", "fmnist-cnn")) {
      Architecture arch = Architecture.of(name, 10);
      int[] input = arch.inputShape(new int[] {3, 32, 32});
      Network net = Networks.build(arch, input[0], input[1], input[2]);
      try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
        net.initialize(manager, 1);
        for (String layer : arch.layerNames()) {
          assertThat(name + " " + layer, net.weight(layer).getArray().getShape().getShape(),
              equalTo(Arrays.stream(arch.shape(layer)).asLongStream().toArray()));
          float[] w = net.weights(layer);
          assertThat(name + " " + layer, w, equalTo(InitialWeights.draw(arch.shape(layer), 1,
              arch.layerNames().indexOf(layer))));
        }
      }
    }
  }

  /** Arrays attached to a DJL manager (BaseNDManager keeps them in a protected map; read here for the test). */
  private static int attached(ai.djl.ndarray.NDManager manager) throws ReflectiveOperationException {
    java.lang.reflect.Field f = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
    f.setAccessible(true);
    return ((java.util.Map<?, ?>) f.get(manager)).size();
  }

  @Test
  void anEpochOfStepsLeavesNoArraysBehindOnTheModel() throws ReflectiveOperationException {
    Architecture arch = Architecture.of("fmnist-cnn", 4);
    ImageSet data = SyntheticImages.generate(20 * 16, 1, 28, 28, 4, 1);
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, 16, 2, List.of(), 0.1f, 5);
    try (MaskedTrainer trainer = MaskedTrainer.create(Networks.build(arch, 1, 28, 28), 7, recipe,
        randomMasks(arch, 0.9, 3))) {
      ImageBatches batches = ImageBatches.training(data, GREY, 16, 5);
      trainer.trainEpoch(batches, 0, -1, null);
      int before = attached(trainer.model().getNDManager());
      trainer.trainEpoch(batches, 1, -1, null);
      assertThat(trainer.step(), equalTo(40L));
      // Every temporary of a step (weight decay, momentum terms, the flat gradient) is freed with the step.
      assertThat(attached(trainer.model().getNDManager()), equalTo(before));
    }
  }
}
