package io.fullspectrum.stages;

import io.fullspectrum.records.LayerScoresCoder;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.search.CompareMerge.LayerScores;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.search.CompareMerge;
import io.fullspectrum.search.Connectivity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Stage 5: PAGS' CompareMerge as a {@code Combine}. Algorithm 1 is a sequential fold, so the accumulator keeps each
 * draw's per-layer {@code (dr_imdb, m)} by sample index (a few numbers per layer, never masks) and the fold runs in
 * sample-index order in {@code extractOutput}: the selection is identical whatever order or grouping the runner
 * delivers draws in. Output: the snapshots of the best every {@code i} draws, the last being the final selection.
 */
public final class SelectMaxDistance extends PTransform<PCollection<ScoredMask>, PCollection<List<Selection>>> {
  private final long every;
  private final Connectivity guard;

  /** CompareMerge over every scored draw, keeping a snapshot of the best every {@code every} draws. */
  public static SelectMaxDistance every(long every) {
    return new SelectMaxDistance(every, null);
  }

  private SelectMaxDistance(long every, Connectivity guard) {
    if (every < 1) {
      throw new IllegalArgumentException("save interval i=" + every + " must be at least 1");
    }
    this.every = every;
    this.guard = guard;
  }

  /**
   * This stage refusing every layer swap that would leave no path from input to output
   * ({@code merge.guard=connected}); the scored draws must carry their channel adjacency.
   */
  public SelectMaxDistance guardedBy(Connectivity connectivity) {
    return new SelectMaxDistance(every, connectivity);
  }

  /**
   * Keeps the snapshots of every {@code every} draws (and the last) from this stage's output at interval 1: one
   * CompareMerge gives both the per-draw running best and the saved selections.
   */
  public static PTransform<PCollection<List<Selection>>, PCollection<List<Selection>>> snapshotsEvery(long every) {
    return new PTransform<>() {
      @Override
      public PCollection<List<Selection>> expand(PCollection<List<Selection>> everyDraw) {
        return everyDraw.apply("Every" + every, org.apache.beam.sdk.transforms.MapElements
            .into(new org.apache.beam.sdk.values.TypeDescriptor<List<Selection>>() {})
            .via((List<Selection> t) -> (List<Selection>) new ArrayList<>(CompareMerge.snapshotsOf(t, every))))
            .setCoder(everyDraw.getCoder());
      }
    };
  }

  @Override
  public PCollection<List<Selection>> expand(PCollection<ScoredMask> scored) {
    return scored.apply("CompareMerge", Combine.globally(new CompareMergeFn(every, guard)).withoutDefaults());
  }

  /** The order-independent CombineFn; public for the property tests. */
  public static final class CompareMergeFn
      extends Combine.CombineFn<ScoredMask, Map<Long, LayerScores>, List<Selection>> {
    private static final long serialVersionUID = 1L;
    private final long every;
    private final Connectivity guard;

    public CompareMergeFn(long every) {
      this(every, null);
    }

    public CompareMergeFn(long every, Connectivity guard) {
      this.every = every;
      this.guard = guard;
    }

    @Override
    public Map<Long, LayerScores> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<Long, LayerScores> addInput(Map<Long, LayerScores> acc, ScoredMask input) {
      acc.put(input.sampleIndex(), input.compareMergeScores());
      return input.sampleIndex() == 0 ? pruned(acc) : pruneOne(acc, input.sampleIndex());
    }

    @Override
    public Map<Long, LayerScores> mergeAccumulators(Iterable<Map<Long, LayerScores>> accumulators) {
      Map<Long, LayerScores> merged = new HashMap<>();
      for (Map<Long, LayerScores> a : accumulators) {
        merged.putAll(a);
      }
      return pruned(merged);
    }

    /** Drops the channel adjacency of layers that can never be merged in, once the baseline is known. */
    private static Map<Long, LayerScores> pruned(Map<Long, LayerScores> acc) {
      LayerScores baseline = acc.get(0L);
      if (baseline != null && baseline.channels() != null) {
        acc.replaceAll((k, s) -> CompareMerge.withoutUnreachableChannels(s, baseline));
      }
      return acc;
    }

    private static Map<Long, LayerScores> pruneOne(Map<Long, LayerScores> acc, long index) {
      LayerScores baseline = acc.get(0L);
      if (baseline != null && baseline.channels() != null) {
        acc.put(index, CompareMerge.withoutUnreachableChannels(acc.get(index), baseline));
      }
      return acc;
    }

    @Override
    public List<Selection> extractOutput(Map<Long, LayerScores> acc) {
      return new ArrayList<>(CompareMerge.fold(acc, every, guard));
    }

    /** Draw index to its per-layer scores: typed, so a runner (Flink) can tell what it holds. */
    @Override
    public Coder<Map<Long, LayerScores>> getAccumulatorCoder(CoderRegistry registry, Coder<ScoredMask> input) {
      return MapCoder.of(VarLongCoder.of(), LayerScoresCoder.of());
    }

    @Override
    public Coder<List<Selection>> getDefaultOutputCoder(CoderRegistry registry, Coder<ScoredMask> input) {
      return ListCoder.of(SerializableCoder.of(Selection.class));
    }
  }
}
