package io.fullspectrum.generators;

import java.util.Arrays;
import java.util.List;

/** Random (method §5): global N(0, 1) scores, so each layer keeps close to the global density. */
public final class RandomGenerator extends ScoreBasedGenerator {
  @Override
  public String name() {
    return "random";
  }

  /** The masks of {@link #scores} by their global top-k, without finishing the draws that cannot reach it. */
  @Override
  public List<byte[]> generate(GeneratorInput input, double sparsity, long seed) {
    checkSparsity(sparsity);
    List<Integer> sizes = sizes(input.network());
    long total = sizes.stream().mapToLong(Integer::longValue).sum();
    return Arrays.asList(RandomScores.globalTopK(sizes, seed, GlobalTopK.keepCount(sparsity, total)));
  }

  @Override
  public List<float[]> scores(GeneratorInput input, long seed) {
    return RandomScores.draw(sizes(input.network()), seed);
  }
}
