package io.fullspectrum.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named building blocks an {@link ArchitectureDefinition} assembles its network from: each prunable conv or
 * linear block is recorded under its layer name, each batch norm under its PyTorch state-dict name
 * ({@link StateDict}), so that masks, checkpoints and state dicts find them.
 */
public final class BlockParts {
  private final Architecture arch;
  private final Map<String, Block> prunable = new LinkedHashMap<>();
  private final Map<String, Block> norms = new LinkedHashMap<>();

  BlockParts(Architecture arch) {
    this.arch = arch;
  }

  /** The prunable conv {@code name} (no bias), its shape taken from the architecture's layer table. */
  public Block conv(String name, int stride, int padding) {
    int[] s = arch.shape(name);
    Block conv = Conv2d.builder().setFilters(s[0]).setKernelShape(new Shape(s[2], s[3]))
        .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false).build();
    prunable.put(name, conv);
    return conv;
  }

  /** The prunable linear layer {@code name} (with bias). */
  public Block linear(String name) {
    Block fc = Linear.builder().setUnits(arch.shape(name)[0]).build();
    prunable.put(name, fc);
    return fc;
  }

  /** A batch norm named as in the PyTorch state dict. */
  public Block batchNorm(String name) {
    Block norm = BatchNorm.builder().build();
    norms.put(name, norm);
    return norm;
  }

  Map<String, Block> prunable() {
    return prunable;
  }

  Map<String, Block> norms() {
    return norms;
  }
}
