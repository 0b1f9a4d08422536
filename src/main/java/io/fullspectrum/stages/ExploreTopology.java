package io.fullspectrum.stages;

import io.fullspectrum.baselines.DynamicSparseTraining;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The ITOP observation stage (method §6): dynamic sparse training from the sampler's mask (ERK in the paper),
 * emitting a snapshot of mask and weights after every prune-and-regrow update, labelled {@code update-NNN}.
 */
public final class ExploreTopology
    extends PTransform<PCollection<NetworkState>, PCollection<KV<String, NetworkState>>> {
  private final DynamicSparseTraining training;
  private final MaskSampler initialMask;
  private final Recipe recipe;
  private final DataSpec data;

  /** Dynamic sparse training from {@code initialMask}'s baseline, one snapshot per topology update. */
  public static ExploreTopology of(DynamicSparseTraining training, MaskSampler initialMask, Recipe recipe,
      DataSpec data) {
    return new ExploreTopology(training, initialMask, recipe, data);
  }

  private ExploreTopology(DynamicSparseTraining training, MaskSampler initialMask, Recipe recipe, DataSpec data) {
    this.training = training;
    this.initialMask = initialMask;
    this.recipe = recipe;
    this.data = data;
  }

  /** The label of update {@code u}'s snapshot. */
  public static String label(int u) {
    return String.format(Locale.ROOT, "update-%03d", u);
  }

  @Override
  public PCollection<KV<String, NetworkState>> expand(PCollection<NetworkState> network) {
    return network.apply("Train", ParDo.of(new TrainFn(training, initialMask, recipe, data)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), NetworkStateCoder.of()));
  }

  private static final class TrainFn extends DoFn<NetworkState, KV<String, NetworkState>> {
    private static final long serialVersionUID = 1L;
    private final DynamicSparseTraining training;
    private final MaskSampler initialMask;
    private final Recipe recipe;
    private final DataSpec data;

    TrainFn(DynamicSparseTraining training, MaskSampler initialMask, Recipe recipe, DataSpec data) {
      this.training = training;
      this.initialMask = initialMask;
      this.recipe = recipe;
      this.data = data;
    }

    @ProcessElement
    public void process(@Element NetworkState network, OutputReceiver<KV<String, NetworkState>> out) {
      MaskSet first;
      try (NetworkSession session = NetworkSession.open(network)) {
        first = initialMask.draw(session, 0);
      }
      List<byte[]> masks = new ArrayList<>();
      first.layers().forEach(l -> masks.add(l.mask()));
      NetworkState start = network.withMasks(first.generator(), masks);
      out.output(KV.of(label(0), start));
      training.run(start, ImageBatches.training(data.load(true), data.preprocessing(), recipe.batchSize(),
          recipe.seed()), recipe.seed(), (u, step, state) -> out.output(KV.of(label(u), state)));
    }
  }
}
