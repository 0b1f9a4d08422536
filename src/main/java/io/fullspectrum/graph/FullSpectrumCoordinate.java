package io.fullspectrum.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network's full-spectrum coordinate (method §3): one {@link LayerSpectrum} per prunable layer, in network order.
 * Its headline figure is the mean layer magnitude (the code's "l2-moving distance" from the origin); the
 * difference from a reference coordinate is offered as an option.
 */
public final class FullSpectrumCoordinate {
  private final List<String> names;
  private final List<LayerSpectrum> layers;

  public FullSpectrumCoordinate(List<String> names, List<LayerSpectrum> layers) {
    if (names.size() != layers.size()) {
      throw new IllegalArgumentException(names.size() + " layer names for " + layers.size() + " layers");
    }
    this.names = List.copyOf(names);
    this.layers = List.copyOf(layers);
  }

  public List<String> names() {
    return names;
  }

  public List<LayerSpectrum> layers() {
    return layers;
  }

  /** The {@code L x 4} matrix, rows {@code (dr, dr_imdb, lambda, lambda_imsg)}. */
  public double[][] matrix() {
    double[][] m = new double[layers.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = layers.get(i).coordinate();
    }
    return m;
  }

  /** Mean of the per-layer magnitudes: the network's distance from the origin (method §3). */
  public double meanMagnitude() {
    double sum = 0;
    for (LayerSpectrum layer : layers) {
      sum += layer.magnitude();
    }
    return layers.isEmpty() ? 0 : sum / layers.size();
  }

  /**
   * Per-layer l2 distance from a reference coordinate of the same network (the optional variant of method §3);
   * non-finite entries count as 0 on both sides, as in the magnitude.
   *
   * @throws IllegalArgumentException when the layers differ by name or number
   */
  public List<Double> distancesFrom(FullSpectrumCoordinate reference) {
    if (!names.equals(reference.names)) {
      throw new IllegalArgumentException("reference has layers " + reference.names + ", expected " + names);
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      double[] a = layers.get(i).coordinate();
      double[] b = reference.layers.get(i).coordinate();
      double[] diff = new double[4];
      for (int k = 0; k < 4; k++) {
        diff[k] = finite(a[k]) - finite(b[k]);
      }
      out.add(norm(diff));
    }
    return Collections.unmodifiableList(out);
  }

  /** l2 norm with non-finite entries counted as 0. */
  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      double f = finite(x);
      s += f * f;
    }
    return Math.sqrt(s);
  }

  private static double finite(double x) {
    return Double.isFinite(x) ? x : 0;
  }
}
