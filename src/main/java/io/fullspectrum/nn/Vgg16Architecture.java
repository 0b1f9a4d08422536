package io.fullspectrum.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.LinkedHashMap;

/** CIFAR VGG-16 with batch norm: thirteen 3x3 convs and one linear classifier on the 512-channel 1x1 map. */
public final class Vgg16Architecture implements ArchitectureDefinition {
  private static final int[] WIDTHS = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};

  @Override
  public String name() {
    return "vgg16";
  }

  @Override
  public String description() {
    return "CIFAR VGG-16 with batch norm, 3x32x32 input";
  }

  @Override
  public LinkedHashMap<String, int[]> layers(int classes) {
    LinkedHashMap<String, int[]> layers = new LinkedHashMap<>();
    int in = 3;
    for (int i = 0; i < WIDTHS.length; i++) {
      layers.put("features." + i, new int[] {WIDTHS[i], in, 3, 3});
      in = WIDTHS[i];
    }
    layers.put("classifier", new int[] {classes, 512});
    return layers;
  }

  @Override
  public int[] inputShape(int[] dataShape) {
    return new int[] {3, 32, 32};
  }

  @Override
  public Block block(Architecture arch, BlockParts parts) {
    SequentialBlock net = new SequentialBlock();
    for (int i = 0; i < WIDTHS.length; i++) {
      net.add(parts.conv("features." + i, 1, 1))
          .add(parts.batchNorm("features." + i + ".bn"))
          .add(Activation.reluBlock());
      if (i == 1 || i == 3 || i == 6 || i == 9 || i == 12) {
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      }
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(parts.linear("classifier"));
  }
}
