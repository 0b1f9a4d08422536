package io.fullspectrum.stages;

import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
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
 * Puts labelled mask sets back on the network's weights (a side input), as late as possible: masks travel
 * between stages on their own (a ResNet-18 mask set is 1.4 MB on the wire; with its weights, 46 MB), and a network
 * state exists only in the stage that needs the weights (fine-tuning, a mask file, re-scoring).
 */
public final class WithWeights
    extends PTransform<PCollection<KV<String, MaskSet>>, PCollection<KV<String, NetworkState>>> {
  private final NetworkView network;

  private WithWeights(NetworkView network) {
    this.network = network;
  }

  /** Masks on the weights of {@code network}'s one state. */
  public static WithWeights of(NetworkView network) {
    return new WithWeights(network);
  }

  @Override
  public PCollection<KV<String, NetworkState>> expand(PCollection<KV<String, MaskSet>> masks) {
    return masks.apply("AttachWeights", ParDo.of(new AttachFn(network)).withSideInputs(network.view()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), NetworkStateCoder.of()));
  }

  /**
   * The network with {@code masks} in place of its own: same layers, same order, same shapes.
   *
   * @throws IllegalArgumentException naming the first layer that does not match
   */
  public static NetworkState attach(NetworkState network, MaskSet masks) {
    List<LayerRecord> weights = network.prunable().layers();
    if (masks.layers().size() != weights.size()) {
      throw new IllegalArgumentException("mask set " + masks.sampleIndex() + " has " + masks.layers().size()
          + " layers, the network " + weights.size());
    }
    List<LayerRecord> layers = new ArrayList<>(weights.size());
    for (int l = 0; l < weights.size(); l++) {
      LayerRecord w = weights.get(l);
      LayerRecord m = masks.layers().get(l);
      if (!w.name().equals(m.name()) || w.numel() != m.numel()) {
        throw new IllegalArgumentException("mask set " + masks.sampleIndex() + ": layer " + l + " is " + m.name()
            + " (" + m.numel() + " weights), the network's is " + w.name() + " (" + w.numel() + ")");
      }
      layers.add(w.withMask(m.mask()));
    }
    return network.withPrunable(MaskSet.of(masks.generator(), network.prunable().seed(), masks.sparsity(),
        masks.sampleIndex(), layers));
  }

  private static final class AttachFn extends DoFn<KV<String, MaskSet>, KV<String, NetworkState>> {
    private static final long serialVersionUID = 1L;
    private final NetworkView network;

    AttachFn(NetworkView network) {
      this.network = network;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      KV<String, MaskSet> e = context.element();
      context.output(KV.of(e.getKey(), attach(network.get(context), e.getValue())));
    }
  }
}
