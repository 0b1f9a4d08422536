package io.fullspectrum.stages;

import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.records.NetworkSpec;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.schemas.NetworkState;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/** Stage 1: the network at its initialisation (method §6's, or PyTorch's defaults: {@link NetworkSpec#init}), dense. */
public final class InitWeights extends PTransform<PBegin, PCollection<NetworkState>> {
  private final NetworkSpec spec;

  private InitWeights(NetworkSpec spec) {
    this.spec = spec;
  }

  /** The network {@code spec} describes, at its initialisation (method §6). */
  public static InitWeights of(NetworkSpec spec) {
    return new InitWeights(spec);
  }

  @Override
  public PCollection<NetworkState> expand(PBegin input) {
    return input.apply("Spec", Create.of(spec.seed()))
        .apply("Initialise", ParDo.of(new InitFn(spec)))
        .setCoder(NetworkStateCoder.of());
  }

  private static final class InitFn extends DoFn<Long, NetworkState> {
    private static final long serialVersionUID = 1L;
    private final NetworkSpec spec;

    InitFn(NetworkSpec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element Long seed, OutputReceiver<NetworkState> out) {
      out.output(NetworkSession.initial(spec.architecture(), spec.classes(), spec.channels(), spec.height(),
          spec.width(), seed, io.fullspectrum.nn.Initialisation.named(spec.init())));
    }
  }
}
