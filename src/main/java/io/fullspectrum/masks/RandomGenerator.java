package io.fullspectrum.masks;

import java.util.List;

/** Random (method §5): global N(0, 1) scores, so each layer keeps close to the global density. */
public final class RandomGenerator extends ScoreBasedGenerator {
  @Override
  public String name() {
    return "random";
  }

  @Override
  public List<float[]> scores(GeneratorInput input, long seed) {
    return RandomScores.draw(sizes(input.network()), seed);
  }
}
