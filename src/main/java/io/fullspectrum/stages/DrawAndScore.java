package io.fullspectrum.stages;

import io.fullspectrum.nn.GpuAssignment;
import io.fullspectrum.records.MaskSetCoder;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.records.ScoredMaskCoder;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages 3 and 4 fused for the paper's scale: each worker draws mask {@code i} and scores it at once, and only the
 * draw's index and per-layer scores ({@link ScoredMask}, a few hundred bytes) leave the worker. The mask itself
 * never enters the DAG: draws are deterministic per index, so the few a selection needs are drawn again after it
 * ({@link AssembleSelection#redrawing}). Memory does not grow with the number of draws, and scoring starts with
 * the first draw. Progress goes to Beam {@link Metrics} ({@code draws_scored}) and to the log.
 *
 * <p>Outputs: {@link #SCORED}, every draw's scores; {@link #KEPT}, the masks (without weights) of the few draws
 * named by {@link #keepingMasksOf}, typically the baseline (draw 0), which a selection always needs and which is
 * the one expensive draw to repeat (GraSP's baseline scores on the whole training set).
 */
public final class DrawAndScore extends PTransform<PCollection<NetworkState>, PCollectionTuple> {
  public static final TupleTag<ScoredMask> SCORED = new TupleTag<>() {};
  public static final TupleTag<MaskSet> KEPT = new TupleTag<>() {};
  private static final Logger LOG = LoggerFactory.getLogger(DrawAndScore.class);
  private final List<Long> indices;
  private final MaskSampler sampler;
  private final boolean channels;
  private final Set<Long> keep;
  private final NetworkView shared;

  /**
   * This stage reading the network through a view the pipeline already has (one broadcast of the network for
   * every stage that needs it, not one per stage); the view must be of this stage's input.
   */
  public DrawAndScore withNetworkView(NetworkView view) {
    return new DrawAndScore(indices, sampler, channels, keep, view);
  }

  private DrawAndScore(List<Long> indices, MaskSampler sampler, boolean channels, Set<Long> keep,
      NetworkView shared) {
    this.shared = shared;
    this.indices = List.copyOf(indices);
    this.sampler = sampler;
    this.channels = channels;
    this.keep = Set.copyOf(keep);
  }

  /** Draws and scores exactly these indices (draw 0 is the generator's baseline). */
  public static DrawAndScore indices(List<Long> indices, MaskSampler sampler) {
    return new DrawAndScore(indices, sampler, false, Set.of(), null);
  }

  /** This stage also recording each draw's channel adjacency, for a guarded CompareMerge. */
  public DrawAndScore withChannelAdjacency(boolean record) {
    return new DrawAndScore(indices, sampler, record, keep, shared);
  }

  /** This stage also emitting the masks of these draws (when drawn here) on {@link #KEPT}. */
  public DrawAndScore keepingMasksOf(Set<Long> draws) {
    return new DrawAndScore(indices, sampler, channels, draws, shared);
  }

  @Override
  public PCollectionTuple expand(PCollection<NetworkState> network) {
    NetworkView view = shared != null ? shared : NetworkView.of(network);
    PCollectionTuple out = network.getPipeline()
        .apply("Indices", Create.of(indices).withCoder(VarLongCoder.of()))
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("DrawAndScore", ParDo.of(new DrawScoreFn(sampler, view, channels, indices.size(), keep))
            .withSideInputs(view.view()).withOutputTags(SCORED, TupleTagList.of(KEPT)));
    out.get(SCORED).setCoder(ScoredMaskCoder.of());
    out.get(KEPT).setCoder(MaskSetCoder.of());
    return out;
  }

  /** The same draw's masks without the network's weights. */
  static MaskSet masksOnly(MaskSet draw) {
    List<LayerRecord> layers = new ArrayList<>();
    for (LayerRecord r : draw.layers()) {
      layers.add(LayerRecord.of(r.name(), r.shape(), null, r.mask()));
    }
    return MaskSet.of(draw.generator(), draw.seed(), draw.sparsity(), draw.sampleIndex(), layers);
  }

  private static final class DrawScoreFn extends DoFn<Long, ScoredMask> {
    private static final long serialVersionUID = 1L;
    private final String run = java.util.UUID.randomUUID().toString();
    private final Counter scoredCounter = Metrics.counter(DrawAndScore.class, "draws_scored");
    private final Counter keptCounter = Metrics.counter(DrawAndScore.class, "masks_kept");
    private final Set<Long> keep;
    private final MaskSampler sampler;
    private final NetworkView view;
    private final boolean channels;
    private final long expected;
    private transient OpenNetwork network;
    /** This DoFn instance's worker number in its JVM: which GPU it draws on ({@link GpuAssignment}). */
    private transient int worker;

    DrawScoreFn(MaskSampler sampler, NetworkView view, boolean channels, long expected, Set<Long> keep) {
      this.keep = keep;
      this.sampler = sampler;
      this.view = view;
      this.channels = channels;
      this.expected = expected;
    }

    @Setup
    public void setup() {
      worker = GpuAssignment.nextWorker();
    }

    @ProcessElement
    public void process(@Element Long index, ProcessContext context) {
      NetworkState state = view.get(context);
      if (network == null) {
        network = new OpenNetwork();
      }
      long t0 = System.nanoTime();
      MaskSet draw = sampler.draw(network.on(state, sampler.deviceFor(worker)), index);
      long t1 = System.nanoTime();
      context.output(ScoreSpectrum.score(state, draw, channels));
      if (keep.contains(index)) {
        context.output(KEPT, masksOnly(draw));
        keptCounter.inc();
      }
      long t2 = System.nanoTime();
      scoredCounter.inc();
      DrawProgress.Seen seen = DrawProgress.record(run, expected, 0);
      long done = seen.done();
      if (done == 1) {
        LOG.info(String.format(Locale.ROOT, "first draw (index %d): drawn in %.3f s, scored %.3f s after it was "
            + "drawn", index, (t1 - t0) / 1e9, (t2 - t1) / 1e9));
      }
      if (done % 10 == 0 || done == expected) {
        double secs = seen.seconds();
        LOG.info(String.format(Locale.ROOT, "drew and scored %d/%d draws (%.2f draws/s), eta %.0fs", done,
            expected, done / secs, secs / done * Math.max(0, expected - done)));
      }
    }

    @Teardown
    public void teardown() {
      if (network != null) {
        network.close();
      }
    }
  }
}
