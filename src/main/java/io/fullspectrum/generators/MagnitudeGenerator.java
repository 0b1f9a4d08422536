package io.fullspectrum.generators;

import java.util.ArrayList;
import java.util.List;

/** Global magnitude pruning: keep the largest {@code |w|}. */
public final class MagnitudeGenerator extends ScoreBasedGenerator {
  @Override
  public String name() {
    return "magnitude";
  }

  @Override
  public List<float[]> scores(GeneratorInput input, long seed) {
    List<float[]> out = new ArrayList<>();
    for (String name : input.network().layerNames()) {
      float[] w = input.network().weights(name);
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.abs(w[i]);
      }
      out.add(w);
    }
    return out;
  }
}
