package io.fullspectrum.nn;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;

/**
 * Everything the project needs to know about one architecture, in one place: its prunable layers (names and
 * PyTorch-layout shapes, which are also its state-dict names), the DJL block that implements them, the input it
 * takes, and how its layers connect. Register one with {@link Architectures#register} to use it by name.
 */
public interface ArchitectureDefinition {
  /** The name presets use ({@code architecture=NAME}). */
  String name();

  /** One line for {@code pipeline=help}. */
  String description();

  /** The prunable layers in network order, {@code Cout x Cin x kh x kw} or {@code out x in}. */
  LinkedHashMap<String, int[]> layers(int classes);

  /** The {@code C x H x W} input this network takes for a data set whose own images are {@code dataShape}. */
  int[] inputShape(int[] dataShape);

  /**
   * The DJL block, built through {@code parts} so that every prunable layer and batch norm is named after the
   * layer of {@code arch} it implements ({@link Networks#build} checks that all of them were).
   */
  Block block(Architecture arch, BlockParts parts);

  /** The channel-level DAG of the prunable layers; by default a chain in network order. */
  default Topology topology(Architecture arch) {
    Topology.Builder b = new Topology.Builder(arch.shape(arch.layerNames().get(0))[1]);
    int x = 0;
    for (String layer : arch.layerNames()) {
      x = b.layer(layer, x, arch.shape(layer)[0]);
    }
    return b.build(x);
  }
}
