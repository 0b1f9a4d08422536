package io.fullspectrum.stages;

import io.fullspectrum.nn.GpuAssignment;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.schemas.AtomicFiles;
import io.fullspectrum.schemas.NetworkState;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Stage 2 (PEGS): exactly {@code iterations} steps of dense training (method §6); zero iterations pass through. With a
 * cache folder, a network already pre-trained from the same initial weights with the same recipe, data, iterations
 * and device is read back instead of trained again (file name: a SHA-256 of those inputs).
 */
public final class PreTrain extends PTransform<PCollection<NetworkState>, PCollection<NetworkState>> {
  private final int iterations;
  private final Recipe recipe;
  private final DataSpec data;
  private final String device;
  private final String cache;

  /** Exactly {@code iterations} steps of dense training with {@code recipe} on {@code data}, on the CPU. */
  public static PreTrain of(int iterations, Recipe recipe, DataSpec data) {
    return new PreTrain(iterations, recipe, data, "cpu", "");
  }

  /** This stage training on {@code device}: cpu, or gpu (see {@link io.fullspectrum.nn.Devices}). */
  public PreTrain onDevice(String device) {
    return new PreTrain(iterations, recipe, data, device, cache);
  }

  /** This stage reusing and adding to the pre-trained networks in {@code folder} (empty: none). */
  public PreTrain withCache(String folder) {
    return new PreTrain(iterations, recipe, data, device, folder);
  }

  private PreTrain(int iterations, Recipe recipe, DataSpec data, String device, String cache) {
    io.fullspectrum.nn.Devices.check(device);
    this.device = device;
    this.cache = cache == null ? "" : cache;
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
    return input.apply("Train", ParDo.of(new PreTrainFn(iterations, recipe, data, device, cache))).setCoder(NetworkStateCoder.of());
  }

  private static final class PreTrainFn extends DoFn<NetworkState, NetworkState> {
    private static final long serialVersionUID = 1L;
    private final int iterations;
    private final Recipe recipe;
    private final DataSpec data;
    private final String device;
    private final String cache;

    PreTrainFn(int iterations, Recipe recipe, DataSpec data, String device, String cache) {
      this.device = device;
      this.cache = cache;
      this.iterations = iterations;
      this.recipe = recipe;
      this.data = data;
    }

    /** This DoFn instance's worker number in its JVM: which GPU it trains on ({@link GpuAssignment}). */
    private transient int worker;

    @Setup
    public void setup() {
      worker = GpuAssignment.nextWorker();
    }

    @ProcessElement
    public void process(@Element NetworkState state, OutputReceiver<NetworkState> out) throws IOException {
      Path cached = cache.isEmpty() ? null : Paths.get(cache, key(state) + ".state");
      if (cached != null && Files.isRegularFile(cached)) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(cached))) {
          out.output(NetworkStateCoder.of().decode(in));
        }
        MaskedTrainer.log("pre-train: reused " + cached + " (same initial weights, recipe, data, iterations, device)");
        return;
      }
      NetworkState trained = train(state);
      if (cached != null) {
        Files.createDirectories(cached.getParent());
        AtomicFiles.write(cached, o -> NetworkStateCoder.of().encode(trained, o));
      }
      out.output(trained);
    }

    /** A digest of everything the pre-trained network depends on. */
    private String key(NetworkState state) throws IOException {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream initial = new ByteArrayOutputStream();
        NetworkStateCoder.of().encode(state, initial);
        sha.update(initial.toByteArray());
        sha.update(String.join("|", Integer.toString(iterations), recipe.toString(), data.name(), data.path(),
            Integer.toString(data.syntheticSize()), Arrays.toString(data.shape()), Boolean.toString(data.rgb32()),
            device).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private NetworkState train(NetworkState state) {
      try (NetworkSession session = NetworkSession.open(state, io.fullspectrum.nn.Devices.named(device, worker));
          MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, null)) {
        ImageBatches batches = ImageBatches.training(data.load(true), data.preprocessing(), recipe.batchSize(),
            recipe.seed());
        int epoch = 0;
        while (trainer.step() < iterations) {
          trainer.trainEpoch(batches, epoch++, iterations - trainer.step(),
              line -> MaskedTrainer.log("pre-train " + line));
        }
        return session.capture(null);
      }
    }
  }
}
