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

  /** Masks in network layer order, together keeping exactly {@code floor((1 - sparsity) * total)} weights. */
  List<byte[]> generate(GeneratorInput input, double sparsity, long seed);

  /** A generator by name with the authors' default settings ({@link Generators} holds the registry). */
  static MaskGenerator named(String name) {
    return Generators.create(name, GeneratorOptions.DEFAULTS);
  }
}
