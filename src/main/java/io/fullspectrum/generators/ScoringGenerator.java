package io.fullspectrum.generators;

import java.util.List;

/**
 * A generator that ranks every weight by a score and keeps the global top {@code k} (method §5): its scores are
 * what a user compares with another implementation's, so they are public, normalised as the authors do.
 */
public interface ScoringGenerator extends MaskGenerator {
  /** Per-layer scores in network order; higher keeps. */
  List<float[]> scores(GeneratorInput input, long seed);

  /** The scores as the authors' code reports them (a scale that does not change the ranking); the identity here. */
  default List<float[]> normalized(List<float[]> scores) {
    return scores;
  }

  /** The masks keeping the global top {@code k = floor((1 - sparsity) * total)} scores (ties by index). */
  static List<byte[]> topK(List<float[]> scores, double sparsity) {
    ScoreBasedGenerator.checkSparsity(sparsity);
    long total = 0;
    for (float[] s : scores) {
      total += s.length;
    }
    return java.util.Arrays.asList(GlobalTopK.select(scores, GlobalTopK.keepCount(sparsity, total)));
  }

  /** Divides every score by {@code divisor}. */
  static List<float[]> divided(List<float[]> scores, double divisor) {
    for (float[] s : scores) {
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) (s[i] / divisor);
      }
    }
    return scores;
  }

  /** The sum of every score, in double. */
  static double sum(List<float[]> scores) {
    double total = 0;
    for (float[] s : scores) {
      for (float v : s) {
        total += v;
      }
    }
    return total;
  }
}
