package io.fullspectrum.stages;

import io.fullspectrum.nn.GpuAssignment;
import io.fullspectrum.records.MaskSetCoder;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;

/**
 * Stage 3: the fan-out. Draws {@code 0..n} (draw 0 is the generator's baseline mask), spread over workers by a
 * reshuffle; each worker opens the network once and draws masks from per-index seeds. Output: mask-only sets.
 */
public final class GenerateMasks extends PTransform<PCollection<NetworkState>, PCollection<MaskSet>> {
  private final List<Long> indices;
  private final MaskSampler sampler;
  private final NetworkView shared;

  /** Draws {@code 0..samples}: the baseline and {@code samples} more. */
  public static GenerateMasks draws(long samples, MaskSampler sampler) {
    return new GenerateMasks(range(samples), sampler, null);
  }

  private GenerateMasks(List<Long> indices, MaskSampler sampler, NetworkView shared) {
    this.indices = List.copyOf(indices);
    this.sampler = sampler;
    this.shared = shared;
  }

  /**
   * This stage reading the network through a view the pipeline already has (one broadcast of the network for
   * every stage that needs it, not one per stage); the view must be of this stage's input.
   */
  public GenerateMasks withNetworkView(NetworkView view) {
    return new GenerateMasks(indices, sampler, view);
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
    return new GenerateMasks(indices, sampler, null);
  }

  @Override
  public PCollection<MaskSet> expand(PCollection<NetworkState> network) {
    NetworkView view = shared != null ? shared : NetworkView.of(network);
    return network.getPipeline()
        .apply("Indices", Create.of(indices).withCoder(VarLongCoder.of()))
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Draw", ParDo.of(new DrawFn(sampler, view)).withSideInputs(view.view()))
        .setCoder(MaskSetCoder.of());
  }

  private static final class DrawFn extends DoFn<Long, MaskSet> {
    private static final long serialVersionUID = 1L;
    private final MaskSampler sampler;
    private final NetworkView view;
    private transient OpenNetwork network;
    /** This DoFn instance's worker number in its JVM: which GPU it draws on ({@link GpuAssignment}). */
    private transient int worker;
    private final org.apache.beam.sdk.metrics.Counter emitted =
        org.apache.beam.sdk.metrics.Metrics.counter(GenerateMasks.class, "masks_emitted");

    DrawFn(MaskSampler sampler, NetworkView view) {
      this.sampler = sampler;
      this.view = view;
    }

    @Setup
    public void setup() {
      worker = GpuAssignment.nextWorker();
    }

    @ProcessElement
    public void process(@Element Long index, ProcessContext context) {
      if (network == null) {
        network = new OpenNetwork();
      }
      context.output(sampler.draw(network.on(view.get(context), sampler.deviceFor(worker)), index));
      emitted.inc();
    }

    @Teardown
    public void teardown() {
      if (network != null) {
        network.close();
      }
    }
  }
}
