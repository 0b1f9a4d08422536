package io.fullspectrum.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * CIFAR ResNet (3x3 stem, no max-pool, BasicBlocks, 1x1 conv shortcuts where the shape changes), as in the
 * authors' {@code resnet.py}: ResNet-18 has {@code 2, 2, 2, 2} blocks a stage, ResNet-34 {@code 3, 4, 6, 3}.
 */
public final class ResNetArchitecture implements ArchitectureDefinition {
  private final String name;
  private final int[] blocks;

  public ResNetArchitecture(String name, int... blocks) {
    this.name = name;
    this.blocks = blocks.clone();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "CIFAR ResNet, " + Arrays.toString(blocks) + " BasicBlocks a stage, 3x32x32 (or 3x64x64) input";
  }

  @Override
  public LinkedHashMap<String, int[]> layers(int classes) {
    LinkedHashMap<String, int[]> layers = new LinkedHashMap<>();
    layers.put("conv1", new int[] {64, 3, 3, 3});
    int in = 64;
    for (int stage = 0; stage < 4; stage++) {
      int out = 64 << stage;
      for (int b = 0; b < blocks[stage]; b++) {
        String prefix = prefix(stage, b);
        layers.put(prefix + "conv1", new int[] {out, in, 3, 3});
        layers.put(prefix + "conv2", new int[] {out, out, 3, 3});
        if (stride(stage, b) != 1 || in != out) {
          layers.put(prefix + "shortcut.0", new int[] {out, in, 1, 1});
        }
        in = out;
      }
    }
    layers.put("classifier", new int[] {classes, 512});
    return layers;
  }

  /** 3 x 32 x 32, or 3 x 64 x 64 for 64-pixel sets (Tiny-ImageNet): the global pooling takes either. */
  @Override
  public int[] inputShape(int[] dataShape) {
    return Arrays.equals(dataShape, new int[] {3, 64, 64}) ? dataShape.clone() : new int[] {3, 32, 32};
  }

  @Override
  public Block block(Architecture arch, BlockParts parts) {
    SequentialBlock net = new SequentialBlock()
        .add(parts.conv("conv1", 1, 1))
        .add(parts.batchNorm("bn1"))
        .add(Activation.reluBlock());
    for (int stage = 0; stage < 4; stage++) {
      for (int b = 0; b < blocks[stage]; b++) {
        String prefix = prefix(stage, b);
        int stride = stride(stage, b);
        SequentialBlock main = new SequentialBlock()
            .add(parts.conv(prefix + "conv1", stride, 1))
            .add(parts.batchNorm(prefix + "bn1"))
            .add(Activation.reluBlock())
            .add(parts.conv(prefix + "conv2", 1, 1))
            .add(parts.batchNorm(prefix + "bn2"));
        Block shortcut;
        if (arch.layerNames().contains(prefix + "shortcut.0")) {
          shortcut = new SequentialBlock()
              .add(parts.conv(prefix + "shortcut.0", stride, 0))
              .add(parts.batchNorm(prefix + "shortcut.1"));
        } else {
          shortcut = new LambdaBlock(x -> x);
        }
        net.add(new ParallelBlock(
                list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                Arrays.asList(main, shortcut)))
            .add(Activation.reluBlock());
      }
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(parts.linear("classifier"));
  }

  /** The stem, then each BasicBlock's two convs summed with its shortcut (identity or the 1x1 conv). */
  @Override
  public Topology topology(Architecture arch) {
    Topology.Builder b = new Topology.Builder(arch.shape("conv1")[1]);
    int x = b.layer("conv1", 0, arch.shape("conv1")[0]);
    for (int stage = 0; stage < 4; stage++) {
      for (int block = 0; block < blocks[stage]; block++) {
        String prefix = prefix(stage, block);
        int a = b.layer(prefix + "conv1", x, arch.shape(prefix + "conv1")[0]);
        int main = b.layer(prefix + "conv2", a, arch.shape(prefix + "conv2")[0]);
        int shortcut = arch.layerNames().contains(prefix + "shortcut.0")
            ? b.layer(prefix + "shortcut.0", x, arch.shape(prefix + "shortcut.0")[0]) : x;
        x = b.sum(main, shortcut);
      }
    }
    x = b.layer("classifier", x, arch.shape("classifier")[0]);
    return b.build(x);
  }

  private static String prefix(int stage, int block) {
    return "layer" + (stage + 1) + "." + block + ".";
  }

  private static int stride(int stage, int block) {
    return stage > 0 && block == 0 ? 2 : 1;
  }
}
