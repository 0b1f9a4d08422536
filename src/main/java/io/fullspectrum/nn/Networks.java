package io.fullspectrum.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the DJL blocks of our architectures, naming every conv and linear block after the layer of
 * {@link Architecture} it implements: CIFAR ResNet-18/34 (3x3 stem, no max-pool), CIFAR VGG-16 with batch norm,
 * and the small Fashion-MNIST CNN.
 */
public final class Networks {
  static {
    // Every model is built here, so this runs before PyTorch's first buffers, in every JVM that trains or draws.
    NativeMemory.pinMmapThreshold();
  }

  private Networks() {}

  /** An uninitialised network for images of {@code channels x height x width}. */
  public static Network build(Architecture arch, int channels, int height, int width) {
    Map<String, Block> prunable = new LinkedHashMap<>();
    Map<String, Block> norms = new LinkedHashMap<>();
    Block block;
    switch (arch.name()) {
      case "resnet18":
        block = resnet(arch, new int[] {2, 2, 2, 2}, prunable, norms);
        break;
      case "resnet34":
        block = resnet(arch, new int[] {3, 4, 6, 3}, prunable, norms);
        break;
      case "vgg16":
        block = vgg16(arch, prunable, norms);
        break;
      case "fmnist-cnn":
        block = fmnistCnn(arch, prunable, norms);
        break;
      default:
        throw new IllegalArgumentException("no DJL block for architecture '" + arch.name() + "'");
    }
    if (!prunable.keySet().equals(new java.util.LinkedHashSet<>(arch.layerNames()))) {
      throw new IllegalStateException("block layers " + prunable.keySet() + " differ from " + arch.layerNames());
    }
    return new Network(arch, block, new Shape(1, channels, height, width), prunable, norms);
  }

  private static Block conv(Map<String, Block> prunable, Architecture arch, String name, int stride, int padding) {
    int[] s = arch.shape(name);
    Block conv = Conv2d.builder().setFilters(s[0]).setKernelShape(new Shape(s[2], s[3]))
        .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false).build();
    prunable.put(name, conv);
    return conv;
  }

  private static Block linear(Map<String, Block> prunable, Architecture arch, String name) {
    Block fc = Linear.builder().setUnits(arch.shape(name)[0]).build();
    prunable.put(name, fc);
    return fc;
  }

  /** A batch norm named as in the PyTorch state dict ({@link StateDict}). */
  private static Block bn(Map<String, Block> norms, String name) {
    Block norm = BatchNorm.builder().build();
    norms.put(name, norm);
    return norm;
  }

  private static Block resnet(Architecture arch, int[] blocks, Map<String, Block> prunable,
      Map<String, Block> norms) {
    SequentialBlock net = new SequentialBlock()
        .add(conv(prunable, arch, "conv1", 1, 1))
        .add(bn(norms, "bn1"))
        .add(Activation.reluBlock());
    for (int stage = 0; stage < 4; stage++) {
      for (int b = 0; b < blocks[stage]; b++) {
        String prefix = "layer" + (stage + 1) + "." + b + ".";
        int stride = (stage > 0 && b == 0) ? 2 : 1;
        SequentialBlock main = new SequentialBlock()
            .add(conv(prunable, arch, prefix + "conv1", stride, 1))
            .add(bn(norms, prefix + "bn1"))
            .add(Activation.reluBlock())
            .add(conv(prunable, arch, prefix + "conv2", 1, 1))
            .add(bn(norms, prefix + "bn2"));
        Block shortcut;
        if (arch.layerNames().contains(prefix + "shortcut.0")) {
          shortcut = new SequentialBlock()
              .add(conv(prunable, arch, prefix + "shortcut.0", stride, 0))
              .add(bn(norms, prefix + "shortcut.1"));
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
        .add(linear(prunable, arch, "classifier"));
  }

  private static Block vgg16(Architecture arch, Map<String, Block> prunable, Map<String, Block> norms) {
    SequentialBlock net = new SequentialBlock();
    for (int i = 0; i < 13; i++) {
      net.add(conv(prunable, arch, "features." + i, 1, 1))
          .add(bn(norms, "features." + i + ".bn"))
          .add(Activation.reluBlock());
      if (i == 1 || i == 3 || i == 6 || i == 9 || i == 12) {
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      }
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(linear(prunable, arch, "classifier"));
  }

  private static Block fmnistCnn(Architecture arch, Map<String, Block> prunable, Map<String, Block> norms) {
    return new SequentialBlock()
        .add(conv(prunable, arch, "conv1", 1, 1))
        .add(bn(norms, "bn1"))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(conv(prunable, arch, "conv2", 1, 1))
        .add(bn(norms, "bn2"))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(linear(prunable, arch, "fc1"))
        .add(Activation.reluBlock())
        .add(linear(prunable, arch, "classifier"));
  }
}
