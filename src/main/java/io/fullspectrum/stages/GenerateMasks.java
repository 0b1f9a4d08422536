package io.fullspectrum.stages;

import io.fullspectrum.masks.CompareMerge.Selection;
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
  private final List<Long> indices;
  private final MaskSampler sampler;
  private final PCollectionView<List<Selection>> onlySelected;
  private final NetworkView shared;

  /** Draws {@code 0..samples}. */
  public GenerateMasks(long samples, MaskSampler sampler) {
    this(range(samples), sampler, null, null);
  }

  private GenerateMasks(List<Long> indices, MaskSampler sampler, PCollectionView<List<Selection>> onlySelected,
      NetworkView shared) {
    this.indices = List.copyOf(indices);
    this.sampler = sampler;
    this.onlySelected = onlySelected;
    this.shared = shared;
  }

  /**
   * This stage reading the network through a view the pipeline already has (one broadcast of the network for
   * every stage that needs it, not one per stage); the view must be of this stage's input.
   */
  public GenerateMasks withNetworkView(NetworkView view) {
    return new GenerateMasks(indices, sampler, onlySelected, view);
  }

  private static List<Long> range(long samples) {
    if (samples < 0) {
      throw new IllegalArgumentException("n=" + samples + " samples is negative");
    }
    List<Long> out = new ArrayList<>();
    for (long i = 0; i <= samples; i++) {
      out.add(i);
    }
    return out;
  }

  /** Draws exactly these indices (a resumed run draws only what it had not finished). */
  public static GenerateMasks indices(List<Long> indices, MaskSampler sampler) {
    return new GenerateMasks(indices, sampler, null, null);
  }

  /**
   * Of these indices, draws only the baseline (when listed) and the draws a selection takes a layer from, and emits
   * their masks without weights: a run re-draws the masks it needs instead of storing every mask. Leave 0 out when the baseline's masks are at hand
   * ({@link DrawAndScore#keepingMasksOf}).
   */
  public static GenerateMasks selectedAmong(List<Long> indices, MaskSampler sampler,
      PCollectionView<List<Selection>> selection) {
    return new GenerateMasks(indices, sampler, selection, null);
  }

  @Override
  public PCollection<MaskSet> expand(PCollection<NetworkState> network) {
    NetworkView view = shared != null ? shared : NetworkView.of(network);
    List<PCollectionView<?>> sides = new ArrayList<>(List.of(view.view()));
    if (onlySelected != null) {
      sides.add(onlySelected);
    }
    return network.getPipeline()
        .apply("Indices", Create.of(indices).withCoder(VarLongCoder.of()))
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Draw", ParDo.of(new DrawFn(sampler, view, onlySelected)).withSideInputs(sides))
        .setCoder(MaskSetCoder.of());
  }

  private static final class DrawFn extends DoFn<Long, MaskSet> {
    private static final long serialVersionUID = 1L;
    private final MaskSampler sampler;
    private final NetworkView view;
    private final PCollectionView<List<Selection>> onlySelected;
    private transient NetworkSession session;
    private transient NetworkState opened;
    private final org.apache.beam.sdk.metrics.Counter emitted =
        org.apache.beam.sdk.metrics.Metrics.counter(GenerateMasks.class, "masks_emitted");

    DrawFn(MaskSampler sampler, NetworkView view, PCollectionView<List<Selection>> onlySelected) {
      this.sampler = sampler;
      this.view = view;
      this.onlySelected = onlySelected;
    }

    private static boolean selected(long index, List<Selection> selections) {
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

    @ProcessElement
    public void process(@Element Long index, ProcessContext context) {
      if (onlySelected != null && !selected(index, context.sideInput(onlySelected))) {
        return;
      }
      NetworkState state = view.get(context);
      if (session == null || (state != opened && !state.equals(opened))) {
        teardown();
        session = NetworkSession.open(state);
        opened = state;
      }
      MaskSet draw = sampler.draw(session, index);
      // A re-drawn selection source leaves without the network's weights (the assembly needs its masks alone): n/i
      // snapshots' sources cost 1 byte a weight while they wait, not 5.
      context.output(onlySelected != null ? DrawAndScore.masksOnly(draw) : draw);
      emitted.inc();
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
