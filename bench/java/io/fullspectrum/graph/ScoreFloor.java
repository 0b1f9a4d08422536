package io.fullspectrum.graph;

import io.fullspectrum.generators.ExampleNetwork;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.schemas.LayerRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How close scoring is to what its Gram products alone cost (issue 18): scores CIFAR ResNet-18 (random masks) on
 * one thread, counts every Gram product the solver took (by the edges or by the Gram matrix), then runs exactly
 * those products again on the same operators with nothing else around them. The second time is a floor for any
 * scorer that finds the values by Lanczos at today's precision: fewer products would need looser convergence, i.e.
 * other values. It also times the first step of scoring alone, the layers' graphs made from their masks and
 * weights, which any scorer needs too. Run with {@code bench/score-floor.sh}; it lives in the graph package to
 * reach the solver's operators.
 *
 * <p>Arguments: {@code [sparsity ...]} (default 0.99 0.9), system properties {@code rounds} (default 20) and
 * {@code seconds} (warm-up, default 10).
 */
public final class ScoreFloor {
  private ScoreFloor() {}

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 20);
    int warmSeconds = Integer.getInteger("seconds", 10);
    String[] sparsities = args.length > 0 ? args : new String[] {"0.99", "0.9"};
    for (String s : sparsities) {
      double sparsity = Double.parseDouble(s);
      List<LayerRecord> network = ExampleNetwork.randomMasked(Architecture.of("resnet18", 10), sparsity, 1).layers();
      List<GramOperator> solved = new ArrayList<>();
      new NetworkScorer(new SpectralScorer(new LanczosSolver(solved::add))).score(network);
      // Counted now: replaying adds to each operator's own count.
      int[] counts = solved.stream().mapToInt(GramOperator::products).toArray();
      long products = 0;
      long byMatrix = 0;
      long edgeVisits = 0;
      long entries = 0;
      for (int c = 0; c < counts.length; c++) {
        GramOperator gram = solved.get(c);
        products += counts[c];
        if (gram.byMatrix()) {
          byMatrix += counts[c];
          entries += (long) counts[c] * gram.dim() * gram.dim();
        } else {
          edgeVisits += 2L * counts[c] * gram.edges();
        }
      }
      NetworkScorer scorer = NetworkScorer.sparse();
      warm(() -> scorer.score(network), warmSeconds);
      warm(() -> replay(solved, counts), warmSeconds);
      warm(() -> buildGraphs(network), warmSeconds);
      double[] score = new double[rounds];
      double[] replay = new double[rounds];
      double[] build = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        // Alternately, so that load from elsewhere falls on all three.
        score[r] = millis(() -> scorer.score(network));
        replay[r] = millis(() -> replay(solved, counts));
        build[r] = millis(() -> buildGraphs(network));
      }
      double scoreMs = median(score);
      double replayMs = median(replay);
      System.out.printf(Locale.ROOT,
          "sparsity %s: scoring %.1f ms/network; its %d Gram products (%d components solved; %d by the edges, %.1fM"
              + " edge visits; %d by the Gram matrix, %.1fM entries) alone %.1f ms (%.0f%%); the rest (building the"
              + " matrices included) %.1f ms, of which the layers' two graphs from their masks and weights %.1f ms%n",
          s, scoreMs, products, solved.size(), products - byMatrix, edgeVisits / 1e6, byMatrix, entries / 1e6,
          replayMs, 100 * replayMs / scoreMs, scoreMs - replayMs, median(build));
    }
  }

  /**
   * Every operator's products again, as many as the solver took, on a vector rescaled now and then (the Gram
   * matrices, where products go by them, are already made).
   */
  static double replay(List<GramOperator> solved, int[] counts) {
    double sink = 0;
    for (int c = 0; c < counts.length; c++) {
      GramOperator gram = solved.get(c);
      int count = counts[c];
      double[] x = new double[gram.dim()];
      Arrays.fill(x, 1.0 / Math.sqrt(x.length));
      for (int p = 0; p < count; p++) {
        x = gram.apply(x);
        if (p % 8 == 7) {
          double max = 0;
          for (double v : x) {
            max = Math.max(max, Math.abs(v));
          }
          for (int i = 0; i < x.length; i++) {
            x[i] /= max;
          }
        }
      }
      sink += x[0];
    }
    return sink;
  }

  /** Each layer's mask and weighted graphs, as scoring makes them first (SparseBiadjacency.ofLayer), and no more. */
  static long buildGraphs(List<LayerRecord> network) {
    long edges = 0;
    for (LayerRecord layer : network) {
      int rows = layer.shape()[0];
      edges += SparseBiadjacency.ofLayer(rows, layer.mask().length / rows, layer.weights(), layer.mask())[1].edges();
    }
    return edges;
  }

  private static void warm(Runnable work, int seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    do {
      work.run();
    } while (System.nanoTime() < end);
  }

  private static double millis(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
