package io.fullspectrum.stages;

import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.records.ScoredMaskCoder;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.Connectivity;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The full-spectrum coordinate (method §2-3) of labelled networks, each on its own masked weights (unlike
 * {@link ScoreSpectrum}, whose draws share one network's weights).
 */
public final class ScoreNetworks
    extends PTransform<PCollection<KV<String, NetworkState>>, PCollection<KV<String, ScoredMask>>> {
  private ScoreNetworks() {}

  public static ScoreNetworks create() {
    return new ScoreNetworks();
  }

  @Override
  public PCollection<KV<String, ScoredMask>> expand(PCollection<KV<String, NetworkState>> input) {
    return input.apply("Score", ParDo.of(new ScoreFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ScoredMaskCoder.of()));
  }

  private static final class ScoreFn extends DoFn<KV<String, NetworkState>, KV<String, ScoredMask>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<String, NetworkState> e, OutputReceiver<KV<String, ScoredMask>> out) {
      out.output(KV.of(e.getKey(), score(e.getValue())));
    }
  }

  /** One network's coordinate on its own masked weights, with its achieved and effective sparsity. */
  public static ScoredMask score(NetworkState s) {
    List<byte[]> masks = new ArrayList<>();
    s.prunable().layers().forEach(r -> masks.add(r.mask()));
    double effective = Connectivity.of(s.architecture(), s.classes(), new int[] {s.channels(), s.height(), s.width()}).effective(masks).effectiveSparsity();
    return ScoredMask.of(s.prunable().sampleIndex(), NetworkScorer.sparse().score(s.prunable().layers()),
        s.prunable().achievedSparsity(), effective, null);
  }
}
