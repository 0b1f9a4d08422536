package io.fullspectrum.bench;

import io.fullspectrum.generators.ExampleNetwork;
import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.nn.Architecture;

/**
 * Issue 18: every number of the full-spectrum coordinate of CIFAR ResNet-18 (random masks at 99%, 98% and 90%,
 * seeds 1 and 2), one line per layer, each double in {@code Double.toHexString} so that two revisions' outputs can
 * be compared to the last bit ({@code bench/score-values.sh} does).
 */
public final class ScoreValues {
  private ScoreValues() {}

  public static void main(String[] args) {
    for (double sparsity : new double[] {0.99, 0.98, 0.9}) {
      for (long seed = 1; seed <= 2; seed++) {
        FullSpectrumCoordinate c = NetworkScorer.sparse().score(
            ExampleNetwork.randomMasked(Architecture.of("resnet18", 10), sparsity, seed).layers());
        for (int l = 0; l < c.layers().size(); l++) {
          LayerSpectrum s = c.layers().get(l);
          System.out.println(sparsity + " " + seed + " " + c.names().get(l) + " " + Double.toHexString(s.dr()) + " "
              + Double.toHexString(s.drImdb()) + " " + Double.toHexString(s.lambda()) + " "
              + Double.toHexString(s.lambdaImsg()));
        }
      }
    }
  }
}
