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
 * of a registered architecture ({@link Architectures}), by stable name and PyTorch-layout shape, in network order.
 * The DJL blocks name their parameters after it.
 */
public final class Architecture {
  private final ArchitectureDefinition definition;
  private final Map<String, int[]> layers;

  private Architecture(ArchitectureDefinition definition, Map<String, int[]> layers) {
    this.definition = definition;
    this.layers = Collections.unmodifiableMap(layers);
  }

  /** The names {@link #of} accepts: those in {@link Architectures}. */
  public static List<String> known() {
    return Architectures.known();
  }

  /**
   * An architecture by name, for {@code classes} output classes.
   *
   * @throws IllegalArgumentException naming the unknown architecture and the known ones
   */
  public static Architecture of(String name, int classes) {
    ArchitectureDefinition definition = Architectures.get(name);
    return new Architecture(definition, definition.layers(classes));
  }

  public String name() {
    return definition.name();
  }

  /** Where its block, input shape and topology come from. */
  public ArchitectureDefinition definition() {
    return definition;
  }

  /** The channel-level DAG of the prunable layers (residual sums included), for connectivity checks. */
  public Topology topology() {
    return definition.topology(this);
  }

  public List<String> layerNames() {
    return new ArrayList<>(layers.keySet());
  }

  public int[] shape(String layer) {
    int[] shape = layers.get(layer);
    if (shape == null) {
      throw new IllegalArgumentException(name() + " has no prunable layer '" + layer + "'");
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
        throw new IllegalArgumentException("mask set has no layer '" + name + "' of " + name() + " (its layers: "
            + few(layers.keySet()) + "; the mask set's: " + few(byName.keySet()) + ")");
      }
      if (!Arrays.equals(r.shape(), layer.getValue())) {
        throw new IllegalArgumentException("layer " + name + ": mask shape " + Arrays.toString(r.shape())
            + " differs from the network's " + Arrays.toString(layer.getValue()));
      }
      masks.add(r.mask());
    }
    if (!byName.isEmpty()) {
      throw new IllegalArgumentException("mask set has layer '" + byName.keySet().iterator().next()
          + "' that " + name() + " does not have (its layers: " + few(layers.keySet()) + ")");
    }
    return masks;
  }

  /** A few names of many, for a one-line message: the first five and how many there are in all. */
  static String few(java.util.Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= 5 ? String.join(", ", list)
        : String.join(", ", list.subList(0, 5)) + ", ... (" + list.size() + " in all)";
  }

  /** The {@code C x H x W} input this network takes for a data set whose own images are {@code dataShape}. */
  public int[] inputShape(int[] dataShape) {
    return definition.inputShape(dataShape);
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
