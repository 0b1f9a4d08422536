package io.fullspectrum.stages;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.NetworkSpec;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.CompareMerge;
import io.fullspectrum.search.MaskSampler;
import io.fullspectrum.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each stage on a tiny synthetic configuration, asserted against the domain code run directly. */
@ExtendWith(TestPipelineExtension.class)
class StagesTest {
  static final NetworkSpec NET = new NetworkSpec("fmnist-cnn", 10, 1, 28, 28, 3);
  static final DataSpec DATA = new DataSpec("synthetic", "", 256);
  static final MaskSampler SAMPLER = new MaskSampler("snip", 0.95, 7, DATA, 2, 16);
  static final int N = 4;

  private static NetworkState initial() {
    return NetworkSession.initial(NET.architecture(), NET.classes(), NET.channels(), NET.height(), NET.width(),
        NET.seed());
  }

  private static List<MaskSet> directDraws(NetworkState state) {
    List<MaskSet> out = new ArrayList<>();
    try (NetworkSession session = NetworkSession.open(state)) {
      for (long i = 0; i <= N; i++) {
        out.add(SAMPLER.draw(session, i));
      }
    }
    return out;
  }

  private static ScoredMask directScore(NetworkState state, MaskSet draw) {
    List<LayerRecord> masked = new ArrayList<>();
    List<byte[]> masks = new ArrayList<>();
    for (int l = 0; l < draw.layers().size(); l++) {
      masked.add(state.prunable().layers().get(l).withMask(draw.layers().get(l).mask()));
      masks.add(draw.layers().get(l).mask());
    }
    double effective = io.fullspectrum.search.Connectivity.of(state.architecture(), state.classes()).effective(masks)
        .effectiveSparsity();
    return ScoredMask.of(draw.sampleIndex(), NetworkScorer.sparse().score(masked), draw.achievedSparsity(),
        effective, null);
  }

  @Test
  void initWeightsGivesTheSpecInitialisation(TestPipeline p) {
    PAssert.thatSingleton(p.apply(InitWeights.of(NET))).isEqualTo(initial());
    p.run().waitUntilFinish();
  }

  @Test
  void preTrainMovesTheDenseWeights(TestPipeline p) {
    NetworkState init = initial();
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, 16, 1, List.of(), 1f, 1);
    PCollection<NetworkState> trained = p.apply(InitWeights.of(NET)).apply(PreTrain.of(5, recipe, DATA));
    PAssert.thatSingleton(trained).satisfies(state -> {
      for (int l = 0; l < state.prunable().layers().size(); l++) {
        assertThat(state.prunable().layers().get(l).weights(),
            not(equalTo(init.prunable().layers().get(l).weights())));
        assertThat(state.prunable().layers().get(l).kept(), equalTo((long) state.prunable().layers().get(l).numel()));
      }
      assertThat(state.others(), not(equalTo(init.others())));
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void generateMasksDrawsBaselinePlusNMasksExactlyAsTheSamplerDoes(TestPipeline p) {
    List<MaskSet> expected = directDraws(initial());
    PAssert.that(p.apply(InitWeights.of(NET)).apply(GenerateMasks.draws(N, SAMPLER))).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void scoreSpectrumScoresEachDrawOnTheMaskedWeights(TestPipeline p) {
    NetworkState init = initial();
    List<MaskSet> draws = directDraws(init);
    List<ScoredMask> expected = new ArrayList<>();
    for (MaskSet d : draws) {
      expected.add(directScore(init, d));
    }
    PCollection<NetworkState> network = p.apply(InitWeights.of(NET));
    NetworkView view = NetworkView.of(network);
    PCollection<ScoredMask> scored = network.apply(GenerateMasks.draws(N, SAMPLER)).apply(ScoreSpectrum.on(view, 0));
    PAssert.that(scored).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void drawAndScoreGivesWhatDrawingThenScoringGivesWithoutEmittingAMask(TestPipeline p) {
    NetworkState init = initial();
    List<ScoredMask> expected = new ArrayList<>();
    List<Long> indices = new ArrayList<>();
    for (MaskSet d : directDraws(init)) {
      expected.add(directScore(init, d));
      indices.add(d.sampleIndex());
    }
    PAssert.that(p.apply(InitWeights.of(NET)).apply(DrawAndScore.indices(indices, SAMPLER))
        .get(DrawAndScore.SCORED))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void selectMaxDistanceIsTheSequentialCompareMerge(TestPipeline p) {
    NetworkState init = initial();
    Map<Long, CompareMerge.LayerScores> byIndex = new HashMap<>();
    List<ScoredMask> scored = new ArrayList<>();
    for (MaskSet d : directDraws(init)) {
      ScoredMask s = directScore(init, d);
      scored.add(s);
      byIndex.put(s.sampleIndex(), s.compareMergeScores());
    }
    List<CompareMerge.Selection> expected = CompareMerge.fold(byIndex, 2);
    PCollection<List<CompareMerge.Selection>> selection = p.apply(Create.of(scored)
            .withCoder(org.apache.beam.sdk.coders.SerializableCoder.of(ScoredMask.class)))
        .apply(SelectMaxDistance.every(2));
    PAssert.thatSingleton(selection).isEqualTo(new ArrayList<>(expected));
    p.run().waitUntilFinish();
  }

  @Test
  void fineTuneKeepsPrunedWeightsZeroAndEvaluateReportsAccuracy(TestPipeline p) {
    NetworkState init = initial();
    MaskSet draw = directDraws(init).get(1);
    List<LayerRecord> masked = new ArrayList<>();
    for (int l = 0; l < draw.layers().size(); l++) {
      masked.add(init.prunable().layers().get(l).withMask(draw.layers().get(l).mask()));
    }
    NetworkState sparse = init.withPrunable(MaskSet.of("snip", 7, 0.95, 1, masked));
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, 32, 1, List.of(), 1f, 1);
    PCollectionTuple tuned = p.apply(Create.of(KV.of("m", sparse))
            .withCoder(KvCoder.of(StringUtf8Coder.of(), NetworkStateCoder.of())))
        .apply(FineTune.of(recipe, DATA));
    PAssert.thatSingleton(tuned.get(FineTune.TRAINED)).satisfies(kv -> {
      for (LayerRecord r : kv.getValue().prunable().layers()) {
        for (int i = 0; i < r.numel(); i++) {
          if (r.mask()[i] == 0) {
            assertThat(r.name(), Math.abs(r.weights()[i]), equalTo(0f));
          }
        }
      }
      return null;
    });
    PAssert.thatSingleton(tuned.get(FineTune.CURVES)).satisfies(kv -> {
      assertThat(kv.getValue().curve().size(), equalTo(1));
      return null;
    });
    PCollection<KV<String, Evaluation>> eval = tuned.get(FineTune.TRAINED).apply(Evaluate.on(DATA));
    PAssert.thatSingleton(eval).satisfies(kv -> {
      assertThat(kv.getValue().samples(), equalTo(64));
      assertThat(kv.getValue().accuracy() >= 0 && kv.getValue().accuracy() <= 1, equalTo(true));
      return null;
    });
    p.run().waitUntilFinish();
  }
}
