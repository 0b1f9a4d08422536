package io.fullspectrum.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.fullspectrum.config.PagsConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.stages.AssembleSelection;
import io.fullspectrum.stages.DrawAndScore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15: masks do not travel through the DAG. Every draw is scored where it is drawn; only the draws the
 * selections take layers from are drawn again after the selection, and of those only the chosen layers leave the
 * worker, bit-packed (the baseline's masks come from its one draw), so the masks in flight do not grow with n. The
 * direct runner here keeps its immutability checks on.
 */
class MasksInFlightTest {
  private static final Set<Long> SOURCES = ConcurrentHashMap.newKeySet();

  /** Records every draw index a selection takes a layer from. */
  static final class RecordSources extends DoFn<List<Selection>, Void> {
    @ProcessElement
    public void process(@Element List<Selection> selections) {
      for (Selection s : selections) {
        for (long source : s.sourceOfLayer()) {
          SOURCES.add(source);
        }
      }
    }
  }

  private static long counter(PipelineResult result, Class<?> namespace, String name) {
    long total = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(namespace, name)).build()).getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  @ParameterizedTest
  @ValueSource(ints = {20, 60})
  void onlyTheSelectionsSourcesAreDrawnAgainWhateverTheNumberOfDraws(int n) throws IOException {
    SOURCES.clear();
    SOURCES.add(0L);
    Preset preset = Preset.load("pags", List.of("data=synthetic", "data.synthetic.size=128", "samples=" + n,
        "save.every=10", "generator=random", "sparsity=0.95", "finetune.epochs=1", "finetune.batch.size=64",
        "seed=2"), Map.of());
    PagsConfig config = PagsConfig.from(preset);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PagsPipeline.Outputs out = PagsPipeline.build(p, config, null);
    out.selections().apply(ParDo.of(new RecordSources()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long emitted = counter(result, AssembleSelection.class, "masks_redrawn");
    assertThat(counter(result, DrawAndScore.class, "draws_scored"), equalTo(n + 1L));
    // The baseline's masks come from its one draw; only the other sources are drawn again.
    assertThat(counter(result, DrawAndScore.class, "masks_kept"), equalTo(1L));
    assertThat(emitted, equalTo(SOURCES.size() - 1L));
    // Four layers and n/10 + 1 snapshots bound the sources, far below n + 1 draws.
    assertThat(emitted, lessThan(n + 1L));
    System.out.printf("n=%d: %d draws scored, %d drawn again for the selection%n", n, n + 1, emitted);
  }
}
