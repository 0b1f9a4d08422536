package io.fullspectrum.nn.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches built ahead on a thread are the batches, in order, and stopping early leaves no thread behind. */
class PrefetchedBatchesTest {
  private static final Preprocessing GREY = new Preprocessing(new float[] {0.5f}, new float[] {0.25f}, 2, true);
  private static final ImageSet SET = SyntheticImages.generate(10 * 8, 1, 28, 28, 4, 3);

  private static boolean threadAlive(NDManager manager) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("batches-" + manager.getName()) && t.isAlive());
  }

  @Test
  void evaluationBatchesComeInTheSetsOrder() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Integer> labels = new ArrayList<>();
      for (Batch b : ImageBatches.evaluation(SET, GREY, 7).getData(manager)) {
        for (int y : b.getLabels().head().toIntArray()) {
          labels.add(y);
        }
        b.close();
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < SET.size(); i++) {
        expected.add(SET.label(i));
      }
      assertThat(labels, equalTo(expected));
    }
  }

  @Test
  void anEpochsAugmentedBatchesAreTheSameOnEveryIteration() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ImageBatches data = ImageBatches.training(SET, GREY, 8, 5);
      List<float[]> first = new ArrayList<>();
      try (PrefetchedBatches it = data.epoch(3).batches(manager)) {
        while (it.hasNext()) {
          try (Batch b = it.next()) {
            first.add(b.getData().head().toFloatArray());
          }
        }
      }
      int k = 0;
      try (PrefetchedBatches it = data.epoch(3).batches(manager)) {
        while (it.hasNext()) {
          try (Batch b = it.next()) {
            assertThat("batch " + k, b.getData().head().toFloatArray(), equalTo(first.get(k++)));
          }
        }
      }
      assertThat(k, equalTo(10));
    }
  }

  @Test
  void closingAfterTheFirstBatchStopsTheThread() {
    try (NDManager manager = NDManager.newBaseManager()) {
      PrefetchedBatches it = ImageBatches.training(SET, GREY, 8, 5).batches(manager);
      it.next().close();
      assertThat("building ahead", threadAlive(manager), equalTo(true));
      it.close();
      assertThat("stopped", threadAlive(manager), equalTo(false));
    }
  }
}
