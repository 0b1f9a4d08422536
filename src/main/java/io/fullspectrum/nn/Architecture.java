package io.fullspectrum.nn;

import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prunable layers (method §4: every conv and linear weight, first conv, 1x1 shortcuts and classifier included)
 * of the networks we ship, by stable name and PyTorch-layout shape, in network order. Pure data: the DJL blocks
 * name their parameters after it.
 */
public final class Architecture {
  private final String name;
  private final Map<String, int[]> layers;

  private Architecture(String name, Map<String, int[]> layers) {
    this.name = name;
    this.layers = Collections.unmodifiableMap(layers);
  }

  /** The names {@link #of} accepts. */
  public static List<String> known() {
    return List.of("resnet18", "resnet34", "vgg16", "fmnist-cnn");
  }

  /**
   * An architecture by name, for {@code classes} output classes.
   *
   * @throws IllegalArgumentException naming the unknown architecture and the known ones
   */
  public static Architecture of(String name, int classes) {
    switch (name) {
      case "resnet18":
        return resnet(name, new int[] {2, 2, 2, 2}, classes);
      case "resnet34":
        return resnet(name, new int[] {3, 4, 6, 3}, classes);
      case "vgg16":
        return vgg16(classes);
      case "fmnist-cnn":
        return fmnistCnn(classes);
      default:
        throw new IllegalArgumentException("architecture=" + name + " is not a known architecture; known: "
            + known());
    }
  }

  /** CIFAR ResNet (3x3 stem, no max-pool, BasicBlocks, 1x1 conv shortcuts where the shape changes). */
  private static Architecture resnet(String name, int[] blocks, int classes) {
    Map<String, int[]> layers = new LinkedHashMap<>();
    layers.put("conv1", new int[] {64, 3, 3, 3});
    int in = 64;
    for (int stage = 0; stage < 4; stage++) {
      int out = 64 << stage;
      for (int b = 0; b < blocks[stage]; b++) {
        String prefix = "layer" + (stage + 1) + "." + b + ".";
        int stride = (stage > 0 && b == 0) ? 2 : 1;
        layers.put(prefix + "conv1", new int[] {out, in, 3, 3});
        layers.put(prefix + "conv2", new int[] {out, out, 3, 3});
        if (stride != 1 || in != out) {
          layers.put(prefix + "shortcut.0", new int[] {out, in, 1, 1});
        }
        in = out;
      }
    }
    layers.put("classifier", new int[] {classes, 512});
    return new Architecture(name, layers);
  }

  /** CIFAR VGG-16: thirteen 3x3 convs and one linear classifier on the 512-channel 1x1 map. */
  private static Architecture vgg16(int classes) {
    int[] widths = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
    Map<String, int[]> layers = new LinkedHashMap<>();
    int in = 3;
    for (int i = 0; i < widths.length; i++) {
      layers.put("features." + i, new int[] {widths[i], in, 3, 3});
      in = widths[i];
    }
    layers.put("classifier", new int[] {classes, 512});
    return new Architecture("vgg16", layers);
  }

  /** The default small CNN for 28x28 grey images: two 3x3 convs with 2x2 pooling, then two linear layers. */
  private static Architecture fmnistCnn(int classes) {
    Map<String, int[]> layers = new LinkedHashMap<>();
    layers.put("conv1", new int[] {32, 1, 3, 3});
    layers.put("conv2", new int[] {64, 32, 3, 3});
    layers.put("fc1", new int[] {128, 64 * 7 * 7});
    layers.put("classifier", new int[] {classes, 128});
    return new Architecture("fmnist-cnn", layers);
  }

  public String name() {
    return name;
  }

  /** The channel-level DAG of the prunable layers (residual sums included), for connectivity checks. */
  public Topology topology() {
    List<String> names = layerNames();
    Topology.Builder b = new Topology.Builder(layers.get(names.get(0))[1]);
    int x = 0;
    if (name.startsWith("resnet")) {
      x = b.layer("conv1", x, layers.get("conv1")[0]);
      for (int i = 1; i < names.size() - 1; i++) {
        String layer = names.get(i);
        if (!layer.endsWith(".conv1")) {
          continue;
        }
        String prefix = layer.substring(0, layer.length() - "conv1".length());
        int a = b.layer(prefix + "conv1", x, layers.get(prefix + "conv1")[0]);
        int main = b.layer(prefix + "conv2", a, layers.get(prefix + "conv2")[0]);
        int shortcut = layers.containsKey(prefix + "shortcut.0")
            ? b.layer(prefix + "shortcut.0", x, layers.get(prefix + "shortcut.0")[0]) : x;
        x = b.sum(main, shortcut);
      }
      x = b.layer("classifier", x, layers.get("classifier")[0]);
    } else {
      for (String layer : names) {
        x = b.layer(layer, x, layers.get(layer)[0]);
      }
    }
    return b.build(x);
  }

  public List<String> layerNames() {
    return new ArrayList<>(layers.keySet());
  }

  public int[] shape(String layer) {
    int[] shape = layers.get(layer);
    if (shape == null) {
      throw new IllegalArgumentException(name + " has no prunable layer '" + layer + "'");
    }
    return shape.clone();
  }

  /**
   * Checks that a mask set covers exactly these prunable layers with the same shapes, and returns its masks in
   * network order.
   *
   * @throws IllegalArgumentException naming the first layer that is missing, extra or of another shape
   */
  public List<byte[]> masksOf(MaskSet set) {
    Map<String, LayerRecord> byName = new LinkedHashMap<>();
    for (LayerRecord r : set.layers()) {
      byName.put(r.name(), r);
    }
    List<byte[]> masks = new ArrayList<>();
    for (Map.Entry<String, int[]> layer : layers.entrySet()) {
      String name = layer.getKey();
      LayerRecord r = byName.remove(name);
      if (r == null) {
        throw new IllegalArgumentException("mask set has no layer '" + name + "' of " + this.name);
      }
      if (!Arrays.equals(r.shape(), layer.getValue())) {
        throw new IllegalArgumentException("layer " + name + ": mask shape " + Arrays.toString(r.shape())
            + " differs from the network's " + Arrays.toString(layer.getValue()));
      }
      masks.add(r.mask());
    }
    if (!byName.isEmpty()) {
      throw new IllegalArgumentException("mask set has layer '" + byName.keySet().iterator().next()
          + "' that " + this.name + " does not have");
    }
    return masks;
  }

  /**
   * The {@code C x H x W} input this network takes for a data set whose own images are {@code dataShape}: the small
   * CNN needs 1 x 28 x 28 (its classifier reads 64 x 7 x 7), the ResNets and VGG-16 3 x 32 x 32, or 3 x 64 x 64
   * for 64-pixel sets (Tiny-ImageNet; their global pooling takes either).
   */
  public int[] inputShape(int[] dataShape) {
    if (name.equals("fmnist-cnn")) {
      return new int[] {1, 28, 28};
    }
    if (dataShape[0] == 3 && dataShape[1] == 64 && dataShape[2] == 64) {
      return dataShape.clone();
    }
    return new int[] {3, 32, 32};
  }

  /** Total prunable weights. */
  public long totalWeights() {
    long n = 0;
    for (int[] shape : layers.values()) {
      long p = 1;
      for (int d : shape) {
        p *= d;
      }
      n += p;
    }
    return n;
  }
}
