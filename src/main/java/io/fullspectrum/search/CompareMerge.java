package io.fullspectrum.search;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PAGS' CompareMerge (method §6, Algorithm 1): starting from the baseline draw (sample 0), for each later draw in
 * sample-index order, layer {@code j} of the draw replaces the best's layer {@code j} iff its {@code dr_imdb} and its
 * magnitude are both not smaller. The fold is sequential, so a distributed run collects the (small) per-layer scores
 * and folds them here in index order: the result is the same whatever order the runner delivered the samples in.
 */
public final class CompareMerge {
  private CompareMerge() {}

  /**
   * The per-layer scores of one draw that CompareMerge looks at.
   *
   * @param channels each layer's channel adjacency ({@link Connectivity#channelAdjacency}) when the merge is
   *     guarded, else null
   */
  public record LayerScores(double[] drImdb, double[] magnitude, List<long[]> channels) implements Serializable {
    public LayerScores(double[] drImdb, double[] magnitude) {
      this(drImdb, magnitude, null);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LayerScores s && Arrays.equals(s.drImdb, drImdb) && Arrays.equals(s.magnitude, magnitude)
          && (s.channels == null ? channels == null : channels != null && s.channels.size() == channels.size()
              && java.util.stream.IntStream.range(0, channels.size())
                  .allMatch(i -> Arrays.equals(s.channels.get(i), channels.get(i))));
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(drImdb) * 31 + Arrays.hashCode(magnitude);
    }

    @Override
    public String toString() {
      return "LayerScores{drImdb=" + Arrays.toString(drImdb) + ", m=" + Arrays.toString(magnitude) + "}";
    }
  }

  /** Which draw each layer of the best mask comes from, after {@code samples} draws, and the best's distance. */
  public record Selection(long samples, long[] sourceOfLayer, double meanMagnitude) implements Serializable {
    @Override
    public boolean equals(Object o) {
      return o instanceof Selection s && s.samples == samples && Arrays.equals(s.sourceOfLayer, sourceOfLayer)
          && Double.compare(s.meanMagnitude, meanMagnitude) == 0;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(samples) * 31 + Arrays.hashCode(sourceOfLayer);
    }

    @Override
    public String toString() {
      return "Selection{samples=" + samples + ", layers from " + Arrays.toString(sourceOfLayer) + ", mean m="
          + meanMagnitude + "}";
    }
  }

  /**
   * Folds draws {@code 0..n} in index order.
   *
   * @param scores by sample index; index 0 (the baseline) must be present
   * @param every a snapshot of the best is taken after every {@code every} draws (Algorithm 1's save interval)
   *     and after the last
   * @return the snapshots in index order, the last being the final selection
   */
  public static List<Selection> fold(Map<Long, LayerScores> scores, long every) {
    return fold(scores, every, null);
  }

  /**
   * Folds draws {@code 0..n} in index order; with a {@code guard} ({@code merge.guard=connected}, beyond the
   * authors), a layer swap that would leave no path from input to output is refused.
   *
   * @param guard the network's connectivity, or null for the authors' unguarded merge; when given, every draw's
   *     scores must carry channel adjacencies
   */
  public static List<Selection> fold(Map<Long, LayerScores> scores, long every, Connectivity guard) {
    if (every < 1) {
      throw new IllegalArgumentException("save interval i=" + every + " must be at least 1");
    }
    TreeMap<Long, LayerScores> ordered = new TreeMap<>(scores);
    if (ordered.isEmpty() || ordered.firstKey() != 0) {
      throw new IllegalArgumentException("CompareMerge needs the baseline draw (sample 0)");
    }
    LayerScores first = ordered.firstEntry().getValue();
    int layers = first.drImdb().length;
    double[] bestDr = first.drImdb().clone();
    double[] bestM = first.magnitude().clone();
    long[] source = new long[layers];
    List<long[]> channels = null;
    if (guard != null) {
      if (first.channels() == null) {
        throw new IllegalArgumentException("a guarded CompareMerge needs each draw's channel adjacency");
      }
      channels = new ArrayList<>(first.channels());
    }
    List<Selection> snapshots = new ArrayList<>();
    long last = ordered.lastKey();
    for (Map.Entry<Long, LayerScores> e : ordered.tailMap(0L, false).entrySet()) {
      long index = e.getKey();
      LayerScores s = e.getValue();
      for (int j = 0; j < layers; j++) {
        if (s.drImdb()[j] >= bestDr[j] && s.magnitude()[j] >= bestM[j]) {
          if (channels != null) {
            long[] before = channels.get(j);
            channels.set(j, s.channels().get(j));
            if (!guard.connected(channels)) {
              channels.set(j, before);
              continue;
            }
          }
          bestDr[j] = s.drImdb()[j];
          bestM[j] = s.magnitude()[j];
          source[j] = index;
        }
      }
      if (index % every == 0 && index != last) {
        snapshots.add(new Selection(index, source.clone(), mean(bestM)));
      }
    }
    snapshots.add(new Selection(last, source.clone(), mean(bestM)));
    return snapshots;
  }

  /**
   * The snapshots a save interval {@code every} keeps, taken from a fold with interval 1 (one selection a draw):
   * equal to {@code fold(scores, every, guard)}, so one fold yields both the saved selections and the running best
   * of every draw (distance.csv).
   */
  public static List<Selection> snapshotsOf(List<Selection> everyDraw, long every) {
    if (every < 1) {
      throw new IllegalArgumentException("save interval i=" + every + " must be at least 1");
    }
    List<Selection> out = new ArrayList<>();
    for (int k = 0; k < everyDraw.size(); k++) {
      Selection s = everyDraw.get(k);
      if (s.samples() % every == 0 || k == everyDraw.size() - 1) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The same scores with the channel adjacency of every layer that can never enter the best dropped: the best's
   * per-layer {@code (dr_imdb, m)} only grow from the baseline's, so a layer that does not reach both of the
   * baseline's is never swapped in and the guard never looks at its channels. Lets a guarded merge hold the
   * adjacency of few layers, not of every draw (ResNet-18: 175 KB a draw).
   */
  public static LayerScores withoutUnreachableChannels(LayerScores s, LayerScores baseline) {
    if (s.channels() == null || s == baseline) {
      return s;
    }
    List<long[]> kept = new ArrayList<>(s.channels().size());
    boolean dropped = false;
    for (int j = 0; j < s.channels().size(); j++) {
      boolean reachable = s.drImdb()[j] >= baseline.drImdb()[j] && s.magnitude()[j] >= baseline.magnitude()[j];
      kept.add(reachable ? s.channels().get(j) : null);
      dropped |= !reachable && s.channels().get(j) != null;
    }
    return dropped ? new LayerScores(s.drImdb(), s.magnitude(), kept) : s;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }
}
