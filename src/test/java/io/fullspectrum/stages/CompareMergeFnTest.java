package io.fullspectrum.stages;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.search.CompareMerge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CompareMerge as a CombineFn gives the sequential Algorithm 1 whatever the order and grouping of its inputs. */
class CompareMergeFnTest {

  private static List<ScoredMask> draws(int n, int layers, long seed) {
    Random random = new Random(seed);
    List<ScoredMask> out = new ArrayList<>();
    for (long i = 0; i <= n; i++) {
      double[][] rows = new double[layers][];
      for (int l = 0; l < layers; l++) {
        // Coarse values so that ties (>=) really happen.
        double dr = random.nextInt(5) / 4.0;
        double m = random.nextInt(5) / 4.0;
        rows[l] = new double[] {0, dr, 0, 0, m};
      }
      List<String> names = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        names.add("l" + l);
      }
      out.add(new ScoredMask(i, names, rows, 0.9));
    }
    return out;
  }

  /** Algorithm 1 written out directly: the reference. */
  private static long[] sequential(List<ScoredMask> draws) {
    int layers = draws.get(0).rows().length;
    long[] source = new long[layers];
    double[] bestDr = new double[layers];
    double[] bestM = new double[layers];
    for (int l = 0; l < layers; l++) {
      bestDr[l] = draws.get(0).rows()[l][1];
      bestM[l] = draws.get(0).rows()[l][4];
    }
    for (ScoredMask d : draws.subList(1, draws.size())) {
      for (int l = 0; l < layers; l++) {
        if (d.rows()[l][1] >= bestDr[l] && d.rows()[l][4] >= bestM[l]) {
          bestDr[l] = d.rows()[l][1];
          bestM[l] = d.rows()[l][4];
          source[l] = d.sampleIndex();
        }
      }
    }
    return source;
  }

  @Test
  void shuffledAndRegroupedInputsGiveTheSequentialSelection() {
    SelectMaxDistance.CompareMergeFn fn = new SelectMaxDistance.CompareMergeFn(7);
    for (long seed = 0; seed < 25; seed++) {
      List<ScoredMask> draws = draws(60, 5, seed);
      long[] expected = sequential(draws);
      List<ScoredMask> shuffled = new ArrayList<>(draws);
      Collections.shuffle(shuffled, new Random(seed + 100));
      Random split = new Random(seed + 200);
      List<Map<Long, CompareMerge.LayerScores>> parts = new ArrayList<>();
      Map<Long, CompareMerge.LayerScores> acc = fn.createAccumulator();
      for (ScoredMask d : shuffled) {
        acc = fn.addInput(acc, d);
        if (split.nextInt(6) == 0) {
          parts.add(acc);
          acc = fn.createAccumulator();
        }
      }
      parts.add(acc);
      Collections.shuffle(parts, new Random(seed + 300));
      List<Selection> result = fn.extractOutput(fn.mergeAccumulators(parts));
      Selection last = result.get(result.size() - 1);
      assertThat("seed " + seed, last.sourceOfLayer(), equalTo(expected));
      assertThat(last.samples(), equalTo(60L));
    }
  }

  @Test
  void snapshotsComeEveryIDrawsAndAtTheEnd() {
    Map<Long, CompareMerge.LayerScores> scores = new HashMap<>();
    for (ScoredMask d : draws(23, 3, 1)) {
      scores.put(d.sampleIndex(), d.compareMergeScores());
    }
    List<Long> at = new ArrayList<>();
    for (Selection s : CompareMerge.fold(scores, 10)) {
      at.add(s.samples());
    }
    assertThat(at, equalTo(List.of(10L, 20L, 23L)));
  }

  @Test
  void aLayerIsReplacedOnlyWhenBothScoresAreNotSmaller() {
    Map<Long, CompareMerge.LayerScores> scores = new HashMap<>();
    scores.put(0L, new CompareMerge.LayerScores(new double[] {1, 1, 1}, new double[] {1, 1, 1}));
    scores.put(1L, new CompareMerge.LayerScores(new double[] {2, 2, 1}, new double[] {0.5, 2, 1}));
    List<Selection> s = CompareMerge.fold(scores, 100);
    assertThat(s.get(s.size() - 1).sourceOfLayer(), equalTo(new long[] {0, 1, 1}));
  }

  @Test
  void theSnapshotsOfAFoldAtEveryDrawAreTheFoldAtTheSaveInterval() {
    for (long seed = 0; seed < 10; seed++) {
      Map<Long, CompareMerge.LayerScores> scores = new HashMap<>();
      for (ScoredMask d : draws(57, 4, seed)) {
        scores.put(d.sampleIndex(), d.compareMergeScores());
      }
      List<Selection> everyDraw = CompareMerge.fold(scores, 1);
      for (long every : new long[] {1, 2, 7, 19, 57, 100}) {
        assertThat("seed " + seed + ", i=" + every, CompareMerge.snapshotsOf(everyDraw, every),
            equalTo(CompareMerge.fold(scores, every)));
      }
    }
  }

  private static List<byte[]> randomMasks(io.fullspectrum.nn.Architecture arch, double density, Random random) {
    List<byte[]> masks = new ArrayList<>();
    for (String name : arch.layerNames()) {
      byte[] m = new byte[java.util.Arrays.stream(arch.shape(name)).reduce(1, (a, b) -> a * b)];
      // One layer in five keeps nothing: swapping it in would cut every path.
      double d = random.nextInt(5) == 0 ? 0 : density;
      for (int i = 0; i < m.length; i++) {
        m[i] = (byte) (random.nextDouble() < d ? 1 : 0);
      }
      masks.add(m);
    }
    return masks;
  }

  @Test
  void aGuardedCombineKeepsOnlyTheChannelsOfLayersThatCanEnterTheBestAndSelectsAsTheFullFold() {
    io.fullspectrum.nn.Architecture arch = io.fullspectrum.nn.Architecture.of("fmnist-cnn", 10);
    io.fullspectrum.search.Connectivity guard = io.fullspectrum.search.Connectivity.of("fmnist-cnn", 10);
    SelectMaxDistance.CompareMergeFn fn = new SelectMaxDistance.CompareMergeFn(5, guard);
    Random random = new Random(3);
    List<ScoredMask> draws = new ArrayList<>();
    for (ScoredMask d : draws(40, 4, 3)) {
      List<long[]> channels = guard.channelAdjacency(d.sampleIndex() == 0 ? randomMasks(arch, 0.05, new Random(0))
          : randomMasks(arch, 0.05, random));
      draws.add(new ScoredMask(d.sampleIndex(), d.layers(), d.rows(), 0.99, Double.NaN, channels));
    }
    Map<Long, CompareMerge.LayerScores> full = new HashMap<>();
    draws.forEach(d -> full.put(d.sampleIndex(), d.compareMergeScores()));
    List<ScoredMask> shuffled = new ArrayList<>(draws);
    Collections.shuffle(shuffled, new Random(4));
    Map<Long, CompareMerge.LayerScores> acc = fn.createAccumulator();
    Map<Long, CompareMerge.LayerScores> other = fn.createAccumulator();
    for (int k = 0; k < shuffled.size(); k++) {
      if (k % 3 == 0) {
        other = fn.addInput(other, shuffled.get(k));
      } else {
        acc = fn.addInput(acc, shuffled.get(k));
      }
    }
    Map<Long, CompareMerge.LayerScores> merged = fn.mergeAccumulators(List.of(acc, other));
    List<Selection> unguarded = CompareMerge.fold(full, 5);
    List<Selection> expected = CompareMerge.fold(full, 5, guard);
    assertThat("the guard refused some swap in this case", expected, org.hamcrest.Matchers.not(equalTo(unguarded)));
    assertThat(fn.extractOutput(merged), equalTo(expected));
    CompareMerge.LayerScores base = full.get(0L);
    long held = 0;
    long reachable = 0;
    for (Map.Entry<Long, CompareMerge.LayerScores> e : merged.entrySet()) {
      for (int j = 0; j < 4; j++) {
        held += e.getValue().channels().get(j) == null ? 0 : 1;
        CompareMerge.LayerScores s = full.get(e.getKey());
        reachable += e.getKey() == 0 || s.drImdb()[j] >= base.drImdb()[j] && s.magnitude()[j] >= base.magnitude()[j]
            ? 1 : 0;
      }
    }
    assertThat(held, equalTo(reachable));
    assertThat("fewer than all " + 41 * 4 + " layers' channels held", held < 41 * 4, equalTo(true));
  }
}
