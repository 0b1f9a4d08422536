package io.fullspectrum.stages;

import io.fullspectrum.nn.GpuAssignment;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.schemas.NetworkState;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/** Stage 7: top-1 accuracy and loss of each labelled network on the held-out split (batch norm in eval mode). */
public final class Evaluate
    extends PTransform<PCollection<KV<String, NetworkState>>, PCollection<KV<String, Evaluation>>> {
  private final DataSpec data;
  private final String device;

  /** Evaluates on {@code data}'s test split, on the CPU. */
  public static Evaluate on(DataSpec data) {
    return new Evaluate(data, "cpu");
  }

  /** This stage evaluating on {@code device}: cpu, or gpu (see {@link io.fullspectrum.nn.Devices}). */
  public Evaluate onDevice(String device) {
    return new Evaluate(data, device);
  }

  private Evaluate(DataSpec data, String device) {
    io.fullspectrum.nn.Devices.check(device);
    this.data = data;
    this.device = device;
  }

  @Override
  public PCollection<KV<String, Evaluation>> expand(PCollection<KV<String, NetworkState>> input) {
    return input.apply("Evaluate", ParDo.of(new EvaluateFn(data, device)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Evaluation.class)));
  }

  private static final class EvaluateFn extends DoFn<KV<String, NetworkState>, KV<String, Evaluation>> {
    private static final long serialVersionUID = 1L;
    private final DataSpec data;
    private final String device;

    EvaluateFn(DataSpec data, String device) {
      this.data = data;
      this.device = device;
    }

    /** This DoFn instance's worker number in its JVM: which GPU it trains on ({@link GpuAssignment}). */
    private transient int worker;

    @Setup
    public void setup() {
      worker = GpuAssignment.nextWorker();
    }

    @ProcessElement
    public void process(@Element KV<String, NetworkState> element, OutputReceiver<KV<String, Evaluation>> out) {
      try (NetworkSession session = NetworkSession.open(element.getValue(), io.fullspectrum.nn.Devices.named(device, worker));
          MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(),
              Recipe.of(0.1f, 0, 0, false, 1, 0, java.util.List.of(), 1, 0), session.masks())) {
        out.output(KV.of(element.getKey(),
            trainer.evaluate(ImageBatches.evaluation(data.load(false), data.preprocessing(), 500))));
      }
    }
  }
}
