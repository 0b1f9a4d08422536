package io.fullspectrum.stages;

import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.schemas.NetworkStateCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** Stage 2 (PEGS): exactly {@code iterations} steps of dense training (spec §6); zero iterations pass through. */
public final class PreTrain extends PTransform<PCollection<NetworkState>, PCollection<NetworkState>> {
  private final int iterations;
  private final Recipe recipe;
  private final DataSpec data;
  private final String device;

  public PreTrain(int iterations, Recipe recipe, DataSpec data) {
    this(iterations, recipe, data, "cpu");
  }

  /** @param device where to train: cpu, or gpu (see {@link io.fullspectrum.nn.Devices}) */
  public PreTrain(int iterations, Recipe recipe, DataSpec data, String device) {
    io.fullspectrum.nn.Devices.check(device);
    this.device = device;
    if (iterations < 0) {
      throw new IllegalArgumentException("pretrain iterations " + iterations + " is negative");
    }
    this.iterations = iterations;
    this.recipe = recipe;
    this.data = data;
  }

  @Override
  public PCollection<NetworkState> expand(PCollection<NetworkState> input) {
    if (iterations == 0) {
      return input;
    }
    return input.apply("Train", ParDo.of(new PreTrainFn(iterations, recipe, data, device))).setCoder(NetworkStateCoder.of());
  }

  private static final class PreTrainFn extends DoFn<NetworkState, NetworkState> {
    private static final long serialVersionUID = 1L;
    private final int iterations;
    private final Recipe recipe;
    private final DataSpec data;
    private final String device;

    PreTrainFn(int iterations, Recipe recipe, DataSpec data, String device) {
      this.device = device;
      this.iterations = iterations;
      this.recipe = recipe;
      this.data = data;
    }

    @ProcessElement
    public void process(@Element NetworkState state, OutputReceiver<NetworkState> out) {
      try (NetworkSession session = NetworkSession.open(state, io.fullspectrum.nn.Devices.named(device));
          MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, null)) {
        ImageBatches batches = ImageBatches.training(data.load(true), data.preprocessing(), recipe.batchSize(),
            recipe.seed());
        int epoch = 0;
        while (trainer.step() < iterations) {
          trainer.trainEpoch(batches, epoch++, iterations - trainer.step(),
              line -> MaskedTrainer.log("pre-train " + line));
        }
        out.output(session.capture(null));
      }
    }
  }
}
