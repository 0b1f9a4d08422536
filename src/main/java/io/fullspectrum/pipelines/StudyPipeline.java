package io.fullspectrum.pipelines;

import io.fullspectrum.analysis.Correlations;
import io.fullspectrum.analysis.Observation;
import io.fullspectrum.baselines.DynamicSparseTraining;
import io.fullspectrum.baselines.EarlyBirdSearch;
import io.fullspectrum.config.CommonConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.config.SamplerConfig;
import io.fullspectrum.config.StudyConfig;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.records.Ticket;
import io.fullspectrum.runs.RunOutputs;
import io.fullspectrum.schemas.JsonFiles;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import io.fullspectrum.stages.EarlyBird;
import io.fullspectrum.stages.Evaluate;
import io.fullspectrum.stages.ExploreTopology;
import io.fullspectrum.stages.FineTune;
import io.fullspectrum.stages.InitWeights;
import io.fullspectrum.stages.LotteryTicket;
import io.fullspectrum.stages.PreTrain;
import io.fullspectrum.stages.ScoreNetworks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The DAGs of the paper's other experiments: the LTH and Early-Bird baselines (InitWeights → PreTrain (rewind
 * point) → LotteryTicket | EarlyBird → FineTune → Evaluate) and the ITOP observation (InitWeights →
 * ExploreTopology → ScoreNetworks + Evaluate (or FineTune → Evaluate) → correlation analysis).
 */
public final class StudyPipeline {
  private StudyPipeline() {}

  /** Builds the {@code lth} or {@code eb} DAG writing into {@code folder}. */
  public static void baseline(Pipeline p, StudyConfig config, String folder) {
    CommonConfig c = config.common();
    long rewind = config.lth() != null ? config.lth().rewindIterations() : 0;
    PCollection<NetworkState> start = p.apply("InitWeights", InitWeights.of(c.network()))
        .apply("PreTrain", PreTrain.of((int) rewind, c.pretrain(), c.data()).onDevice(c.device()));
    PCollection<Ticket> ticket;
    if (config.lth() != null) {
      ticket = start.apply("LotteryTicket", LotteryTicket.of(c.sparsity(), config.lth().rate(),
          config.lth().roundIterations(), rewind, c.pretrain(), c.data())
          .withCheckpoints(Paths.get(folder, "checkpoints").toString()).onDevice(c.device()));
    } else {
      StudyConfig.EarlyBird eb = config.eb();
      ticket = start.apply("EarlyBird", EarlyBird.of(new EarlyBirdSearch(c.sparsity(), eb.checkEvery(),
          eb.maxIterations(), eb.window(), eb.threshold(), c.pretrain(), c.device()), c.pretrain(), c.data()));
    }
    ticket.apply("WriteTicket", ParDo.of(new WriteTicketFn(folder)));
    PCollection<KV<String, NetworkState>> labelled = ticket
        .apply("Label", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
            TypeDescriptor.of(NetworkState.class))).via(t -> KV.of(t.method(), t.state())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), NetworkStateCoder.of()));
    PCollectionTuple tuned = labelled.apply("FineTune", FineTune.of(c.finetune(), c.data())
        .withCheckpoints(Paths.get(folder, "checkpoints").toString()).onDevice(c.device())
        .withValidation(c.validation()));
    PCollection<KV<String, Evaluation>> evaluations = tuned.get(FineTune.TRAINED).apply("Evaluate",
        Evaluate.on(c.data()).onDevice(c.device()));
    writeTraining(folder, tuned, evaluations);
  }

  /** Builds the {@code itop} DAG writing into {@code folder}. */
  public static void itop(Pipeline p, Preset preset, StudyConfig config, String folder) {
    CommonConfig c = config.common();
    StudyConfig.Itop itop = config.itop();
    DynamicSparseTraining dst = new DynamicSparseTraining(itop.updateEvery(), itop.iterations(), itop.deathRate(),
        c.pretrain(), c.device());
    MaskSampler initial = SamplerConfig.from(preset, itop.generator(), c.sparsity(), c.seed(), c.data());
    PCollection<KV<String, NetworkState>> snapshots = p.apply("InitWeights", InitWeights.of(c.network()))
        .apply("ExploreTopology", ExploreTopology.of(dst, initial, c.pretrain(), c.data()));
    snapshots.apply("WriteSnapshots", ParDo.of(RunOutputs.WriteNetworksFn.snapshots(folder)));
    PCollection<KV<String, ScoredMask>> scores = snapshots.apply("ScoreSnapshots", ScoreNetworks.create());
    PCollection<KV<String, Evaluation>> evaluations;
    if (itop.finetuneSnapshots()) {
      PCollectionTuple tuned = snapshots.apply("FineTune", FineTune.of(c.finetune(), c.data())
          .withCheckpoints(Paths.get(folder, "checkpoints").toString()).onDevice(c.device())
          .withValidation(c.validation()));
      evaluations = tuned.get(FineTune.TRAINED).apply("Evaluate", Evaluate.on(c.data()).onDevice(c.device()));
      writeTraining(folder, tuned, evaluations);
    } else {
      evaluations = snapshots.apply("Evaluate", Evaluate.on(c.data()).onDevice(c.device()));
      RunOutputs.gather(evaluations, "Evaluations")
          .apply("WriteResults", ParDo.of(new RunOutputs.WriteResultsFn(folder)));
    }
    TupleTag<ScoredMask> scoreTag = new TupleTag<>();
    TupleTag<Evaluation> evalTag = new TupleTag<>();
    PCollection<Observation> points = KeyedPCollectionTuple.of(scoreTag, scores).and(evalTag, evaluations)
        .apply("Join", CoGroupByKey.create())
        .apply("Observe", ParDo.of(new ObserveFn(scoreTag, evalTag)))
        .setCoder(org.apache.beam.sdk.coders.SerializableCoder.of(Observation.class));
    RunOutputs.gather(points, "Points").apply("Analyse", ParDo.of(new AnalyseFn(folder)));
  }

  private static void writeTraining(String folder, PCollectionTuple tuned,
      PCollection<KV<String, Evaluation>> evaluations) {
    RunOutputs.gather(tuned.get(FineTune.CURVES), "Curves")
        .apply("WriteCurves", ParDo.of(new RunOutputs.WriteCurvesFn(folder)));
    RunOutputs.gather(tuned.get(FineTune.CURVES), "ResultRows")
        .apply("WriteResultsCsv", ParDo.of(new RunOutputs.WriteResultsCsvFn(folder)));
    RunOutputs.gather(evaluations, "Evaluations")
        .apply("WriteResults", ParDo.of(new RunOutputs.WriteResultsFn(folder)));
    tuned.get(FineTune.TRAINED).apply("WriteTrained", ParDo.of(RunOutputs.WriteNetworksFn.trained(folder)));
  }

  /** Writes a baseline's mask, its search history and its cost ({@code search.json}). */
  static final class WriteTicketFn extends DoFn<Ticket, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;

    WriteTicketFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element Ticket t) throws IOException {
      MaskSetArrow.writeFile(t.state().prunable(), Paths.get(folder, "masks", t.method() + ".arrow"));
      RunOutputs.writeAtomically(Paths.get(folder, "search.csv"), t.historyCsv());
      java.util.Map<String, Object> search = new java.util.LinkedHashMap<>();
      search.put("method", t.method());
      search.put("search_iterations", t.iterations());
      search.put("kept_weights", t.state().prunable().keptWeights());
      search.put("achieved_sparsity", t.state().prunable().achievedSparsity());
      JsonFiles.write(Paths.get(folder, "search.json"), search);
    }
  }

  /** Pairs each snapshot's scores with its accuracy. */
  static final class ObserveFn extends DoFn<KV<String, CoGbkResult>, Observation> {
    private static final long serialVersionUID = 1L;
    private final TupleTag<ScoredMask> scoreTag;
    private final TupleTag<Evaluation> evalTag;

    ObserveFn(TupleTag<ScoredMask> scoreTag, TupleTag<Evaluation> evalTag) {
      this.scoreTag = scoreTag;
      this.evalTag = evalTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> e, OutputReceiver<Observation> out) {
      ScoredMask s = e.getValue().getOnly(scoreTag);
      Evaluation ev = e.getValue().getOnly(evalTag);
      out.output(Observation.of(e.getKey(), ev.accuracy(), s.rows()));
    }
  }

  /** Writes the correlation analysis of all snapshots into {@code analysis/}. */
  static final class AnalyseFn extends DoFn<KV<String, Iterable<Observation>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;

    AnalyseFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Observation>> all) {
      List<Observation> points = new ArrayList<>();
      all.getValue().forEach(points::add);
      points.sort(java.util.Comparator.comparing(Observation::label));
      try {
        Correlations.write(points, Paths.get(folder, "analysis"));
      } catch (IOException e) {
        throw new UncheckedIOException(folder + "/analysis: cannot write (" + e.getMessage() + ")", e);
      }
    }
  }
}
