package io.fullspectrum.stages;

import io.fullspectrum.masks.MaskSampler;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetCoder;
import io.fullspectrum.schemas.NetworkState;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Stage 3: the fan-out. Draws {@code 0..n} (draw 0 is the generator's baseline mask), spread over workers by a
 * reshuffle; each worker opens the network once and draws masks from per-index seeds. Output: mask-only sets.
 */
public final class GenerateMasks extends PTransform<PCollection<NetworkState>, PCollection<MaskSet>> {
  private final long samples;
  private final MaskSampler sampler;

  public GenerateMasks(long samples, MaskSampler sampler) {
    if (samples < 0) {
      throw new IllegalArgumentException("n=" + samples + " samples is negative");
    }
    this.samples = samples;
    this.sampler = sampler;
  }

  @Override
  public PCollection<MaskSet> expand(PCollection<NetworkState> network) {
    PCollectionView<NetworkState> view = network.apply("AsSingleton", View.asSingleton());
    List<Long> indices = new ArrayList<>();
    for (long i = 0; i <= samples; i++) {
      indices.add(i);
    }
    return network.getPipeline()
        .apply("Indices", Create.of(indices).withCoder(VarLongCoder.of()))
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Draw", ParDo.of(new DrawFn(sampler, view)).withSideInputs(view))
        .setCoder(MaskSetCoder.of());
  }

  private static final class DrawFn extends DoFn<Long, MaskSet> {
    private static final long serialVersionUID = 1L;
    private final MaskSampler sampler;
    private final PCollectionView<NetworkState> view;
    private transient NetworkSession session;
    private transient NetworkState opened;

    DrawFn(MaskSampler sampler, PCollectionView<NetworkState> view) {
      this.sampler = sampler;
      this.view = view;
    }

    @ProcessElement
    public void process(@Element Long index, ProcessContext context) {
      NetworkState state = context.sideInput(view);
      if (session == null || !state.equals(opened)) {
        teardown();
        session = NetworkSession.open(state);
        opened = state;
      }
      context.output(sampler.draw(session, index));
    }

    @Teardown
    public void teardown() {
      if (session != null) {
        session.close();
        session = null;
      }
    }
  }
}
