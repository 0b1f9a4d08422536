package io.fullspectrum.stages;

import io.fullspectrum.masks.BudgetKeeper;
import io.fullspectrum.masks.CompareMerge.Selection;
import io.fullspectrum.masks.GlobalTopK;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.schemas.MaskSetCoder;
import io.fullspectrum.schemas.PackedBits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Builds the masks a selection names: each draw contributes the layers that the snapshots take from it (bit-packed),
 * and the layers are grouped per snapshot into one mask set, brought back to the target budget when asked (spec
 * §6's budget-keeping option). The output holds masks only (no weights: {@link WithWeights} puts them back where a
 * stage needs them), so n/i snapshots cost n/i x 1.4 MB on the wire for ResNet-18, not n/i x 46 MB. Output keys:
 * the snapshot's draw count; key {@code -1} is the baseline (draw 0 alone).
 */
public final class AssembleSelection extends PTransform<PCollection<MaskSet>, PCollection<KV<Long, MaskSet>>> {
  public static final long BASELINE = -1;
  private final PCollectionView<List<Selection>> selection;
  private final NetworkView network;
  private final double keepSparsity;

  /**
   * @param keepSparsity when in (0, 1), each selection is brought back to exactly this sparsity
   *     ({@link BudgetKeeper}); otherwise the drifted density of the merged layers is kept (the authors' code)
   */
  public AssembleSelection(PCollectionView<List<Selection>> selection, NetworkView network,
      double keepSparsity) {
    this.selection = selection;
    this.network = network;
    this.keepSparsity = keepSparsity;
  }

  @Override
  public PCollection<KV<Long, MaskSet>> expand(PCollection<MaskSet> samples) {
    return samples
        .apply("PickLayers", ParDo.of(new PickFn(selection)).withSideInputs(selection))
        .setCoder(KvCoder.of(VarLongCoder.of(), KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of())))
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
      long index = sample.sampleIndex();
      if (index == 0) {
        for (int l = 0; l < sample.layers().size(); l++) {
          context.output(KV.of(BASELINE, KV.of(l, PackedBits.pack(sample.layers().get(l).mask()))));
        }
        // Every snapshot learns the baseline's per-layer kept counts (a few bytes, under key -1 - layer): the
        // reference its budget drift is measured from.
        for (Selection s : context.sideInput(selection)) {
          for (int l = 0; l < sample.layers().size(); l++) {
            context.output(KV.of(s.samples(), KV.of(-1 - l, longBytes(kept(sample.layers().get(l).mask())))));
          }
        }
      }
      for (Selection s : context.sideInput(selection)) {
        for (int l = 0; l < s.sourceOfLayer().length; l++) {
          if (s.sourceOfLayer()[l] == index) {
            context.output(KV.of(s.samples(), KV.of(l, PackedBits.pack(sample.layers().get(l).mask()))));
          }
        }
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
