package io.fullspectrum.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.LinkedHashMap;

/** The default small CNN for 28x28 grey images: two 3x3 convs with 2x2 pooling, then two linear layers. */
public final class FashionCnnArchitecture implements ArchitectureDefinition {
  @Override
  public String name() {
    return "fmnist-cnn";
  }

  @Override
  public String description() {
    return "small CNN (2 convs, 2 linear), 1x28x28 input: the CPU default";
  }

  @Override
  public LinkedHashMap<String, int[]> layers(int classes) {
    LinkedHashMap<String, int[]> layers = new LinkedHashMap<>();
    layers.put("conv1", new int[] {32, 1, 3, 3});
    layers.put("conv2", new int[] {64, 32, 3, 3});
    layers.put("fc1", new int[] {128, 64 * 7 * 7});
    layers.put("classifier", new int[] {classes, 128});
    return layers;
  }

  /** Always 1 x 28 x 28: {@code fc1} reads 64 x 7 x 7. */
  @Override
  public int[] inputShape(int[] dataShape) {
    return new int[] {1, 28, 28};
  }

  @Override
  public Block block(Architecture arch, BlockParts parts) {
    return new SequentialBlock()
        .add(parts.conv("conv1", 1, 1))
        .add(parts.batchNorm("bn1"))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(parts.conv("conv2", 1, 1))
        .add(parts.batchNorm("bn2"))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(parts.linear("fc1"))
        .add(Activation.reluBlock())
        .add(parts.linear("classifier"));
  }
}
