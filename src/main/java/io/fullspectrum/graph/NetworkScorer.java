package io.fullspectrum.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Scores every layer of a network into its full-spectrum coordinate (method §3), checking the inputs first. */
public final class NetworkScorer {
  private final SpectralScorer scorer;
  private final boolean parallel;

  public NetworkScorer(SpectralScorer scorer) {
    this(scorer, false);
  }

  private NetworkScorer(SpectralScorer scorer, boolean parallel) {
    this.scorer = scorer;
    this.parallel = parallel;
  }

  /** The sparse scorer on the calling thread: for callers that parallelise themselves (Beam workers). */
  public static NetworkScorer sparse() {
    return new NetworkScorer(SpectralScorer.sparse());
  }

  /**
   * The same scorer spreading layers over the common fork-join pool; layers are independent and each result lands
   * at its layer's index, so the output is identical to {@link #sparse()}.
   */
  public NetworkScorer parallel() {
    return new NetworkScorer(scorer, true);
  }

  /**
   * Scores the layers in order.
   *
   * @throws IllegalArgumentException naming the layer when it has no weights, a non-finite kept weight (pruned
   *     weights are not read), or a shape that disagrees with its arrays
   */
  public FullSpectrumCoordinate score(List<? extends WeightedLayer> layers) {
    List<String> names = new ArrayList<>();
    for (WeightedLayer layer : layers) {
      check(layer);
      names.add(layer.name());
    }
    LayerSpectrum[] spectra = new LayerSpectrum[layers.size()];
    IntStream indices = IntStream.range(0, layers.size());
    (parallel ? indices.parallel() : indices).forEach(i -> spectra[i] = scoreOne(layers.get(i)));
    return new FullSpectrumCoordinate(names, Arrays.asList(spectra));
  }

  private LayerSpectrum scoreOne(WeightedLayer layer) {
    try {
      return scorer.score(layer.shape(), layer.weights(), layer.mask());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("layer " + layer.name() + ": " + e.getMessage(), e);
    }
  }

  private static void check(WeightedLayer layer) {
    String name = layer.name();
    float[] w = layer.weights();
    if (w == null) {
      throw new IllegalArgumentException("layer " + name + ": no weights (the weighted gap lambda needs them)");
    }
    long numel = 1;
    for (int d : layer.shape()) {
      numel *= d;
    }
    if (numel != w.length || numel != layer.mask().length) {
      throw new IllegalArgumentException("layer " + name + ": shape " + Arrays.toString(layer.shape())
          + " holds " + numel + " values but weights have " + w.length + " and mask " + layer.mask().length);
    }
  }
}
