package io.fullspectrum.schemas;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/**
 * A whole network as it crosses stage boundaries: which architecture for which input, its prunable layers
 * (weights and masks) and every other parameter (batch-norm affine and running statistics, biases) as mask-free
 * records, so that pre-trained batch-norm state survives from {@code PreTrain} to {@code GenerateMasks}.
 */
@AutoValue
public abstract class NetworkState implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String architecture();

  public abstract int classes();

  public abstract int channels();

  public abstract int height();

  public abstract int width();

  /** Prunable layers in network order, with weights and masks. */
  public abstract MaskSet prunable();

  /** Every other parameter, by its block path. */
  public abstract MaskSet others();

  public static NetworkState of(String architecture, int classes, int channels, int height, int width,
      MaskSet prunable, MaskSet others) {
    return new AutoValue_NetworkState(architecture, classes, channels, height, width, prunable, others);
  }

  /** The same network with other prunable layers (same names and shapes; new masks or weights). */
  /** This network with other non-prunable parameters (and buffers). */
  public NetworkState withOthers(MaskSet newOthers) {
    return of(architecture(), classes(), channels(), height(), width(), prunable(), newOthers);
  }

  public NetworkState withPrunable(MaskSet newPrunable) {
    return of(architecture(), classes(), channels(), height(), width(), newPrunable, others());
  }

  /** The same weights under other masks (network order), labelled with the generator that made them. */
  public NetworkState withMasks(String generator, java.util.List<byte[]> masks) {
    java.util.List<LayerRecord> layers = prunable().layers();
    if (masks.size() != layers.size()) {
      throw new IllegalArgumentException(masks.size() + " masks for " + layers.size() + " prunable layers");
    }
    java.util.List<LayerRecord> out = new java.util.ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      out.add(layers.get(i).withMask(masks.get(i)));
    }
    MaskSet draft = MaskSet.of(generator, prunable().seed(), 0, prunable().sampleIndex(), out);
    return withPrunable(MaskSet.of(generator, prunable().seed(), draft.achievedSparsity(), prunable().sampleIndex(),
        out));
  }
}
