package io.fullspectrum.pipelines;

import io.fullspectrum.masks.CompareMerge.Selection;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.schemas.NetworkStateCoder;
import io.fullspectrum.stages.AssembleSelection;
import io.fullspectrum.stages.Evaluate;
import io.fullspectrum.stages.FineTune;
import io.fullspectrum.stages.FineTuned;
import io.fullspectrum.stages.GenerateMasks;
import io.fullspectrum.stages.InitWeights;
import io.fullspectrum.stages.PreTrain;
import io.fullspectrum.stages.ScoreSpectrum;
import io.fullspectrum.stages.ScoredMask;
import io.fullspectrum.stages.SelectMaxDistance;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The PAGS / PEGS / PAI DAG: InitWeights → PreTrain? → GenerateMasks → ScoreSpectrum → SelectMaxDistance (+ the
 * assembly of the selected masks) → FineTune → Evaluate, with every output written to the run folder.
 */
final class PagsPipeline {
  private PagsPipeline() {}

  /** The PCollections a test or caller may assert on. */
  record Outputs(PCollection<NetworkState> network, PCollection<MaskSet> samples, PCollection<ScoredMask> scored,
      PCollection<List<Selection>> selections, PCollection<KV<Long, NetworkState>> assembled,
      PCollection<KV<String, FineTuned>> curves, PCollection<KV<String, Evaluation>> evaluations) {}

  static Outputs build(Pipeline p, PagsConfig c, String runFolder) {
    PCollection<NetworkState> network = p.apply("InitWeights", new InitWeights(c.network()))
        .apply("PreTrain", new PreTrain(c.pretrainIterations(), c.pretrain(), c.data()));
    PCollectionView<NetworkState> networkView = network.apply("NetworkView", View.asSingleton());
    PCollection<MaskSet> samples = network.apply("GenerateMasks", new GenerateMasks(c.samples(), c.sampler()));
    PCollection<ScoredMask> scored = samples.apply("ScoreSpectrum", new ScoreSpectrum(networkView, c.samples() + 1));
    PCollection<List<Selection>> selections = scored.apply("SelectMaxDistance", new SelectMaxDistance(c.saveEvery()));
    PCollectionView<List<Selection>> selectionView = selections.apply("SelectionView", View.asSingleton());
    PCollection<KV<Long, NetworkState>> assembled =
        samples.apply("AssembleSelection", new AssembleSelection(selectionView, networkView,
            c.exactBudget() ? c.sparsity() : 0));

    long last = c.samples();
    PCollection<KV<String, NetworkState>> toTune = assembled
        .apply("BaselineAndBest", Filter.by(kv -> kv.getKey() == AssembleSelection.BASELINE
            || (kv.getKey() == last && last > 0)))
        .apply("Label", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                org.apache.beam.sdk.values.TypeDescriptor.of(NetworkState.class)))
            .via(kv -> KV.of(kv.getKey() == AssembleSelection.BASELINE ? "baseline" : "selected", kv.getValue())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), NetworkStateCoder.of()));
    PCollectionTuple tuned = toTune.apply("FineTune", new FineTune(c.finetune(), c.data()));
    PCollection<KV<String, Evaluation>> evaluations = tuned.get(FineTune.TRAINED).apply("Evaluate",
        new Evaluate(c.data()));

    if (runFolder != null) {
      RunOutputs.attach(runFolder, c.samples(), scored, assembled, tuned.get(FineTune.CURVES), evaluations,
          tuned.get(FineTune.TRAINED));
    }
    return new Outputs(network, samples, scored, selections, assembled, tuned.get(FineTune.CURVES), evaluations);
  }
}
