package io.fullspectrum.generators;

import io.fullspectrum.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A generator that scores every weight and keeps the global top {@code k} (method §5). */
public abstract class ScoreBasedGenerator implements ScoringGenerator {
  @Override
  public List<byte[]> generate(GeneratorInput input, double sparsity, long seed) {
    checkSparsity(sparsity);
    return ScoringGenerator.topK(scores(input, seed), sparsity);
  }

  public static void checkSparsity(double sparsity) {
    if (!(sparsity > 0 && sparsity < 1)) {
      throw new IllegalArgumentException("sparsity " + sparsity + " is outside (0, 1)");
    }
  }

  static List<Integer> sizes(Network network) {
    List<Integer> sizes = new ArrayList<>();
    for (String name : network.layerNames()) {
      sizes.add(Arrays.stream(network.architecture().shape(name)).reduce(1, (a, b) -> a * b));
    }
    return sizes;
  }
}
