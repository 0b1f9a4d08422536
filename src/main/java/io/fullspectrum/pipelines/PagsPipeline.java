package io.fullspectrum.pipelines;

import io.fullspectrum.config.PagsConfig;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.records.FineTuned;
import io.fullspectrum.records.MaskSetCoder;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.records.ScoredMaskCoder;
import io.fullspectrum.runs.RunOutputs;
import io.fullspectrum.runs.SnapshotLabels;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.search.Connectivity;
import io.fullspectrum.stages.AssembleSelection;
import io.fullspectrum.stages.DrawAndScore;
import io.fullspectrum.stages.Evaluate;
import io.fullspectrum.stages.FineTune;
import io.fullspectrum.stages.GenerateMasks;
import io.fullspectrum.stages.InitWeights;
import io.fullspectrum.stages.NetworkView;
import io.fullspectrum.stages.PreTrain;
import io.fullspectrum.stages.ScoreSpectrum;
import io.fullspectrum.stages.SelectMaxDistance;
import io.fullspectrum.stages.WithWeights;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The PAGS / PEGS / PAI DAG: InitWeights → PreTrain? → DrawAndScore (n + 1 draw indices; index and scores leave each
 * worker, not masks) → SelectMaxDistance (CompareMerge) → AssembleSelection (the selections' source draws drawn again)
 * → WithWeights → FineTune → Evaluate, with every output written to the run folder.
 */
public final class PagsPipeline {
  private PagsPipeline() {}

  /** The PCollections a test or caller may assert on. */
  public record Outputs(PCollection<NetworkState> network, PCollection<MaskSet> samples, PCollection<ScoredMask> scored,
      PCollection<List<Selection>> selections, PCollection<KV<Long, MaskSet>> assembled,
      PCollection<KV<String, FineTuned>> curves, PCollection<KV<String, Evaluation>> evaluations) {}

  /** What a resumed run already has: the saved network (or null) and the draws it finished. */
  public record Resume(NetworkState network, List<ScoredMask> done) {}

  public static Outputs build(Pipeline p, PagsConfig c, String runFolder) {
    return build(p, c, runFolder, new Resume(null, List.of()));
  }

  public static Outputs build(Pipeline p, PagsConfig c, String runFolder, Resume resume) {
    PCollection<NetworkState> network;
    if (resume.network() != null) {
      network = p.apply("SavedNetwork", Create.of(resume.network()).withCoder(NetworkStateCoder.of()));
    } else {
      network = p.apply("InitWeights", InitWeights.of(c.network()))
          .apply("PreTrain", PreTrain.of(c.pretrainIterations(), c.pretrain(), c.data())
              .onDevice(c.device()).withCache(c.pretrainCache()));
      if (runFolder != null) {
        network.apply("SaveNetwork", ParDo.of(new RunOutputs.SaveNetworkFn(runFolder)));
      }
    }
    NetworkView networkView = NetworkView.of(network);

    Set<Long> done = new TreeSet<>();
    resume.done().forEach(s -> done.add(s.sampleIndex()));
    List<Long> todo = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    for (long i = 0; i <= c.samples(); i++) {
      all.add(i);
      if (!done.contains(i)) {
        todo.add(i);
      }
    }
    // Masks never travel: each draw leaves its worker as index + scores, and the selection's masks are drawn again.
    // The baseline's masks are kept as drawn (GraSP's baseline scores on the whole training set: never draw it twice).
    boolean baselineFresh = !done.contains(0L);
    PCollectionTuple drawn = network.apply("GenerateMasks",
        DrawAndScore.indices(todo, c.sampler()).withChannelAdjacency(c.mergeGuard()).keepingMasksOf(Set.of(0L))
            .withNetworkView(networkView));
    PCollection<ScoredMask> scoredFresh = drawn.get(DrawAndScore.SCORED);
    if (runFolder != null) {
      scoredFresh.apply("SaveDraws", ParDo.of(new RunOutputs.SaveDrawFn(runFolder)));
    }
    PCollection<ScoredMask> scored = scoredFresh;
    if (!done.isEmpty()) {
      PCollection<ScoredMask> earlier = p.apply("EarlierDraws",
          Create.of(resume.done()).withCoder(ScoredMaskCoder.of()));
      scored = PCollectionList.of(scoredFresh).and(earlier).apply("AllDraws", Flatten.pCollections());
    }
    // One CompareMerge at interval 1: the running best of every draw (distance.csv), and the saved selections.
    SelectMaxDistance select = SelectMaxDistance.every(1);
    Connectivity guard = c.mergeGuard()
        ? Connectivity.of(c.network().architecture(), c.network().classes(),
        new int[] {c.network().channels(), c.network().height(), c.network().width()}) : null;
    if (guard != null) {
      select = select.guardedBy(guard);
    }
    PCollection<List<Selection>> everyDraw = scored.apply("SelectMaxDistance", select);
    PCollection<List<Selection>> selections = everyDraw.apply("SaveEvery",
        SelectMaxDistance.snapshotsEvery(c.saveEvery()));
    PCollectionView<List<Selection>> selectionView = selections.apply("SelectionView", View.asSingleton());
    if (runFolder != null) {
      selections.apply("SaveSources", ParDo.of(new RunOutputs.WriteSourcesFn(runFolder,
          io.fullspectrum.nn.Architecture.of(c.network().architecture(), c.network().classes()).layerNames())));
    }
    if (baselineFresh) {
      all.remove(0L);
    }
    // The masks at hand: the baseline's as drawn, when drawn in this run; the other sources are drawn again.
    PCollection<MaskSet> samples = drawn.get(DrawAndScore.KEPT);
    PCollection<KV<Long, MaskSet>> assembled =
        samples.apply("AssembleSelection", AssembleSelection.of(selectionView, networkView,
            c.exactBudget() ? c.sparsity() : 0).redrawing(all, c.sampler()));

    long last = c.samples();
    boolean tuneAll = c.finetuneAll();
    PCollection<KV<String, NetworkState>> toTune = assembled
        .apply(tuneAll ? "EverySelection" : "BaselineAndBest", Filter.by(kv -> tuneAll
            || kv.getKey() == AssembleSelection.BASELINE || (kv.getKey() == last && last > 0)))
        .apply("Label", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                org.apache.beam.sdk.values.TypeDescriptor.of(MaskSet.class)))
            .via(kv -> KV.of(SnapshotLabels.of(kv.getKey(), last), kv.getValue())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MaskSetCoder.of()))
        .apply("WithWeights", WithWeights.of(networkView));
    PCollectionTuple tuned = toTune.apply("FineTune", FineTune.of(c.finetune(), c.data())
        .withCheckpoints(runFolder == null ? null : Paths.get(runFolder, "checkpoints").toString())
        .onDevice(c.device()).withValidation(c.validation()));
    PCollection<KV<String, Evaluation>> evaluations = tuned.get(FineTune.TRAINED).apply("Evaluate",
        Evaluate.on(c.data()).onDevice(c.device()));

    if (runFolder != null) {
      RunOutputs.attach(runFolder, scored, tuned.get(FineTune.CURVES), evaluations, tuned.get(FineTune.TRAINED),
          everyDraw.apply("EveryDrawView", View.asSingleton()));
      // Every snapshot as fine-tuned (budget kept or not): its mask file, and its coordinate re-scored.
      PCollection<KV<String, ScoredMask>> rescored = assembled
          .apply("SaveSnapshots", ParDo.of(new RunOutputs.SnapshotFn(runFolder, c.samples(), networkView))
              .withSideInputs(networkView.view()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), ScoredMaskCoder.of()));
      RunOutputs.gather(rescored, "Selections").apply("WriteSelections",
          ParDo.of(new RunOutputs.WriteSelectionsFn(runFolder)));
      PCollectionView<java.util.Map<String, ScoredMask>> rescoredView = rescored.apply("RescoredView",
          View.asMap());
      RunOutputs.gather(tuned.get(FineTune.CURVES), "ResultRows").apply("WriteResultsCsv",
          ParDo.of(new RunOutputs.WriteResultsCsvFn(runFolder, last, rescoredView)).withSideInputs(rescoredView));
    }
    return new Outputs(network, samples, scored, selections, assembled, tuned.get(FineTune.CURVES), evaluations);
  }
}
