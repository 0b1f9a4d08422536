package io.fullspectrum.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.dataset.Batch;
import io.fullspectrum.generators.ErkGenerator;
import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.Devices;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.Networks;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.data.SyntheticImages;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.schemas.NetworkState;
import java.util.List;

/** Where a GPU step's time goes: batch creation alone, trainBatch on one resident batch, trainEpoch; cuDNN benchmark off/on. */
public final class StepProfile {
  public static void main(String[] args) {
    String arch = args.length > 0 ? args[0] : "resnet18";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    boolean grey = arch.equals("fmnist-cnn");
    int c = grey ? 1 : 3, side = grey ? 28 : 32, batch = 128;
    ImageSet train = SyntheticImages.generate(batch * steps, c, side, side, 10, 1, 1);
    float[] mean = new float[c], std = new float[c];
    java.util.Arrays.fill(mean, 0.5f);
    java.util.Arrays.fill(std, 0.3f);
    Preprocessing prep = new Preprocessing(mean, std, 4, true);
    NetworkState init = NetworkSession.initial(arch, 10, c, side, side, 1);
    GeneratorInput input = new GeneratorInput(Networks.build(Architecture.of(arch, 10), c, side, side), List.of());
    NetworkState state = init.withMasks("erk", new ErkGenerator().generate(input, 0.98, 8));
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, batch, 1000, List.of(), 0.1f, 1);
    Device gpu = Devices.named("gpu");
    for (boolean bench : new boolean[] {false, true}) {
      JniUtils.setBenchmarkCuDNN(bench);
      try (NetworkSession session = NetworkSession.open(state, gpu);
          MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, session.masks())) {
        ImageBatches data = ImageBatches.training(train, prep, batch, 1);
        trainer.trainEpoch(data, 0, 20, null);
        for (int rep = 0; rep < 2; rep++) {
          long t0 = System.nanoTime();
          trainer.trainEpoch(data, 1 + rep, -1, null);
          double epochMs = (System.nanoTime() - t0) / 1e6 / data.batchesPerEpoch();
          System.out.printf("PROFILE %s cudnn.benchmark=%s rep %d: trainEpoch %.2f ms/step = %.1f steps/s%n", arch,
              bench, rep, epochMs, 1000 / epochMs);
        }
      }
    }
  }
}
