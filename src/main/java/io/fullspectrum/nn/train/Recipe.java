package io.fullspectrum.nn.train;

import com.google.auto.value.AutoValue;
import java.util.List;

/**
 * A training recipe (method §6): SGD with momentum/Nesterov and weight decay, a step schedule multiplying the
 * learning rate by {@code gamma} at each milestone epoch, the batch size, the number of epochs, and the seed of the
 * data order and augmentation.
 */
@AutoValue
public abstract class Recipe implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public abstract float learningRate();

  public abstract float momentum();

  public abstract float weightDecay();

  public abstract boolean nesterov();

  public abstract int batchSize();

  public abstract int epochs();

  public abstract List<Integer> milestones();

  public abstract float gamma();

  public abstract long seed();

  /** The paper's CIFAR fine-tune recipe: lr 0.1, Nesterov 0.9, wd 5e-4, batch 128, 250 epochs, x0.1 at 125, 187. */
  public static Recipe cifar(long seed) {
    return of(0.1f, 0.9f, 5e-4f, true, 128, 250, List.of(125, 187), 0.1f, seed);
  }

  /**
   * @throws IllegalArgumentException naming the first bad field
   */
  public static Recipe of(float learningRate, float momentum, float weightDecay, boolean nesterov, int batchSize,
      int epochs, List<Integer> milestones, float gamma, long seed) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("lr=" + learningRate + " must be positive");
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("momentum=" + momentum + " is outside [0, 1)");
    }
    if (weightDecay < 0) {
      throw new IllegalArgumentException("weight.decay=" + weightDecay + " is negative");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch.size=" + batchSize + " must be at least 1");
    }
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs=" + epochs + " is negative");
    }
    return new AutoValue_Recipe(learningRate, momentum, weightDecay, nesterov, batchSize, epochs,
        List.copyOf(milestones), gamma, seed);
  }

  /** The learning rate during {@code epoch} (0-based). */
  public float learningRateAt(int epoch) {
    float lr = learningRate();
    for (int m : milestones()) {
      if (epoch >= m) {
        lr *= gamma();
      }
    }
    return lr;
  }
}
