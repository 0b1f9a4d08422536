package io.fullspectrum.stages;

import io.fullspectrum.generators.GlobalTopK;
import io.fullspectrum.nn.GpuAssignment;
import io.fullspectrum.records.MaskSetCoder;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.schemas.PackedBits;
import io.fullspectrum.search.BudgetKeeper;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.search.MaskSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Builds the masks a selection names: each draw contributes the layers that the snapshots take from it (bit-packed),
 * and the layers are grouped per snapshot into one mask set, brought back to the target budget when asked (method
 * §6's budget-keeping option). The input is the masks at hand (the baseline's, kept as drawn); with
 * {@link #redrawing} the other source draws are drawn again here, deterministic per index, and only the layers a
 * snapshot takes leave the worker, bit-packed: a re-drawn mask (11 MB for ResNet-18) never enters the DAG, so
 * nothing held grows with the number of sources. The output holds masks only (no weights: {@link WithWeights} puts
 * them back where a stage needs them). Output keys: the snapshot's draw count; key {@code -1} is the baseline.
 */
public final class AssembleSelection extends PTransform<PCollection<MaskSet>, PCollection<KV<Long, MaskSet>>> {
  public static final long BASELINE = -1;
  private final PCollectionView<List<Selection>> selection;
  private final NetworkView network;
  private final double keepSparsity;
  private final List<Long> redraw;
  private final MaskSampler sampler;

  /**
   * @param keepSparsity when in (0, 1), each selection is brought back to exactly this sparsity
   *     ({@link BudgetKeeper}); otherwise the drifted density of the merged layers is kept (the authors' code)
   */
  public static AssembleSelection of(PCollectionView<List<Selection>> selection, NetworkView network,
      double keepSparsity) {
    return new AssembleSelection(selection, network, keepSparsity, List.of(), null);
  }

  private AssembleSelection(PCollectionView<List<Selection>> selection, NetworkView network, double keepSparsity,
      List<Long> redraw, MaskSampler sampler) {
    this.selection = selection;
    this.network = network;
    this.keepSparsity = keepSparsity;
    this.redraw = List.copyOf(redraw);
    this.sampler = sampler;
  }

  /**
   * This stage also drawing again, on {@code network}, those of {@code indices} that a snapshot takes a layer from
   * (the masks not in its input): a run re-draws the few masks it needs instead of storing every mask.
   */
  public AssembleSelection redrawing(List<Long> indices, MaskSampler sampler) {
    return new AssembleSelection(selection, network, keepSparsity, indices, sampler);
  }

  @Override
  public PCollection<KV<Long, MaskSet>> expand(PCollection<MaskSet> samples) {
    KvCoder<Long, KV<Integer, byte[]>> pickCoder =
        KvCoder.of(VarLongCoder.of(), KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()));
    PCollection<KV<Long, KV<Integer, byte[]>>> picks = samples
        .apply("PickLayers", ParDo.of(new PickFn(selection)).withSideInputs(selection))
        .setCoder(pickCoder);
    if (!redraw.isEmpty()) {
      PCollection<KV<Long, KV<Integer, byte[]>>> redrawn = samples.getPipeline()
          .apply("SourceIndices", Create.of(redraw).withCoder(VarLongCoder.of()))
          .apply("Spread", Reshuffle.viaRandomKey())
          .apply("RedrawAndPick", ParDo.of(new RedrawPickFn(sampler, network, selection))
              .withSideInputs(network.view(), selection))
          .setCoder(pickCoder);
      picks = PCollectionList.of(picks).and(redrawn).apply("AllPicks", Flatten.pCollections());
    }
    return picks
        .apply("BySnapshot", GroupByKey.create())
        .apply("Assemble", ParDo.of(new AssembleFn(network, keepSparsity)).withSideInputs(network.view()))
        .setCoder(KvCoder.of(VarLongCoder.of(), MaskSetCoder.of()));
  }

  private static final class PickFn extends DoFn<MaskSet, KV<Long, KV<Integer, byte[]>>> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<List<Selection>> selection;

    PickFn(PCollectionView<List<Selection>> selection) {
      this.selection = selection;
    }

    @ProcessElement
    public void process(@Element MaskSet sample, ProcessContext context) {
      pick(sample, context.sideInput(selection), context::output);
    }
  }

  /** Whether a snapshot takes a layer from draw {@code index} (the baseline always counts). */
  static boolean isSource(long index, List<Selection> selections) {
    if (index == 0) {
      return true;
    }
    for (Selection s : selections) {
      for (long source : s.sourceOfLayer()) {
        if (source == index) {
          return true;
        }
      }
    }
    return false;
  }

  /** Emits, bit-packed, each layer of {@code sample} that a snapshot takes (and the baseline's references). */
  private static void pick(MaskSet sample, List<Selection> selections,
      java.util.function.Consumer<KV<Long, KV<Integer, byte[]>>> out) {
    long index = sample.sampleIndex();
    if (index == 0) {
      for (int l = 0; l < sample.layers().size(); l++) {
        out.accept(KV.of(BASELINE, KV.of(l, PackedBits.pack(sample.layers().get(l).mask()))));
      }
      // Every snapshot learns the baseline's per-layer kept counts (a few bytes, under key -1 - layer): the
      // reference its budget drift is measured from.
      for (Selection s : selections) {
        for (int l = 0; l < sample.layers().size(); l++) {
          out.accept(KV.of(s.samples(), KV.of(-1 - l, longBytes(kept(sample.layers().get(l).mask())))));
        }
      }
    }
    for (Selection s : selections) {
      for (int l = 0; l < s.sourceOfLayer().length; l++) {
        if (s.sourceOfLayer()[l] == index) {
          out.accept(KV.of(s.samples(), KV.of(l, PackedBits.pack(sample.layers().get(l).mask()))));
        }
      }
    }
  }

  /** Draws a source again and emits only the layers the snapshots take from it: the mask stays in the worker. */
  private static final class RedrawPickFn extends DoFn<Long, KV<Long, KV<Integer, byte[]>>> {
    private static final long serialVersionUID = 1L;
    private final MaskSampler sampler;
    private final NetworkView view;
    private final PCollectionView<List<Selection>> selection;
    private final org.apache.beam.sdk.metrics.Counter redrawn =
        org.apache.beam.sdk.metrics.Metrics.counter(AssembleSelection.class, "masks_redrawn");
    private transient OpenNetwork network;
    /** This DoFn instance's worker number in its JVM: which GPU it draws on ({@link GpuAssignment}). */
    private transient int worker;

    RedrawPickFn(MaskSampler sampler, NetworkView view, PCollectionView<List<Selection>> selection) {
      this.sampler = sampler;
      this.view = view;
      this.selection = selection;
    }

    @Setup
    public void setup() {
      worker = GpuAssignment.nextWorker();
    }

    @ProcessElement
    public void process(@Element Long index, ProcessContext context) {
      List<Selection> selections = context.sideInput(selection);
      if (!isSource(index, selections)) {
        return;
      }
      if (network == null) {
        network = new OpenNetwork();
      }
      MaskSet drawn = sampler.draw(network.on(view.get(context), sampler.deviceFor(worker)), index);
      pick(drawn, selections, context::output);
      redrawn.inc();
    }

    @Teardown
    public void teardown() {
      if (network != null) {
        network.close();
      }
    }
  }

  private static long kept(byte[] mask) {
    long n = 0;
    for (byte b : mask) {
      n += b;
    }
    return n;
  }

  private static byte[] longBytes(long v) {
    return java.nio.ByteBuffer.allocate(8).putLong(v).array();
  }

  private static final class AssembleFn extends DoFn<KV<Long, Iterable<KV<Integer, byte[]>>>, KV<Long, MaskSet>> {
    private static final long serialVersionUID = 1L;
    private final NetworkView network;
    private final double keepSparsity;

    AssembleFn(NetworkView network, double keepSparsity) {
      this.network = network;
      this.keepSparsity = keepSparsity;
    }

    @ProcessElement
    public void process(@Element KV<Long, Iterable<KV<Integer, byte[]>>> group, ProcessContext context) {
      NetworkState state = network.get(context);
      TreeMap<Integer, byte[]> masks = new TreeMap<>();
      TreeMap<Integer, Long> reference = new TreeMap<>();
      for (KV<Integer, byte[]> layer : group.getValue()) {
        if (layer.getKey() < 0) {
          reference.put(-1 - layer.getKey(), java.nio.ByteBuffer.wrap(layer.getValue()).getLong());
        } else {
          masks.put(layer.getKey(), layer.getValue());
        }
      }
      List<LayerRecord> layers = new ArrayList<>();
      List<LayerRecord> weights = state.prunable().layers();
      if (masks.size() != weights.size()) {
        throw new IllegalStateException("snapshot " + group.getKey() + " has " + masks.size() + " of "
            + weights.size() + " layers");
      }
      long key = group.getKey();
      List<byte[]> chosen = new ArrayList<>();
      for (Map.Entry<Integer, byte[]> e : masks.entrySet()) {
        chosen.add(PackedBits.unpack(e.getValue(), weights.get(e.getKey()).numel()));
      }
      if (key != BASELINE && keepSparsity > 0 && keepSparsity < 1) {
        List<float[]> w = new ArrayList<>();
        long total = 0;
        for (LayerRecord r : weights) {
          w.add(r.weights());
          total += r.numel();
        }
        long[] ref = new long[weights.size()];
        for (int l = 0; l < ref.length; l++) {
          ref[l] = reference.getOrDefault(l, 0L);
        }
        chosen = BudgetKeeper.toBudget(w, chosen, ref, GlobalTopK.keepCount(keepSparsity, total));
      }
      for (int l = 0; l < weights.size(); l++) {
        LayerRecord w = weights.get(l);
        layers.add(LayerRecord.of(w.name(), w.shape(), null, chosen.get(l)));
      }
      String generator = key == BASELINE ? "baseline" : "pags";
      double sparsity = MaskSet.of(generator, 0, 0, 0, layers).achievedSparsity();
      MaskSet set = MaskSet.of(generator, state.prunable().seed(), sparsity, Math.max(key, 0), layers);
      context.output(KV.of(key, set));
    }
  }
}
