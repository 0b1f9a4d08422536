package io.fullspectrum.stages;

import io.fullspectrum.nn.train.Evaluation;
import java.io.Serializable;
import java.util.List;

/** A fine-tuning run's curve: per epoch the training loss, learning rate and held-out evaluation. */
public record FineTuned(List<Epoch> curve) implements Serializable {
  /** One epoch of the curve. */
  public record Epoch(int epoch, double trainLoss, double learningRate, double accuracy, double loss)
      implements Serializable {}

  /** The last epoch's evaluation (or none). */
  public Evaluation last() {
    if (curve.isEmpty()) {
      return new Evaluation(0, 0, 0);
    }
    Epoch e = curve.get(curve.size() - 1);
    return new Evaluation(e.accuracy(), e.loss(), 0);
  }
}
