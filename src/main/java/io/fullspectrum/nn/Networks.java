package io.fullspectrum.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Builds the DJL network of any registered architecture ({@link Architectures}), with every conv and linear block
 * named after the layer of {@link Architecture} it implements.
 */
public final class Networks {
  static {
    // Every model is built here, so this runs before PyTorch's first buffers, in every JVM that trains or draws.
    NativeMemory.pinMmapThreshold();
  }

  private Networks() {}

  /** An uninitialised network for images of {@code channels x height x width}. */
  public static Network build(Architecture arch, int channels, int height, int width) {
    BlockParts parts = new BlockParts(arch);
    Block block = arch.definition().block(arch, parts);
    if (block instanceof TorchScriptBlock) {
      // The module's prunable weights go by their PyTorch names (Network.weight).
      return new Network(arch, block, new Shape(1, channels, height, width), Map.of(), Map.of());
    }
    if (!parts.prunable().keySet().equals(new LinkedHashSet<>(arch.layerNames()))) {
      throw new IllegalStateException(arch.name() + ": block layers " + parts.prunable().keySet() + " differ from "
          + arch.layerNames());
    }
    return new Network(arch, block, new Shape(1, channels, height, width), parts.prunable(), parts.norms());
  }
}
