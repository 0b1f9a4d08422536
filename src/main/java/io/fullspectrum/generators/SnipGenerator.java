package io.fullspectrum.generators;

import java.util.ArrayList;
import java.util.List;

/** SNIP (method §5): connection sensitivity {@code |g ⊙ w|}, gradients summed over the scoring minibatches. */
public final class SnipGenerator extends ScoreBasedGenerator {
  @Override
  public boolean needsData() {
    return true;
  }

  @Override
  public String name() {
    return "snip";
  }

  /** The authors' normalisation: divided by the sum of all scores. */
  @Override
  public List<float[]> normalized(List<float[]> scores) {
    return ScoringGenerator.divided(scores, ScoringGenerator.sum(scores));
  }

  @Override
  public List<float[]> scores(GeneratorInput input, long seed) {
    List<float[]> grads = Gradients.of(input.network(), input.batches(), 1f);
    List<float[]> out = new ArrayList<>();
    List<String> names = input.network().layerNames();
    for (int l = 0; l < names.size(); l++) {
      float[] w = input.network().weights(names.get(l));
      float[] g = grads.get(l);
      for (int i = 0; i < w.length; i++) {
        g[i] = Math.abs(g[i] * w[i]);
      }
      out.add(g);
    }
    return out;
  }
}
