package io.fullspectrum.stages;

import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.graph.WeightedLayer;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.records.ScoredMaskCoder;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.Connectivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 4: every draw's full-spectrum coordinate (method §2-3), on the masked weights of the network state. Logs
 * progress: draws scored so far and the largest draw distance seen.
 */
public final class ScoreSpectrum extends PTransform<PCollection<MaskSet>, PCollection<ScoredMask>> {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreSpectrum.class);
  private final NetworkView network;
  private final long expected;
  private final boolean channels;

  /**
   * Scores each draw on {@code network}'s weights.
   *
   * @param expected draws in all, for the progress line (0: unknown)
   */
  public static ScoreSpectrum on(NetworkView network, long expected) {
    return new ScoreSpectrum(network, expected, false);
  }

  private ScoreSpectrum(NetworkView network, long expected, boolean channels) {
    this.network = network;
    this.expected = expected;
    this.channels = channels;
  }

  /** This stage also recording each draw's channel adjacency, for a guarded CompareMerge. */
  public ScoreSpectrum withChannelAdjacency(boolean record) {
    return new ScoreSpectrum(network, expected, record);
  }

  @Override
  public PCollection<ScoredMask> expand(PCollection<MaskSet> samples) {
    return samples.apply("Score", ParDo.of(new ScoreFn(network, expected, channels)).withSideInputs(network.view()))
        .setCoder(ScoredMaskCoder.of());
  }

  /** One draw's coordinate on the network's weights, its effective sparsity, and optionally channel adjacency. */
  private static int[] chw(NetworkState state) {
    return new int[] {state.channels(), state.height(), state.width()};
  }

  public static ScoredMask score(NetworkState state, MaskSet sample, boolean channels) {
    List<LayerRecord> weights = state.prunable().layers();
    List<WeightedLayer> masked = new ArrayList<>();
    List<byte[]> masks = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      LayerRecord w = weights.get(i);
      byte[] mask = sample.layers().get(i).mask();
      masked.add(WeightedLayer.view(w.name(), w.shape(), w.weights(), mask));
      masks.add(mask);
    }
    // Scored first: the scorer checks every layer's sizes and names the layer that disagrees.
    FullSpectrumCoordinate coordinate = NetworkScorer.sparse().score(masked);
    Connectivity.Measured connectivity = Connectivity.of(state.architecture(), state.classes(), chw(state)).measure(masks);
    return ScoredMask.of(sample.sampleIndex(), coordinate, sample.achievedSparsity(),
        connectivity.effective().effectiveSparsity(), channels ? connectivity.adjacency() : null);
  }

  private static final class ScoreFn extends DoFn<MaskSet, ScoredMask> {
    private static final long serialVersionUID = 1L;
    private final Counter scoredCounter = Metrics.counter(ScoreSpectrum.class, "draws_scored");
    private final NetworkView network;
    private final long expected;
    private final boolean channels;
    private final String run = UUID.randomUUID().toString();

    ScoreFn(NetworkView network, long expected, boolean channels) {
      this.network = network;
      this.expected = expected;
      this.channels = channels;
    }

    @ProcessElement
    public void process(@Element MaskSet sample, ProcessContext context) {
      ScoredMask scored = score(network.get(context), sample, channels);
      context.output(scored);
      scoredCounter.inc();
      DrawProgress.Seen seen = DrawProgress.record(run, expected, scored.meanMagnitude());
      long done = seen.done();
      if (expected > 0 && (done % 10 == 0 || done == expected)) {
        LOG.info(String.format(Locale.ROOT, "scored %d/%d draws, largest draw distance %.5f, eta %.0fs", done,
            expected, seen.largest(), seen.seconds() / done * Math.max(0, expected - done)));
      }
    }
  }
}
