package io.fullspectrum.generators;

import java.util.List;

/** Draws one mask per prunable layer at a target sparsity (method §5); the same seed gives the same masks. */
public interface MaskGenerator {
  /** Lower-case name used in presets and mask-set metadata. */
  String name();

  /** Whether {@link #generate} needs scoring minibatches (SNIP, GraSP). */
  default boolean needsData() {
    return false;
  }

  /**
   * Whether a draw on a GPU, with the process's kernels made to repeat ({@code Devices.forDraws}), is the same mask
   * when drawn again. Every shipped generator's is (bench/results/gpu-search-h200.txt); a generator whose is not says
   * so here, and its draws then run on the CPU, where every draw repeats, whatever {@code draw.device} says.
   */
  default boolean repeatsOnGpu() {
    return true;
  }

  /** Masks in network layer order, together keeping exactly {@code floor((1 - sparsity) * total)} weights. */
  List<byte[]> generate(GeneratorInput input, double sparsity, long seed);

  /** A generator by name with the authors' default settings ({@link Generators} holds the registry). */
  static MaskGenerator named(String name) {
    return Generators.create(name, GeneratorOptions.DEFAULTS);
  }
}
