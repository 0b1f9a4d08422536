package io.fullspectrum.graph;

/** What the spectral maths needs of a layer: its name, PyTorch-layout shape, weights and 0/1 mask. */
public interface WeightedLayer {
  String name();

  int[] shape();

  /** Row-major weights; null when only a mask is known (then the layer cannot be scored). */
  float[] weights();

  byte[] mask();

  /**
   * A layer over arrays the caller keeps unchanged while it is read: nothing is copied or checked here (the
   * scorer checks sizes), where a record of the network's weights under each draw's mask would copy 45 MB a draw of
   * ResNet-18.
   */
  static WeightedLayer view(String name, int[] shape, float[] weights, byte[] mask) {
    return new View(name, shape, weights, mask);
  }

  /** See {@link #view}. */
  record View(String name, int[] shape, float[] weights, byte[] mask) implements WeightedLayer {}
}
