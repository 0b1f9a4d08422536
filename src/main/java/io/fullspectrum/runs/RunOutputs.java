package io.fullspectrum.runs;

import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.records.FineTuned;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.schemas.AtomicFiles;
import io.fullspectrum.schemas.Csv;
import io.fullspectrum.schemas.JsonFiles;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.search.CompareMerge;
import io.fullspectrum.stages.AssembleSelection;
import io.fullspectrum.stages.NetworkView;
import io.fullspectrum.stages.ScoreNetworks;
import io.fullspectrum.stages.WithWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a run's outputs into its folder (a local or shared path): every draw's per-layer scores, the distance of
 * the best so far, the selected masks (every {@code i} draws and final) and the baseline as Arrow mask sets, the
 * fine-tune curves and the final accuracies. Every file is written atomically.
 */
public final class RunOutputs {
  private RunOutputs() {}

  /**
   * @param guard the connectivity a guarded CompareMerge used (null: unguarded), so that distance.csv's best so far
   *     is the fold the selection came from
   */
  public static void attach(String folder, PCollection<ScoredMask> scored, PCollection<KV<String, FineTuned>> curves, PCollection<KV<String, Evaluation>> evaluations,
      PCollection<KV<String, NetworkState>> trained, PCollectionView<List<Selection>> everyDraw) {
    // The gather holds every draw's scores at once: without the merge guard's channel adjacency (175 KB a draw
    // for ResNet-18), which distance.csv does not need (its running best comes from the one CompareMerge).
    PCollection<ScoredMask> rows = scored.apply("WithoutChannels", MapElements
        .into(TypeDescriptor.of(ScoredMask.class)).via(ScoredMask::withoutChannels))
        .setCoder(scored.getCoder());
    gather(rows, "Scores").apply("WriteScores", ParDo.of(new WriteScoresFn(folder, everyDraw))
        .withSideInputs(everyDraw));
    gather(curves, "Curves").apply("WriteCurves", ParDo.of(new WriteCurvesFn(folder)));
    gather(evaluations, "Evaluations").apply("WriteResults", ParDo.of(new WriteResultsFn(folder)));
    trained.apply("WriteTrained", ParDo.of(WriteNetworksFn.trained(folder)));
  }

  public static <T> PCollection<KV<String, Iterable<T>>> gather(PCollection<T> in, String name) {
    return in.apply(name + "Key", WithKeys.<String, T>of("all").withKeyType(TypeDescriptors.strings()))
        .apply(name + "Gather", GroupByKey.create());
  }

  /** Gathered values by their label, in label order (so that files come out the same on every runner). */
  static <T> TreeMap<String, T> byLabel(Iterable<KV<String, T>> labelled) {
    TreeMap<String, T> byLabel = new TreeMap<>();
    labelled.forEach(kv -> byLabel.put(kv.getKey(), kv.getValue()));
    return byLabel;
  }

  public static void writeAtomically(Path path, String text) {
    try {
      AtomicFiles.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  /** Saves the network draws are taken on (once, after pre-training) for a resume. */
  public static final class SaveNetworkFn extends DoFn<NetworkState, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;

    public SaveNetworkFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element NetworkState state) {
      RunState.saveNetwork(Paths.get(folder), state);
    }
  }

  /** Saves each finished draw's scores for a resume. */
  public static final class SaveDrawFn extends DoFn<ScoredMask, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;

    public SaveDrawFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element ScoredMask draw) {
      RunState.saveDraw(Paths.get(folder), draw);
    }
  }

  static final class WriteScoresFn extends DoFn<KV<String, Iterable<ScoredMask>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;

    private final PCollectionView<List<Selection>> everyDraw;

    WriteScoresFn(String folder, PCollectionView<List<Selection>> everyDraw) {
      this.folder = folder;
      this.everyDraw = everyDraw;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<ScoredMask>> all, ProcessContext context) {
      List<ScoredMask> list = new ArrayList<>();
      all.getValue().forEach(list::add);
      list.sort(Comparator.comparingLong(ScoredMask::sampleIndex));
      Csv samples = Csv.withHeader("sample", "layer", "dr", "dr_imdb", "lambda", "lambda_imsg", "magnitude",
          "draw_effective_sparsity");
      for (ScoredMask s : list) {
        for (int l = 0; l < s.layers().size(); l++) {
          double[] r = s.rows()[l];
          samples.row(s.sampleIndex(), s.layers().get(l), r[0], r[1], r[2], r[3], r[4], s.effectiveSparsity());
        }
      }
      Map<Long, Double> best = new TreeMap<>();
      for (Selection sel : context.sideInput(everyDraw)) {
        best.put(sel.samples(), sel.meanMagnitude());
      }
      Csv distance = Csv.withHeader("sample", "draw_distance", "best_distance", "achieved_sparsity",
          "effective_sparsity");
      double running = list.isEmpty() ? 0 : list.get(0).meanMagnitude();
      for (ScoredMask s : list) {
        running = best.getOrDefault(s.sampleIndex(), running);
        distance.row(s.sampleIndex(), s.meanMagnitude(), s.sampleIndex() == 0 ? s.meanMagnitude() : running,
            s.achievedSparsity(), s.effectiveSparsity());
      }
    writeAtomically(Paths.get(folder, "samples.csv"), samples.text());
    writeAtomically(Paths.get(folder, "distance.csv"), distance.text());
    }
  }

  /**
   * {@code selections.csv}: the baseline and every saved selection as fine-tuned (after budget keeping), re-scored,
   * with its effective sparsity; a selection with no input-to-output path is reported in one loud line.
   */
  public static final class WriteSelectionsFn extends DoFn<KV<String, Iterable<KV<String, ScoredMask>>>, Void> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WriteSelectionsFn.class);
    private final String folder;

    public WriteSelectionsFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<String, ScoredMask>>> all) {
      TreeMap<Long, KV<String, ScoredMask>> ordered = new TreeMap<>();
      all.getValue().forEach(kv -> ordered.put(kv.getKey().equals("baseline") ? -1L
          : Long.parseLong(kv.getKey().substring("best-".length())), kv));
      Csv csv = Csv.withHeader("mask", "draws", "achieved_sparsity", "effective_sparsity", "connected", "distance");
      for (Map.Entry<Long, KV<String, ScoredMask>> e : ordered.entrySet()) {
        ScoredMask s = e.getValue().getValue();
        boolean connected = s.effectiveSparsity() < 1;
        csv.row(e.getValue().getKey(), Math.max(0, e.getKey()), s.achievedSparsity(), s.effectiveSparsity(),
            connected, s.meanMagnitude());
        if (!connected) {
          LOG.error("DISCONNECTED: mask {} keeps {} weights but none lies on a path from input to output; "
              + "fine-tuned, it can only guess (merge.guard=connected prevents this)", e.getValue().getKey(),
              String.format(Locale.ROOT, "%.4f%%", 100 * (1 - s.achievedSparsity())));
        }
      }
    writeAtomically(Paths.get(folder, "selections.csv"), csv.text());
    }
  }

  /**
   * Each saved selection (and the baseline): its mask file ({@code masks/best-<k>.arrow}, the network's weights
   * with the selection's masks; {@code best.arrow} for the last one) and its coordinate re-scored on those weights,
   * labelled "baseline" or "best-k". One network state exists at a time, here, for the element in hand.
   */
  public static final class SnapshotFn extends DoFn<KV<Long, MaskSet>, KV<String, ScoredMask>> {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final long lastDraw;
    private final NetworkView network;

    public SnapshotFn(String folder, long lastDraw, NetworkView network) {
      this.folder = folder;
      this.lastDraw = lastDraw;
      this.network = network;
    }

    @ProcessElement
    public void process(ProcessContext context) throws IOException {
      long key = context.element().getKey();
      NetworkState state = WithWeights.attach(network.get(context), context.element().getValue());
      String label = key == AssembleSelection.BASELINE ? "baseline" : "best-" + key;
      MaskSetArrow.writeFile(state.prunable(), Paths.get(folder, "masks", label + ".arrow"));
    writeAtomically(Paths.get(folder, "masks", label + ".layers.csv"), layerDensities(state.prunable()));
      if (key == lastDraw && lastDraw > 0) {
        MaskSetArrow.writeFile(state.prunable(), Paths.get(folder, "best.arrow"));
      }
      ScoredMask scored = ScoreNetworks.score(state);
      writeAtomically(Paths.get(folder, "masks", label + ".spectrum.csv"), layerSpectra(scored));
      context.output(KV.of(label, scored));
    }
  }

  /**
   * {@code masks/<label>.spectrum.csv}: each layer's four numbers and magnitude (method §1-3) as the mask was
   * fine-tuned, re-scored on the network's weights: the report's per-layer view.
   */
  static String layerSpectra(ScoredMask scored) {
    Csv csv = Csv.withHeader("layer", "dr", "dr_imdb", "lambda", "lambda_imsg", "magnitude");
    for (int l = 0; l < scored.layers().size(); l++) {
      double[] r = scored.rows()[l];
      csv.row(scored.layers().get(l), r[0], r[1], r[2], r[3], r[4]);
    }
    return csv.text();
  }

  /**
   * {@code masks/sources.csv}: for every saved selection, the draw each layer was taken from (CompareMerge's
   * choice, method §6; 0 is the baseline's own layer).
   */
  public static final class WriteSourcesFn extends DoFn<List<Selection>, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final List<String> layers;

    public WriteSourcesFn(String folder, List<String> layers) {
      this.folder = folder;
      this.layers = List.copyOf(layers);
    }

    @ProcessElement
    public void process(@Element List<Selection> selections) {
      Csv csv = Csv.withHeader("mask", "layer", "source_draw");
      for (Selection s : selections) {
        for (int l = 0; l < s.sourceOfLayer().length; l++) {
          csv.row("best-" + s.samples(), layers.get(l), s.sourceOfLayer()[l]);
        }
      }
      writeAtomically(Paths.get(folder, "masks", "sources.csv"), csv.text());
    }
  }

  /**
   * {@code masks/<label>.layers.csv}: each layer's kept weights, its size, its density and the kept weights per
   * output unit, the diagnostic for a mask that starves one layer (GraSP after PEGS pre-training keeps 4% of the
   * Fashion-MNIST classifier, about 5 weights per class, where it keeps 38% at initialisation).
   */
  static String layerDensities(MaskSet masks) {
    Csv csv = Csv.withHeader("layer", "kept", "weights", "density", "kept_per_output");
    for (io.fullspectrum.schemas.LayerRecord r : masks.layers()) {
      long kept = 0;
      for (byte b : r.mask()) {
        kept += b;
      }
      int outputs = r.shape().length == 0 ? 1 : r.shape()[0];
      csv.row(r.name(), kept, r.numel(), (double) kept / r.numel(), (double) kept / outputs);
    }
    return csv.text();
  }

  /** Writes each labelled network as an Arrow mask set at {@code folder/<prefix><label>.arrow}. */
  public static final class WriteNetworksFn extends DoFn<KV<String, NetworkState>, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final String prefix;

    /** {@code finetuned-<label>.arrow}: the fine-tuned networks. */
    public static WriteNetworksFn trained(String folder) {
      return new WriteNetworksFn(folder, "finetuned-");
    }

    /** {@code snapshots/<label>.arrow}: ITOP's snapshots. */
    public static WriteNetworksFn snapshots(String folder) {
      return new WriteNetworksFn(folder, "snapshots/");
    }

    private WriteNetworksFn(String folder, String prefix) {
      this.folder = folder;
      this.prefix = prefix;
    }

    @ProcessElement
    public void process(@Element KV<String, NetworkState> network) throws IOException {
      MaskSetArrow.writeFile(network.getValue().prunable(), Paths.get(folder, prefix + network.getKey() + ".arrow"));
    }
  }

  public static final class WriteCurvesFn extends DoFn<KV<String, Iterable<KV<String, FineTuned>>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;

    public WriteCurvesFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<String, FineTuned>>> all) {
      TreeMap<String, FineTuned> byLabel = byLabel(all.getValue());
      Csv csv = Csv.withHeader("mask", "epoch", "train_loss", "lr", "test_accuracy", "test_loss",
          "validation_accuracy", "validation_loss");
      for (Map.Entry<String, FineTuned> e : byLabel.entrySet()) {
        for (FineTuned.Epoch ep : e.getValue().curve()) {
          csv.row(e.getKey(), ep.epoch(), ep.trainLoss(), ep.learningRate(), ep.accuracy(), ep.loss(),
              ep.validationAccuracy(), ep.validationLoss());
        }
      }
    writeAtomically(Paths.get(folder, "finetune.csv"), csv.text());
    }
  }

  /**
   * {@code results.csv}: one row per fine-tuned mask (the baseline, each saved selection) with the draws it had
   * seen, its achieved and effective sparsity and distance (as fine-tuned, re-scored), the epoch the validation
   * split picks with that epoch's test accuracy, and the authors' choice (the best test epoch), labelled as such.
   */
  public static final class WriteResultsCsvFn extends DoFn<KV<String, Iterable<KV<String, FineTuned>>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final long last;
    private final PCollectionView<Map<String, ScoredMask>> rescored;

    public WriteResultsCsvFn(String folder, long last, PCollectionView<Map<String, ScoredMask>> rescored) {
      this.folder = folder;
      this.last = last;
      this.rescored = rescored;
    }

    /** Without re-scored masks (the study pipelines): distance and sparsity columns stay empty (nan). */
    public WriteResultsCsvFn(String folder) {
      this(folder, 0, null);
    }

    @ProcessElement
    public void process(ProcessContext context) {
      Map<String, ScoredMask> scores = rescored == null ? Map.of() : context.sideInput(rescored);
      // Ordered by snapshot (baseline first, then by draws seen), other labels (lth, eb, itop) by name.
      TreeMap<String, KV<String, FineTuned>> ordered = new TreeMap<>();
      context.element().getValue().forEach(kv -> {
        Long key = SnapshotLabels.snapshotOf(kv.getKey(), last);
        ordered.put(key == null ? "~" + kv.getKey() : String.format(Locale.ROOT, "%020d", key + 1), kv);
      });
      Csv csv = Csv.withHeader(ResultRow.HEADER.split(","));
      for (KV<String, FineTuned> e : ordered.values()) {
        Long key = SnapshotLabels.snapshotOf(e.getKey(), last);
        ScoredMask s = key == null ? null
            : scores.get(key == AssembleSelection.BASELINE ? "baseline" : "best-" + key);
        ResultRow.of(e.getKey(), key == null ? 0 : Math.max(0, key), s, e.getValue()).appendTo(csv);
      }
    writeAtomically(Paths.get(folder, "results.csv"), csv.text());
    }
  }

  public static final class WriteResultsFn extends DoFn<KV<String, Iterable<KV<String, Evaluation>>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String folder;

    public WriteResultsFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<String, Evaluation>>> all) {
      TreeMap<String, Evaluation> byLabel = byLabel(all.getValue());
      Map<String, Map<String, Object>> json = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Evaluation> e : byLabel.entrySet()) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("accuracy", e.getValue().accuracy());
        row.put("loss", e.getValue().loss());
        row.put("samples", e.getValue().samples());
        json.put(e.getKey(), row);
      }
      JsonFiles.write(Paths.get(folder, "results.json"), json);
    }
  }

}
