package io.fullspectrum.graph;

import com.google.auto.value.AutoValue;

/**
 * A layer's place in the full spectrum (method §2): the Ramanujan gap {@code dr}, its iterative mean
 * {@code drImdb}, the weighted spectral gap {@code lambda}, its iterative mean {@code lambdaImsg}, and the
 * magnitude {@code m}, with the size of the graph they were computed on. {@code dr} and {@code lambda} are
 * {@code +inf} for a layer that fails the degree gate.
 */
@AutoValue
public abstract class LayerSpectrum {
  /** Left side size: inputs, {@code Cin*kh*kw} (or {@code Cin}). */
  public abstract int left();

  /** Right side size: outputs, {@code Cout}. */
  public abstract int right();

  /** Edges of the mask graph (kept weights). */
  public abstract int edges();

  public abstract double dr();

  public abstract double drImdb();

  public abstract double lambda();

  public abstract double lambdaImsg();

  static LayerSpectrum of(int left, int right, int edges, double dr, double drImdb, double lambda,
      double lambdaImsg) {
    return new AutoValue_LayerSpectrum(left, right, edges, dr, drImdb, lambda, lambdaImsg);
  }

  /** The layer's row of the full-spectrum coordinate, in the method §3 order {@code (dr, dr_imdb, lambda, lambda_imsg)}. */
  public double[] coordinate() {
    return new double[] {dr(), drImdb(), lambda(), lambdaImsg()};
  }

  /** {@code m = ||(dr, lambda, dr_imdb, lambda_imsg)||_2} with every non-finite value counted as 0 (method §2). */
  public double magnitude() {
    return FullSpectrumCoordinate.norm(coordinate());
  }
}
