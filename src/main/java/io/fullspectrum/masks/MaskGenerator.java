package io.fullspectrum.masks;

import java.util.List;

/** Draws one mask per prunable layer at a target sparsity (spec §5); the same seed gives the same masks. */
public interface MaskGenerator {
  /** Lower-case name used in presets and mask-set metadata. */
  String name();

  /** Whether {@link #generate} needs scoring minibatches (SNIP, GraSP). */
  default boolean needsData() {
    return false;
  }

  /** Masks in network layer order, together keeping exactly {@code floor((1 - sparsity) * total)} weights. */
  List<byte[]> generate(GeneratorInput input, double sparsity, long seed);

  /** A generator by name: random, magnitude, erk, snip, grasp, synflow. */
  static MaskGenerator named(String name) {
    switch (name) {
      case "random":
        return new RandomGenerator();
      case "magnitude":
        return new MagnitudeGenerator();
      case "erk":
        return new ErkGenerator();
      case "snip":
        return new SnipGenerator();
      case "grasp":
        return new GraspGenerator();
      case "synflow":
        return new SynflowGenerator(100);
      default:
        throw new IllegalArgumentException("unknown generator '" + name
            + "'; known: random, magnitude, erk, snip, grasp, synflow");
    }
  }
}
