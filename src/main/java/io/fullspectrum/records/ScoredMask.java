package io.fullspectrum.records;

import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;
import io.fullspectrum.search.CompareMerge;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One draw's full-spectrum coordinate (method §3): per layer {@code (dr, dr_imdb, lambda, lambda_imsg, m)}, small
 * enough to gather all {@code n} of them for CompareMerge while the masks stay where they are; with the draw's
 * effective sparsity ({@link io.fullspectrum.search.Connectivity}) and, for a guarded merge, each layer's channel
 * adjacency (Cout x Cin bits, far smaller than the mask).
 *
 * @param effectiveSparsity the share of weights on no input-to-output path (NaN: not computed)
 * @param channels per layer channel adjacency, or null when the merge is not guarded
 */
public record ScoredMask(long sampleIndex, List<String> layers, double[][] rows, double achievedSparsity,
    double effectiveSparsity, List<long[]> channels) implements Serializable {

  public ScoredMask(long sampleIndex, List<String> layers, double[][] rows, double achievedSparsity) {
    this(sampleIndex, layers, rows, achievedSparsity, Double.NaN, null);
  }

  public static ScoredMask of(long sampleIndex, FullSpectrumCoordinate c, double achievedSparsity) {
    return of(sampleIndex, c, achievedSparsity, Double.NaN, null);
  }

  public static ScoredMask of(long sampleIndex, FullSpectrumCoordinate c, double achievedSparsity,
      double effectiveSparsity, List<long[]> channels) {
    double[][] rows = new double[c.layers().size()][];
    for (int i = 0; i < rows.length; i++) {
      LayerSpectrum s = c.layers().get(i);
      rows[i] = new double[] {s.dr(), s.drImdb(), s.lambda(), s.lambdaImsg(), s.magnitude()};
    }
    return new ScoredMask(sampleIndex, List.copyOf(c.names()), rows, achievedSparsity, effectiveSparsity,
        channels == null ? null : List.copyOf(channels));
  }

  /** This draw without its channel adjacency (what a gather of every draw's rows needs). */
  public ScoredMask withoutChannels() {
    return channels == null ? this : new ScoredMask(sampleIndex, layers, rows, achievedSparsity, effectiveSparsity,
        null);
  }

  /** What CompareMerge compares. */
  public CompareMerge.LayerScores compareMergeScores() {
    double[] dr = new double[rows.length];
    double[] m = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      dr[i] = rows[i][1];
      m[i] = rows[i][4];
    }
    return new CompareMerge.LayerScores(dr, m, channels);
  }

  /** Mean layer magnitude: the draw's distance (method §3). */
  public double meanMagnitude() {
    double s = 0;
    for (double[] r : rows) {
      s += r[4];
    }
    return rows.length == 0 ? 0 : s / rows.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoredMask s && s.sampleIndex == sampleIndex && s.layers.equals(layers)
        && Arrays.deepEquals(s.rows, rows) && Double.compare(s.achievedSparsity, achievedSparsity) == 0
        && Double.compare(s.effectiveSparsity, effectiveSparsity) == 0
        && (s.channels == null ? channels == null : channels != null
            && Arrays.deepEquals(s.channels.toArray(), channels.toArray()));
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sampleIndex) * 31 + Arrays.deepHashCode(rows);
  }
}
