package io.fullspectrum.config;

import io.fullspectrum.generators.GeneratorOptions;
import io.fullspectrum.nn.Devices;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.search.MaskSampler;

/** Builds a run's {@link MaskSampler} from the generator keys of a preset ({@code stages/generators.properties}). */
public final class SamplerConfig {
  private SamplerConfig() {}

  public static MaskSampler from(Preset p, String generator, double sparsity, long seed, DataSpec data) {
    float temperature = (float) p.getDouble("grasp.temperature");
    if (!(temperature > 0) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("grasp.temperature=" + p.get("grasp.temperature")
          + " must be a positive number");
    }
    int rounds = p.getInt("synflow.rounds");
    if (rounds < 1) {
      throw new IllegalArgumentException("synflow.rounds=" + rounds + " must be at least 1");
    }
    int batches = p.getInt("score.batches");
    if (batches < 1) {
      throw new IllegalArgumentException("score.batches=" + batches + " must be at least 1");
    }
    int batchSize = p.getInt("score.batch.size");
    if (batchSize < 1) {
      throw new IllegalArgumentException("score.batch.size=" + batchSize + " must be at least 1");
    }
    return new MaskSampler(generator, sparsity, seed, data, batches, batchSize)
        .withOptions(new GeneratorOptions(temperature, rounds))
        .withBaselineBatches(baselineBatches(p))
        .onDevice(drawDevice(p));
  }

  /**
   * {@code draw.device}: where masks are drawn; empty: where training runs ({@code device}); {@code cpu} keeps draws
   * on the CPU whatever {@code device} says.
   */
  public static String drawDevice(Preset p) {
    String draw = p.values().getOrDefault("draw.device", "").trim();
    String device = draw.isEmpty() ? p.values().getOrDefault("device", "cpu").trim() : draw;
    try {
      Devices.check(device);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((draw.isEmpty() ? "device=" : "draw.device=") + device + " is not one of "
          + "cpu, gpu, gpu+cudnn-benchmark", e);
    }
    return device;
  }

  /** {@code baseline.batches}: {@code all} (the whole training set) or a positive count. */
  static int baselineBatches(Preset p) {
    String v = p.get("baseline.batches");
    if (v.equals("all")) {
      return MaskSampler.WHOLE_TRAINING_SET;
    }
    int n = p.getInt("baseline.batches");
    if (n < 1) {
      throw new IllegalArgumentException("baseline.batches=" + v + " must be all or at least 1");
    }
    return n;
  }

  /** {@code merge.guard}: whether CompareMerge refuses swaps that disconnect the network. */
  public static boolean mergeGuard(Preset p) {
    String v = p.get("merge.guard");
    if (!v.equals("connected") && !v.equals("off")) {
      throw new IllegalArgumentException("merge.guard=" + v + " is not one of connected, off");
    }
    return v.equals("connected");
  }
}
