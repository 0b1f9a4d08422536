package io.fullspectrum.stages;

import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;
import io.fullspectrum.masks.CompareMerge;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One draw's full-spectrum coordinate (spec §3): per layer {@code (dr, dr_imdb, lambda, lambda_imsg, m)}, small
 * enough to gather all {@code n} of them for CompareMerge while the masks stay where they are.
 */
public record ScoredMask(long sampleIndex, List<String> layers, double[][] rows, double achievedSparsity)
    implements Serializable {

  public static ScoredMask of(long sampleIndex, FullSpectrumCoordinate c, double achievedSparsity) {
    double[][] rows = new double[c.layers().size()][];
    for (int i = 0; i < rows.length; i++) {
      LayerSpectrum s = c.layers().get(i);
      rows[i] = new double[] {s.dr(), s.drImdb(), s.lambda(), s.lambdaImsg(), s.magnitude()};
    }
    return new ScoredMask(sampleIndex, List.copyOf(c.names()), rows, achievedSparsity);
  }

  /** What CompareMerge compares. */
  public CompareMerge.LayerScores compareMergeScores() {
    double[] dr = new double[rows.length];
    double[] m = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      dr[i] = rows[i][1];
      m[i] = rows[i][4];
    }
    return new CompareMerge.LayerScores(dr, m);
  }

  /** Mean layer magnitude: the draw's distance (spec §3). */
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
        && Arrays.deepEquals(s.rows, rows) && Double.compare(s.achievedSparsity, achievedSparsity) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sampleIndex) * 31 + Arrays.deepHashCode(rows);
  }
}
