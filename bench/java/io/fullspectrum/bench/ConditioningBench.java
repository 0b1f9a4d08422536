package io.fullspectrum.bench;

import io.fullspectrum.generators.ErkGenerator;
import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.Networks;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.data.SyntheticImages;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.schemas.NetworkState;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 16: is the GPU/CPU divergence of ResNet-18 at 98% after 3 steps the GPU's, or the problem's conditioning?
 * Trains the FineTune stage's path (ERK mask at 98%, batch 128, SGD Nesterov lr 0.05, synthetic data) for 1..steps
 * steps on the CPU and writes every prunable weight after each step count to OUT/step-K.bin (float32; K=0: before). Run it in
 * two JVMs with different PyTorch thread counts (other reduction orders, so float32 rounding differs as it does
 * between devices) and compare with bench/conditioning.sh. Args: architecture (resnet18), steps (3), OUT.
 */
public final class ConditioningBench {
  private ConditioningBench() {}

  public static void main(String[] args) throws IOException {
    String archName = args.length > 0 ? args[0] : "resnet18";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path out = Path.of(args.length > 2 ? args[2] : "target/conditioning");
    Files.createDirectories(out);
    boolean rgb = !archName.equals("fmnist-cnn");
    int channels = rgb ? 3 : 1;
    int side = rgb ? 32 : 28;
    long seed = 1;
    Architecture arch = Architecture.of(archName, 10);
    ImageSet train = SyntheticImages.generate(128 * steps, channels, side, side, 10, seed, seed);
    float[] mean = new float[channels];
    float[] std = new float[channels];
    java.util.Arrays.fill(mean, 0.5f);
    java.util.Arrays.fill(std, 0.3f);
    Preprocessing prep = new Preprocessing(mean, std, 0, false);
    NetworkState init = NetworkSession.initial(archName, 10, channels, side, side, seed);
    GeneratorInput input = new GeneratorInput(Networks.build(arch, channels, side, side), List.of());
    NetworkState state = init.withMasks("erk", new ErkGenerator().generate(input, 0.98, seed + 7));
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, 128, 1000, List.of(), 0.1f, seed);
    for (int k = 0; k <= steps; k++) {
      try (NetworkSession session = NetworkSession.open(state);
          MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, session.masks())) {
        double loss = k == 0 ? Double.NaN : trainer.trainEpoch(ImageBatches.training(train, prep, 128, seed), 0, k, null);
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(out.resolve("step-" + k + ".bin")))) {
          for (String name : arch.layerNames()) {
            for (float w : session.network().weights(name)) {
              o.writeFloat(w);
            }
          }
        }
        System.out.printf(java.util.Locale.ROOT, "%s: %d step(s), mean loss %.6f%n", archName, k, loss);
      }
    }
  }
}
