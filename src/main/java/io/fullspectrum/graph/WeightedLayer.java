package io.fullspectrum.graph;

/** What the spectral maths needs of a layer: its name, PyTorch-layout shape, weights and 0/1 mask. */
public interface WeightedLayer {
  String name();

  int[] shape();

  /** Row-major weights; null when only a mask is known (then the layer cannot be scored). */
  float[] weights();

  byte[] mask();
}
