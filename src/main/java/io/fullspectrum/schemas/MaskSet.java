package io.fullspectrum.schemas;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One network's masks (with or without weights) and where they came from: the generator that drew them, its
 * seed, the target sparsity and the sample index within a PAGS run (0 for the generator's baseline mask).
 */
@AutoValue
public abstract class MaskSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Generator name, e.g. {@code snip}, {@code erk}, or {@code input} for a mask read from a file. */
  public abstract String generator();

  public abstract long seed();

  /** Target sparsity in [0, 1): the fraction of weights pruned. */
  public abstract double sparsity();

  /** Index of the draw within a sampling run. */
  public abstract long sampleIndex();

  /** Layers in network order. */
  public abstract List<LayerRecord> layers();

  /**
   * Builds a mask set.
   *
   * @throws IllegalArgumentException on duplicate layer names or a sparsity outside [0, 1)
   */
  public static MaskSet of(String generator, long seed, double sparsity, long sampleIndex, List<LayerRecord> layers) {
    if (!(sparsity >= 0 && sparsity < 1)) {
      throw new IllegalArgumentException("mask set: sparsity " + sparsity + " is outside [0, 1)");
    }
    Set<String> names = new HashSet<>();
    for (LayerRecord layer : layers) {
      if (!names.add(layer.name())) {
        throw new IllegalArgumentException("mask set: layer " + layer.name() + " appears twice");
      }
    }
    return new AutoValue_MaskSet(generator, seed, sparsity, sampleIndex, List.copyOf(layers));
  }

  /** Total number of prunable weights. */
  public long totalWeights() {
    long n = 0;
    for (LayerRecord layer : layers()) {
      n += layer.numel();
    }
    return n;
  }

  /** Fraction of weights the masks prune, as achieved (not as targeted). */
  public double achievedSparsity() {
    long total = totalWeights();
    return total == 0 ? 0 : 1.0 - (double) keptWeights() / total;
  }

  /** Number of weights the masks keep. */
  public long keptWeights() {
    long kept = 0;
    for (LayerRecord layer : layers()) {
      kept += layer.kept();
    }
    return kept;
  }
}
