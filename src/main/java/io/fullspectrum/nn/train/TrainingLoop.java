package io.fullspectrum.nn.train;

import ai.djl.training.dataset.Batch;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.PrefetchedBatches;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains a given number of steps at a time across epoch boundaries (the searches of LTH, Early-Bird and dynamic
 * sparse training stop mid-epoch and go on), setting each epoch's learning rate from the recipe.
 */
public final class TrainingLoop implements AutoCloseable {
  private final MaskedTrainer trainer;
  private final ImageBatches data;
  private final Recipe recipe;
  private int epoch = -1;
  private PrefetchedBatches batches;

  public TrainingLoop(MaskedTrainer trainer, ImageBatches data, Recipe recipe) {
    if (data.batchesPerEpoch() == 0) {
      throw new IllegalArgumentException("training data of " + data.set().size() + " images is smaller than one "
          + "batch of " + recipe.batchSize());
    }
    this.trainer = trainer;
    this.data = data;
    this.recipe = recipe;
  }

  /** The epoch the next step belongs to (0-based). */
  public int epoch() {
    return Math.max(epoch, 0);
  }

  /**
   * Takes {@code steps} optimisation steps; returns their mean loss. Logs a progress line every 50 steps.
   *
   * @param label what is being trained, for the progress line
   */
  public double run(long steps, String label, Consumer<String> progress) {
    long started = System.nanoTime();
    try (LossSum sum = new LossSum(trainer.model().getNDManager())) {
      for (long n = 1; n <= steps; n++) {
        if (batches == null || !batches.hasNext()) {
          close();
          epoch++;
          trainer.optimizer().setLearningRate(recipe.learningRateAt(epoch));
          batches = data.epoch(epoch).batches(trainer.model().getNDManager());
        }
        try (Batch batch = batches.next()) {
          sum.add(trainer.step(batch));
        }
        if (progress != null && (n % 50 == 0 || n == steps)) {
          double secs = (System.nanoTime() - started) / 1e9;
          progress.accept(String.format(Locale.ROOT, "%s: step %d (epoch %d), loss %.4f, eta %.0fs", label,
              trainer.step(), epoch + 1, sum.get() / n, secs / n * (steps - n)));
        }
      }
      return steps == 0 ? 0 : sum.get() / steps;
    }
  }

  /** Stops building batches ahead (a loop left mid-epoch). */
  @Override
  public void close() {
    if (batches != null) {
      batches.close();
      batches = null;
    }
  }
}
