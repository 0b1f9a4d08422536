package io.fullspectrum.generators;

import java.io.Serializable;

/**
 * The settings a generator may take from a preset, with the authors' values as defaults (method §5).
 *
 * @param graspTemperature GraSP divides the logits by it; 1 is the authors' effective temperature (their division
 *     by 200 acts on a {@code log_softmax} output and only scales the loss); 200 is the original GraSP repository's
 * @param synflowRounds SynFlow's pruning rounds of exponentially growing sparsity (the authors' 10)
 */
public record GeneratorOptions(float graspTemperature, int synflowRounds) implements Serializable {
  public static final GeneratorOptions DEFAULTS = new GeneratorOptions(1f, 10);

  public GeneratorOptions {
    if (!(graspTemperature > 0) || Float.isInfinite(graspTemperature)) {
      throw new IllegalArgumentException("grasp.temperature=" + graspTemperature + " must be a positive number");
    }
    if (synflowRounds < 1) {
      throw new IllegalArgumentException("synflow.rounds=" + synflowRounds + " must be at least 1");
    }
  }
}
